import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, text, integer, real, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * One pull of an account's own numbers (followers, following, posts). Never updated: every
 * number has a history. Keyed for "this account over time" and "all accounts in a period".
 */
export const accountMetricSnapshots = sqliteTable(
  'account_metric_snapshots',
  {
    id: integer('id').primaryKey(),
    accountId: text('account_id').notNull(),
    takenAt: text('taken_at').notNull(),
    followers: integer('followers'),
    following: integer('following'),
    posts: integer('posts'),
  },
  (t) => [index('account_metric_snapshots_account_time').on(t.accountId, t.takenAt), index('account_metric_snapshots_time').on(t.takenAt, t.accountId, t.followers)],
);

/**
 * One pull of one published post's numbers. A platform that does not report a number leaves it null.
 * Keyed account, then time: a sync writes one account's posts at one moment in one transaction, so
 * its rows land side by side at the end of that account's range (a few pages), where a key that
 * starts with the post would scatter them over one page per post across the whole history. The
 * key stays short (no post id) so those pages hold more rows; a post's history is its account's
 * range read in time order.
 */
export const postMetricSnapshots = sqliteTable(
  'post_metric_snapshots',
  {
    id: integer('id').primaryKey(),
    targetId: text('target_id').notNull(),
    accountId: text('account_id').notNull(),
    takenAt: text('taken_at').notNull(),
    impressions: integer('impressions'),
    likes: integer('likes'),
    reposts: integer('reposts'),
    replies: integer('replies'),
    quotes: integer('quotes'),
    bookmarks: integer('bookmarks'),
  },
  (t) => [index('post_metric_snapshots_account_time').on(t.accountId, t.takenAt)],
);

/**
 * The newest snapshot of each published post, beside its publish time: what dashboards and
 * insights read, so they never scan the history. Written in the same transaction as the snapshot.
 */
export const postMetricsLatest = sqliteTable(
  'post_metrics_latest',
  {
    targetId: text('target_id').primaryKey(),
    accountId: text('account_id').notNull(),
    publishedAt: text('published_at').notNull(),
    takenAt: text('taken_at').notNull(),
    impressions: integer('impressions'),
    likes: integer('likes').notNull().default(0),
    reposts: integer('reposts').notNull().default(0),
    replies: integer('replies').notNull().default(0),
    quotes: integer('quotes').notNull().default(0),
    bookmarks: integer('bookmarks').notNull().default(0),
    /** likes + reposts + replies + quotes + bookmarks. */
    engagements: integer('engagements').notNull().default(0),
  },
  (t) => [
    // Covering, account first: a period's totals, per day and per platform, its top posts and best
    // times are read from this index alone (all accounts: one range per account). Account first
    // because a sync writes one account's posts per transaction: their entries sit together, so
    // moving their numbers rewrites a few pages, not one page per post across the whole index.
    index('post_metrics_latest_account_period').on(t.accountId, t.publishedAt, t.engagements, t.impressions, t.likes, t.reposts, t.replies, t.quotes, t.bookmarks),
  ],
);

/** How each account's last metrics sync went, and until when a rate limit makes it wait. */
export const analyticsSyncState = sqliteTable('analytics_sync_state', {
  accountId: text('account_id').primaryKey(),
  lastAttemptAt: text('last_attempt_at'),
  lastSuccessAt: text('last_success_at'),
  lastErrorName: text('last_error_name'),
  lastErrorMessage: text('last_error_message'),
  /** A 429's reset: no call for this account before then. */
  waitUntil: text('wait_until'),
});

/** Replies to published posts, with a sentiment computed on this machine (wink-sentiment). */
export const postComments = sqliteTable(
  'post_comments',
  {
    id: integer('id').primaryKey(),
    targetId: text('target_id').notNull(),
    accountId: text('account_id').notNull(),
    remoteId: text('remote_id').notNull(),
    url: text('url').notNull(),
    authorHandle: text('author_handle').notNull(),
    authorName: text('author_name'),
    text: text('text').notNull(),
    createdAt: text('created_at').notNull(),
    fetchedAt: text('fetched_at').notNull(),
    /** positive | neutral | negative */
    sentiment: text('sentiment').notNull(),
    /** wink-sentiment's normalised score: below 0 negative, above 0 positive. */
    sentimentScore: real('sentiment_score').notNull(),
  },
  (t) => [
    uniqueIndex('post_comments_account_remote').on(t.accountId, t.remoteId),
    index('post_comments_target_created').on(t.targetId, t.createdAt),
    index('post_comments_account_created').on(t.accountId, t.createdAt),
  ],
);

// Read-only views for reporting and the coming "ask your data" (docs/analytics-views.md).

