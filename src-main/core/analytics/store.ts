import type Database from 'better-sqlite3';
import type { MetricValues, RemoteComment } from '../connectors/types';
import { sentimentOf } from './sentiment';

/** One post's numbers at one moment, ready to store. */
export interface PostSnapshotRow {
  targetId: string;
  accountId: string;
  publishedAt: string;
  takenAt: string;
  values: MetricValues;
}

const num = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : null);

const SNAPSHOT_COLUMNS = '(target_id, account_id, taken_at, impressions, likes, reposts, replies, quotes, bookmarks)';
const LATEST_COLUMNS = '(target_id, account_id, published_at, taken_at, impressions, likes, reposts, replies, quotes, bookmarks, engagements)';
const values = (rows: number, params: number) => Array.from({ length: rows }, () => `(${new Array(params).fill('?').join(', ')})`).join(', ');
/**
 * Rows per statement. Binding one multi-row INSERT costs about what one single-row run() does,
 * so a sync of thousands of posts makes a few dozen calls into SQLite rather than thousands.
 */
export const ROWS_PER_STATEMENT = 64;

function statementsFor(sqlite: Database.Database) {
  const snapshots = (n: number) => sqlite.prepare(`INSERT INTO post_metric_snapshots ${SNAPSHOT_COLUMNS} VALUES ${values(n, 9)}`);
  // Only a newer pull replaces the latest numbers: a late, slow sync never rolls them back.
  const latest = (n: number) =>
    sqlite.prepare(
      `INSERT INTO post_metrics_latest ${LATEST_COLUMNS} VALUES ${values(n, 11)}
       ON CONFLICT (target_id) DO UPDATE SET taken_at = excluded.taken_at, impressions = excluded.impressions, likes = excluded.likes,
         reposts = excluded.reposts, replies = excluded.replies, quotes = excluded.quotes, bookmarks = excluded.bookmarks, engagements = excluded.engagements
       WHERE excluded.taken_at >= post_metrics_latest.taken_at`,
    );
  const sized = <T>(make: (n: number) => T) => {
    const byRows = new Map<number, T>();
    return (n: number) => {
      let st = byRows.get(n);
      if (!st) byRows.set(n, (st = make(n)));
      return st;
    };
  };
  return {
    account: sqlite.prepare(
      'INSERT INTO account_metric_snapshots (account_id, taken_at, followers, following, posts) VALUES (?, ?, ?, ?, ?)',
    ),
    snapshots: sized(snapshots),
    latest: sized(latest),
    comment: sqlite.prepare(
      `INSERT INTO post_comments (target_id, account_id, remote_id, url, author_handle, author_name, text, created_at, fetched_at, sentiment, sentiment_score)
       VALUES (@targetId, @accountId, @remoteId, @url, @authorHandle, @authorName, @text, @createdAt, @fetchedAt, @sentiment, @sentimentScore)
       ON CONFLICT (account_id, remote_id) DO UPDATE SET text = excluded.text, fetched_at = excluded.fetched_at,
         sentiment = excluded.sentiment, sentiment_score = excluded.sentiment_score`,
    ),
  };
}

const CACHE_KIB = 64 * 1024;
const sized = new WeakSet<Database.Database>();

/**
 * Dashboards read a few thousand scattered rows of tables that grow to hundreds of MB, and a
 * sync updates scattered index pages; with SQLite's default 2 MB page cache each of those is a
 * trip to the OS. 64 MB keeps them warm. Set once per connection.
 */
export function withAnalyticsCache(sqlite: Database.Database): Database.Database {
  if (!sized.has(sqlite)) {
    sqlite.pragma(`cache_size = -${CACHE_KIB}`);
    sized.add(sqlite);
  }
  return sqlite;
}

const cache = new WeakMap<Database.Database, ReturnType<typeof statementsFor>>();
function statements(sqlite: Database.Database) {
  let s = cache.get(sqlite);
  if (!s) cache.set(sqlite, (s = statementsFor(withAnalyticsCache(sqlite))));
  return s;
}

/** Prepared inserts, no ORM per row: a sync of thousands of posts is one short transaction. */
export function insertAccountSnapshot(sqlite: Database.Database, accountId: string, takenAt: string, values: MetricValues): void {
  statements(sqlite).account.run(accountId, takenAt, num(values.followers), num(values.following), num(values.posts));
}

/** Runs `insert(n)` over `params` (row-major, `width` per row) in statements of at most ROWS_PER_STATEMENT rows. */
function inChunks(params: unknown[], width: number, insert: (rows: number) => Database.Statement): void {
  const rows = params.length / width;
  for (let i = 0; i < rows; i += ROWS_PER_STATEMENT) {
    const n = Math.min(ROWS_PER_STATEMENT, rows - i);
    insert(n).run(n === rows ? params : params.slice(i * width, (i + n) * width));
  }
}

const byIndexOrder = (a: PostSnapshotRow, b: PostSnapshotRow) =>
  a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.takenAt < b.takenAt ? -1 : a.takenAt > b.takenAt ? 1 : a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0;

/**
 * Stores each post's snapshot and moves its latest numbers; call inside one write transaction.
 * Every snapshot is kept; the latest numbers are written once per post per batch, from its
 * newest snapshot (a batch may hold several pulls of one post, in any order).
 */
export function insertPostSnapshots(sqlite: Database.Database, rows: PostSnapshotRow[]): void {
  if (rows.length === 0) return;
  const s = statements(sqlite);
  const snapshots: unknown[] = [];
  const newest = new Map<string, PostSnapshotRow>();
  // In the history index's order, so each row lands beside the one before it (see the schema).
  const ordered = [...rows].sort(byIndexOrder);
  for (const r of ordered) {
    const v = r.values;
    snapshots.push(r.targetId, r.accountId, r.takenAt, num(v.impressions), num(v.likes), num(v.reposts), num(v.replies), num(v.quotes), num(v.bookmarks));
    const seen = newest.get(r.targetId);
    // Same moment twice: the later row of the batch wins, as a second single-row write would.
    if (!seen || r.takenAt >= seen.takenAt) newest.set(r.targetId, r);
  }
  inChunks(snapshots, 9, s.snapshots);
  const latest: unknown[] = [];
  for (const r of newest.values()) {
    const v = r.values;
    const likes = num(v.likes) ?? 0;
    const reposts = num(v.reposts) ?? 0;
    const replies = num(v.replies) ?? 0;
    const quotes = num(v.quotes) ?? 0;
    const bookmarks = num(v.bookmarks) ?? 0;
    latest.push(r.targetId, r.accountId, r.publishedAt, r.takenAt, num(v.impressions), likes, reposts, replies, quotes, bookmarks, likes + reposts + replies + quotes + bookmarks);
  }
  inChunks(latest, 11, s.latest);
}

/** Stores replies (a reply seen again is updated, never duplicated), each with its sentiment. */
export function upsertComments(sqlite: Database.Database, targetId: string, accountId: string, fetchedAt: string, comments: RemoteComment[]): void {
  const s = statements(sqlite);
  for (const c of comments) {
    const { sentiment, score } = sentimentOf(c.text);
    s.comment.run({
      targetId,
      accountId,
      remoteId: c.id,
      url: c.url,
      authorHandle: c.authorHandle,
      authorName: c.authorName ?? null,
      text: c.text,
      createdAt: c.createdAt,
      fetchedAt,
      sentiment,
      sentimentScore: score,
    });
  }
}
