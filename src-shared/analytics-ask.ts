// "Ask your data": a question turned into one read-only SQL query over the analytics views.

/** `answered`: the query ran; `refused`: it was not run (not a query, not allowed, too slow, failed). */
export type QueryState = 'answered' | 'refused';
/** Where the SQL came from: the AI provider, the user's own (edited) SQL, or a re-run of a stored query. */
export type QuerySource = 'ask' | 'sql' | 'rerun';

/** One entry of the query history. */
export interface StoredQuery {
  id: string;
  /** The question in the user's words; null for SQL typed by hand without one. */
  question: string | null;
  /** The SQL that was (or would have been) run; null when the model answered no query. */
  sql: string | null;
  source: QuerySource;
  state: QueryState;
  /** Why it was refused, and what to do. */
  message: string | null;
  /** Rows returned (at most MAX_QUERY_ROWS), null when refused. */
  rowCount: number | null;
  truncated: boolean;
  providerName: string | null;
  ranAt: string;
  durationMs: number;
  pinned: boolean;
}

export type Cell = string | number | null;

/** A query with its rows (empty when refused). */
export interface QueryResult {
  query: StoredQuery;
  columns: string[];
  rows: Cell[][];
  /** True when more rows came than the limit; `rows` holds the first ones. */
  truncated: boolean;
}

export const MAX_QUERY_ROWS = 1000;
export const QUERY_TIME_LIMIT_MS = 5000;
