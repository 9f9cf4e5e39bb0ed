import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The "ask your data" query history: every question, its SQL, when it ran, how many rows (or why it was refused). */
export const analyticsQueries = sqliteTable(
  'analytics_queries',
  {
    id: text('id').primaryKey(),
    question: text('question'),
    sql: text('sql'),
    /** 'ask' | 'sql' | 'rerun'. */
    source: text('source').notNull(),
    /** 'answered' | 'refused'. */
    state: text('state').notNull(),
    message: text('message'),
    rowCount: integer('row_count'),
    truncated: integer('truncated').notNull().default(0),
    providerName: text('provider_name'),
    ranAt: text('ran_at').notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** 1 when shown on the Analytics dashboard with its latest result. */
    pinned: integer('pinned').notNull().default(0),
  },
  (t) => [index('analytics_queries_ran_at').on(t.ranAt)],
);