/** Every published post with what it was (platform, length, media, link, hashtags) and its newest numbers. */
export const analyticsPostsView = sqliteView('analytics_posts', {
  targetId: text('target_id'),
  postId: text('post_id'),
  accountId: text('account_id'),
  platform: text('platform'),
  handle: text('handle'),
  publishedAt: text('published_at'),
  url: text('url'),
  text: text('text'),
  textLength: integer('text_length'),
  mediaCount: integer('media_count'),
  mediaKind: text('media_kind'),
  hasLink: integer('has_link'),
  hasHashtags: integer('has_hashtags'),
  impressions: integer('impressions'),
  likes: integer('likes'),
  reposts: integer('reposts'),
  replies: integer('replies'),
  quotes: integer('quotes'),
  bookmarks: integer('bookmarks'),
  engagements: integer('engagements'),
  metricsTakenAt: text('metrics_taken_at'),
}).as(
  sql`SELECT t.id AS target_id, t.post_id AS post_id, t.account_id AS account_id, a.platform AS platform, a.handle AS handle,
  t.published_at AS published_at, t.remote_url AS url, json_extract(t.variant, '$.text') AS text,
  length(json_extract(t.variant, '$.text')) AS text_length,
  coalesce(json_array_length(t.variant, '$.media'), 0) AS media_count,
  CASE WHEN coalesce(json_array_length(t.variant, '$.media'), 0) = 0 THEN 'none'
       WHEN json_extract(t.variant, '$.media[0].mimeType') LIKE 'video/%' THEN 'video' ELSE 'image' END AS media_kind,
  (json_extract(t.variant, '$.text') LIKE '%http://%' OR json_extract(t.variant, '$.text') LIKE '%https://%') AS has_link,
  (json_extract(t.variant, '$.text') GLOB '*#[A-Za-z0-9]*') AS has_hashtags,
  m.impressions AS impressions, coalesce(m.likes, 0) AS likes, coalesce(m.reposts, 0) AS reposts, coalesce(m.replies, 0) AS replies,
  coalesce(m.quotes, 0) AS quotes, coalesce(m.bookmarks, 0) AS bookmarks, coalesce(m.engagements, 0) AS engagements, m.taken_at AS metrics_taken_at
FROM post_targets t JOIN accounts a ON a.id = t.account_id LEFT JOIN post_metrics_latest m ON m.target_id = t.id
WHERE t.state = 'published'`,
);

/** Every pull of every post's numbers (the history behind analytics_posts). */
export const analyticsPostMetricsView = sqliteView('analytics_post_metrics', {
  targetId: text('target_id'),
  accountId: text('account_id'),
  platform: text('platform'),
  takenAt: text('taken_at'),
  impressions: integer('impressions'),
  likes: integer('likes'),
  reposts: integer('reposts'),
  replies: integer('replies'),
  quotes: integer('quotes'),
  bookmarks: integer('bookmarks'),
}).as(
  sql`SELECT s.target_id AS target_id, s.account_id AS account_id, a.platform AS platform, s.taken_at AS taken_at, s.impressions AS impressions,
  s.likes AS likes, s.reposts AS reposts, s.replies AS replies, s.quotes AS quotes, s.bookmarks AS bookmarks
FROM post_metric_snapshots s JOIN accounts a ON a.id = s.account_id`,
);

/** Every pull of every account's followers, following and post count. */
export const analyticsAccountMetricsView = sqliteView('analytics_account_metrics', {
  accountId: text('account_id'),
  platform: text('platform'),
  handle: text('handle'),
  takenAt: text('taken_at'),
  followers: integer('followers'),
  following: integer('following'),
  posts: integer('posts'),
}).as(
  sql`SELECT s.account_id AS account_id, a.platform AS platform, a.handle AS handle, s.taken_at AS taken_at, s.followers AS followers,
  s.following AS following, s.posts AS posts
FROM account_metric_snapshots s JOIN accounts a ON a.id = s.account_id`,
);

/** Every stored reply with its sentiment and the post it answers. */
export const analyticsCommentsView = sqliteView('analytics_comments', {
  commentId: text('comment_id'),
  targetId: text('target_id'),
  postId: text('post_id'),
  accountId: text('account_id'),
  platform: text('platform'),
  authorHandle: text('author_handle'),
  text: text('text'),
  createdAt: text('created_at'),
  sentiment: text('sentiment'),
  sentimentScore: real('sentiment_score'),
  url: text('url'),
}).as(
  sql`SELECT c.remote_id AS comment_id, c.target_id AS target_id, t.post_id AS post_id, c.account_id AS account_id, a.platform AS platform,
  c.author_handle AS author_handle, c.text AS text, c.created_at AS created_at, c.sentiment AS sentiment, c.sentiment_score AS sentiment_score, c.url AS url
FROM post_comments c JOIN accounts a ON a.id = c.account_id LEFT JOIN post_targets t ON t.id = c.target_id`,
);
