import { and, desc, eq, or, sql as raw } from 'drizzle-orm';
import { MAX_QUERY_ROWS, QUERY_TIME_LIMIT_MS, type QueryResult, type QuerySource, type StoredQuery } from '../../../../src-shared/analytics-ask';
import { AppError } from '../../../../src-shared/errors';
import type { Accounts } from '../../accounts/accounts';
import { analyticsQueries } from '../../db/schema/analytics-queries';
import type { AiProviders } from '../../generate/providers';
import type { Clock } from '../../platform/clock';
import type { IdGenerator } from '../../platform/ids';
import { createLogger } from '../../platform/logger';
import type { Workspaces } from '../../workspace/workspaces';
import { askMessages, extractSql } from './prompt';
import { runReadOnly } from './run-readonly';
import { readViewColumns, Refusal, ShadowSchema } from './sql-guard';

const log = createLogger('analytics-ask');
type Row = typeof analyticsQueries.$inferSelect;

export interface AskDataDeps {
  workspaces: Pick<Workspaces, 'db'>;
  accounts: Pick<Accounts, 'list'>;
  providers: Pick<AiProviders, 'open' | 'list'>;
  clock: Clock;
  ids: IdGenerator;
  maxRows?: number;
  timeLimitMs?: number;
  /** Electron's build of better-sqlite3, for the shadow and the query process. */
  nativeBinding?: string | undefined;
}

/** "Ask your data": questions to SQL through the AI provider, checked and run read-only, kept in a history. */
export class AskData {
  constructor(private readonly deps: AskDataDeps) {}

  /** The model writes the SQL; whatever it writes goes through the same checks as typed SQL. */
  async ask(workspaceId: string, question: string, providerName?: string, signal?: AbortSignal): Promise<QueryResult> {
    const { info, provider } = await this.deps.providers.open(workspaceId, this.providerOf(workspaceId, providerName)); // local-only is enforced here
    const db = this.deps.workspaces.db(workspaceId);
    const views = readViewColumns(db.sqlite);
    const platforms = [...new Set(this.deps.accounts.list(workspaceId).map((a) => a.platform))].sort();
    const started = Date.now();
    const answer = await provider.chat(
      { model: info.textModel, messages: askMessages(question, views, this.deps.clock.now().toISOString().slice(0, 10), platforms), temperature: 0 },
      signal ? { signal } : {},
    );
    const text = answer.refusal ?? answer.text;
    const sql = answer.refusal ? null : extractSql(answer.text);
    if (sql === null) {
      const shown = text.trim().slice(0, 500) || '(an empty answer)';
      return this.record(workspaceId, { question, sql: null, source: 'ask', providerName: info.name, started }, { refused: `The model did not answer with a query: ${shown}` });
    }
    return this.execute(workspaceId, { question, sql, source: 'ask', providerName: info.name, started });
  }

  /** SQL typed or edited by the user: the same checks as the model's. */
  runSql(workspaceId: string, sql: string, question?: string | null): Promise<QueryResult> {
    return this.execute(workspaceId, { question: question ?? null, sql: sql.trim().replace(/;\s*$/, ''), source: 'sql', providerName: null, started: Date.now() });
  }

  /** Runs a stored query's SQL again, as a new history entry. */
  rerun(workspaceId: string, id: string): Promise<QueryResult> {
    const row = this.row(workspaceId, id);
    if (!row.sql) throw new AppError('ValidationError', `Query ${id} has no SQL to run (the model answered no query). Ask the question again instead.`);
    return this.execute(workspaceId, { question: row.question, sql: row.sql, source: 'rerun', providerName: row.providerName, started: Date.now() });
  }

