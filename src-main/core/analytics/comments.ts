import type Database from 'better-sqlite3';
import type { Sentiment, SentimentPoint, StoredComment } from '../../../src-shared/analytics';

export interface CommentFilter {
  /** A post id, or one of its per-account target ids. */
  postId?: string;
  accountId?: string;
  sentiment?: Sentiment;
  limit?: number;
}

const list = (byAccount: boolean) => `SELECT c.remote_id AS id, c.target_id AS targetId, t.post_id AS postId, c.account_id AS accountId, a.platform AS platform,
  c.author_handle AS authorHandle, c.author_name AS authorName, c.text AS text, c.url AS url, c.created_at AS createdAt,
  c.sentiment AS sentiment, c.sentiment_score AS sentimentScore,
  CASE WHEN s.text = c.text AND s.sentiment IS NOT NULL THEN 'ai' ELSE 'lexicon' END AS sentimentSource,
  CASE WHEN s.text = c.text THEN s.sentiment END AS aiSentiment, CASE WHEN s.text = c.text THEN s.score END AS aiScore,
  s.provider_name AS aiProvider, s.model AS aiModel, s.scored_at AS aiScoredAt,
  CASE WHEN s.text = c.text THEN s.note WHEN s.remote_id IS NOT NULL THEN 'the text changed after the AI labelled it' END AS aiNote
FROM post_comments c JOIN accounts a ON a.id = c.account_id LEFT JOIN post_targets t ON t.id = c.target_id
  LEFT JOIN comment_ai_sentiment s ON s.account_id = c.account_id AND s.remote_id = c.remote_id
WHERE (@postId IS NULL OR c.target_id = @postId OR c.target_id IN (SELECT id FROM post_targets WHERE post_id = @postId))
  AND ${byAccount ? 'c.account_id = @accountId' : '@accountId IS NULL'} AND (@sentiment IS NULL OR c.sentiment = @sentiment)
ORDER BY c.sentiment_score ASC, c.created_at DESC LIMIT @limit`;

/** Stored replies, most negative first (by the lexicon score), each with the AI's label beside it where there is one. */
export function listComments(db: Database.Database, filter: CommentFilter): StoredComment[] {
  return db.prepare(list(filter.accountId !== undefined)).all({ postId: filter.postId ?? null, accountId: filter.accountId ?? null, sentiment: filter.sentiment ?? null, limit: filter.limit ?? 200 }) as StoredComment[];
}

/** Replies per day by sentiment, for one account or post (or all). */
export function sentimentByDay(db: Database.Database, from: string, filter: Pick<CommentFilter, 'postId' | 'accountId'>): SentimentPoint[] {
  return db
    .prepare(
      `SELECT substr(c.created_at, 1, 10) AS day, sum(c.sentiment = 'positive') AS positive, sum(c.sentiment = 'neutral') AS neutral,
         sum(c.sentiment = 'negative') AS negative, round(avg(c.sentiment_score), 2) AS averageScore
       FROM post_comments c WHERE c.created_at >= @from
         AND (@postId IS NULL OR c.target_id = @postId OR c.target_id IN (SELECT id FROM post_targets WHERE post_id = @postId))
         AND ${filter.accountId ? 'c.account_id = @accountId' : '@accountId IS NULL'}
       GROUP BY day ORDER BY day`,
    )
    .all({ from, postId: filter.postId ?? null, accountId: filter.accountId ?? null }) as SentimentPoint[];
}
