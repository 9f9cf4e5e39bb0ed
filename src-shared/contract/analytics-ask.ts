import { z } from 'zod';
import type { QueryResult, StoredQuery } from '../analytics-ask';
import { entityId, method } from './define';

const ws = { workspaceId: entityId };
const sqlText = z.string().trim().min(1, 'the SQL is empty').max(20_000, 'the SQL is too long (at most 20,000 characters)');

export const analyticsAskContract = {
  /** The AI provider writes one SQL query for the question; it is checked, run read-only and kept in the history. A refusal is an answer with state "refused". */
  'analytics.ask': method(
    z.strictObject({ ...ws, question: z.string().trim().min(1, 'ask a question').max(2000, 'the question is too long (at most 2,000 characters)'), provider: z.string().min(1).max(100).optional() }),
  ).returns<QueryResult>(),
  /** The user's own or edited SQL, through the same checks. */
  'analytics.runSql': method(z.strictObject({ ...ws, sql: sqlText, question: z.string().max(2000).nullable().optional() })).returns<QueryResult>(),
  'analytics.history': method(
    z.strictObject({ ...ws, search: z.string().max(200).optional(), pinned: z.boolean().optional(), limit: z.number().int().min(1).max(1000).optional() }),
  ).returns<StoredQuery[]>(),
  'analytics.rerun': method(z.strictObject({ ...ws, id: entityId })).returns<QueryResult>(),
  'analytics.pin': method(z.strictObject({ ...ws, id: entityId, pinned: z.boolean().default(true) })).returns<StoredQuery>(),
  /** Pinned queries with their latest result (run now). */
  'analytics.pinned': method(z.strictObject(ws)).returns<QueryResult[]>(),
};