  history(workspaceId: string, filter: { search?: string; pinned?: boolean; limit?: number } = {}): StoredQuery[] {
    const conditions = [];
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conditions.push(or(raw`${analyticsQueries.question} LIKE ${pattern} ESCAPE '\\'`, raw`${analyticsQueries.sql} LIKE ${pattern} ESCAPE '\\'`));
    }
    if (filter.pinned !== undefined) conditions.push(eq(analyticsQueries.pinned, filter.pinned ? 1 : 0));
    const query = this.deps.workspaces.db(workspaceId).orm.select().from(analyticsQueries);
    return (conditions.length ? query.where(and(...conditions)) : query)
      .orderBy(desc(analyticsQueries.ranAt), raw`rowid DESC`)
      .limit(filter.limit ?? 200)
      .all()
      .map(toStored);
  }

  pin(workspaceId: string, id: string, pinned: boolean): StoredQuery {
    const row = this.row(workspaceId, id);
    if (pinned && (row.state !== 'answered' || !row.sql)) throw new AppError('ValidationError', `Query ${id} was refused; only a query that ran can be pinned. Fix its SQL and run it first.`);
    this.deps.workspaces.db(workspaceId).write((orm) => orm.update(analyticsQueries).set({ pinned: pinned ? 1 : 0 }).where(eq(analyticsQueries.id, id)).run());
    return toStored({ ...row, pinned: pinned ? 1 : 0 });
  }

  /** The pinned queries with their latest result, run now (read-only) without adding history entries. */
  async pinnedResults(workspaceId: string): Promise<QueryResult[]> {
    // Side by side: each runs in its own process, and most of a run is that process starting.
    return Promise.all(
      this.history(workspaceId, { pinned: true }).map(async (query): Promise<QueryResult> => {
        const outcome = await this.check(workspaceId, query.sql!);
        if (outcome.ok) return { query: { ...query, rowCount: outcome.rowCount, truncated: outcome.truncated }, columns: outcome.columns, rows: outcome.rows, truncated: outcome.truncated };
        return { query: { ...query, state: 'refused', message: outcome.message, rowCount: null }, columns: [], rows: [], truncated: false };
      }),
    );
  }

  private async execute(workspaceId: string, q: Draft): Promise<QueryResult> {
    const outcome = await this.check(workspaceId, q.sql!);
    if (!outcome.ok) return this.record(workspaceId, q, { refused: outcome.message });
    return this.record(workspaceId, q, { columns: outcome.columns, rows: outcome.rows, truncated: outcome.truncated });
  }

  /** Checks on the shadow schema, then runs on a separate read-only connection with row and time limits. */
  private async check(workspaceId: string, sql: string) {
    const db = this.deps.workspaces.db(workspaceId);
    const shadow = new ShadowSchema(readViewColumns(db.sqlite), this.deps.nativeBinding);
    try {
      shadow.check(sql);
    } catch (error) {
      if (error instanceof Refusal) return { ok: false as const, message: error.message };
      throw error;
    } finally {
      shadow.close();
    }
    const limit = this.deps.timeLimitMs ?? QUERY_TIME_LIMIT_MS;
    const outcome = await runReadOnly(db.sqlite.name, sql, { maxRows: this.deps.maxRows ?? MAX_QUERY_ROWS, timeoutMs: limit, nativeBinding: this.deps.nativeBinding });
    if (outcome.ok) return outcome;
    if (outcome.reason !== 'error') return { ok: false as const, message: `${outcome.message} Narrow it down (a date range, a LIMIT, no runaway WITH RECURSIVE) and run it again.` };
    return { ok: false as const, message: `SQLite refused the query: ${outcome.message}. Fix the SQL and run it again.` };
  }

  private record(workspaceId: string, q: Draft, result: { refused: string } | { columns: string[]; rows: QueryResult['rows']; truncated: boolean }): QueryResult {
    const refused = 'refused' in result;
    const row: Row = {
      id: this.deps.ids('aq'),
      question: q.question,
      sql: q.sql,
      source: q.source,
      state: refused ? 'refused' : 'answered',
      message: refused ? result.refused : null,
      rowCount: refused ? null : result.rows.length,
      truncated: !refused && result.truncated ? 1 : 0,
      providerName: q.providerName,
      ranAt: this.deps.clock.now().toISOString(),
      durationMs: Date.now() - q.started,
      pinned: 0,
    };
    this.deps.workspaces.db(workspaceId).write((orm) => orm.insert(analyticsQueries).values(row).run());
    if (refused) log.info('query refused', { workspaceId, id: row.id, source: q.source });
    return { query: toStored(row), columns: refused ? [] : result.columns, rows: refused ? [] : result.rows, truncated: !refused && result.truncated };
  }

  private providerOf(workspaceId: string, name?: string): string {
    if (name) return name;
    const all = this.deps.providers.list(workspaceId);
    if (all.length === 1) return all[0]!.id;
    if (all.length === 0) throw new AppError('ValidationError', 'There is no AI provider in this workspace to write the query. Add one with `promogpt provider add NAME --base-url URL --model MODEL` or in Settings → AI, or type the SQL yourself.');
    throw new AppError('ValidationError', `This workspace has ${all.length} AI providers (${all.map((p) => p.name).join(', ')}): say which one writes the query (--provider NAME).`);
  }

  private row(workspaceId: string, id: string): Row {
    const row = this.deps.workspaces.db(workspaceId).orm.select().from(analyticsQueries).where(eq(analyticsQueries.id, id)).get();
    if (!row) throw new AppError('NotFound', `There is no query ${id} in the history. See them with \`promogpt analytics history\`.`);
    return row;
  }
}

interface Draft {
  question: string | null;
  sql: string | null;
  source: QuerySource;
  providerName: string | null;
  started: number;
}

function toStored(row: Row): StoredQuery {
  return {
    id: row.id,
    question: row.question,
    sql: row.sql,
    source: row.source as QuerySource,
    state: row.state as StoredQuery['state'],
    message: row.message,
    rowCount: row.rowCount,
    truncated: row.truncated === 1,
    providerName: row.providerName,
    ranAt: row.ranAt,
    durationMs: row.durationMs,
    pinned: row.pinned === 1,
  };
}
