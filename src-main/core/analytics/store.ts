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

function statementsFor(sqlite: Database.Database) {
  return {
    account: sqlite.prepare(
      'INSERT INTO account_metric_snapshots (account_id, taken_at, followers, following, posts) VALUES (?, ?, ?, ?, ?)',
    ),
    post: sqlite.prepare(
      'INSERT INTO post_metric_snapshots (target_id, account_id, taken_at, impressions, likes, reposts, replies, quotes, bookmarks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    // Only a newer pull replaces the latest numbers: a late, slow sync never rolls them back.
    latest: sqlite.prepare(
      `INSERT INTO post_metrics_latest (target_id, account_id, published_at, taken_at, impressions, likes, reposts, replies, quotes, bookmarks, engagements)
       VALUES (@targetId, @accountId, @publishedAt, @takenAt, @impressions, @likes, @reposts, @replies, @quotes, @bookmarks, @engagements)
       ON CONFLICT (target_id) DO UPDATE SET taken_at = excluded.taken_at, impressions = excluded.impressions, likes = excluded.likes,
         reposts = excluded.reposts, replies = excluded.replies, quotes = excluded.quotes, bookmarks = excluded.bookmarks, engagements = excluded.engagements
       WHERE excluded.taken_at >= post_metrics_latest.taken_at`,
    ),
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

/** Stores each post's snapshot and moves its latest numbers; call inside one write transaction. */
export function insertPostSnapshots(sqlite: Database.Database, rows: PostSnapshotRow[]): void {
  const s = statements(sqlite);
  for (const r of rows) {
    const v = r.values;
    const likes = num(v.likes) ?? 0;
    const reposts = num(v.reposts) ?? 0;
    const replies = num(v.replies) ?? 0;
    const quotes = num(v.quotes) ?? 0;
    const bookmarks = num(v.bookmarks) ?? 0;
    s.post.run(r.targetId, r.accountId, r.takenAt, num(v.impressions), num(v.likes), num(v.reposts), num(v.replies), num(v.quotes), num(v.bookmarks));
    s.latest.run({
      targetId: r.targetId,
      accountId: r.accountId,
      publishedAt: r.publishedAt,
      takenAt: r.takenAt,
      impressions: num(v.impressions),
      likes,
      reposts,
      replies,
      quotes,
      bookmarks,
      engagements: likes + reposts + replies + quotes + bookmarks,
    });
  }
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
