import type Database from 'better-sqlite3';
import type { Sentiment, SentimentPoint, StoredComment } from '../../../src-shared/analytics';

export interface CommentFilter {
  /** A post id, or one of its per-account target ids. */
  postId?: string;
  accountId?: string;
  sentiment?: Sentiment;
  limit?: number;
}

// The label that leads: the AI's where it labelled this very text (Settings → Analytics), else the
// lexicon's. For "most negative first" an AI label counts as ±5 × its confidence (0–1), the
// lexicon score's own range (about −5…5), so both kinds sort on one scale.
const AI_APPLIES = 's.text = c.text AND s.sentiment IS NOT NULL';
const LEADING_LABEL = `CASE WHEN ${AI_APPLIES} THEN s.sentiment ELSE c.sentiment END`;
const LEADING_SCORE = `CASE WHEN ${AI_APPLIES} THEN (CASE s.sentiment WHEN 'negative' THEN -5 WHEN 'positive' THEN 5 ELSE 0 END) * s.score ELSE c.sentiment_score END`;
const AI_JOIN = 'LEFT JOIN comment_ai_sentiment s ON s.account_id = c.account_id AND s.remote_id = c.remote_id';

const list = (byAccount: boolean) => `SELECT c.remote_id AS id, c.target_id AS targetId, t.post_id AS postId, c.account_id AS accountId, a.platform AS platform,
  c.author_handle AS authorHandle, c.author_name AS authorName, c.text AS text, c.url AS url, c.created_at AS createdAt,
  c.sentiment AS sentiment, c.sentiment_score AS sentimentScore,
  CASE WHEN s.text = c.text AND s.sentiment IS NOT NULL THEN 'ai' ELSE 'lexicon' END AS sentimentSource,
  CASE WHEN s.text = c.text THEN s.sentiment END AS aiSentiment, CASE WHEN s.text = c.text THEN s.score END AS aiScore,
  s.provider_name AS aiProvider, s.model AS aiModel, s.scored_at AS aiScoredAt,
  CASE WHEN s.text = c.text THEN s.note WHEN s.remote_id IS NOT NULL THEN 'the text changed after the AI labelled it' END AS aiNote
FROM post_comments c JOIN accounts a ON a.id = c.account_id LEFT JOIN post_targets t ON t.id = c.target_id
  ${AI_JOIN}
WHERE (@postId IS NULL OR c.target_id = @postId OR c.target_id IN (SELECT id FROM post_targets WHERE post_id = @postId))
  AND ${byAccount ? 'c.account_id = @accountId' : '@accountId IS NULL'} AND (@sentiment IS NULL OR ${LEADING_LABEL} = @sentiment)
ORDER BY ${LEADING_SCORE} ASC, c.created_at DESC LIMIT @limit`;

/** Stored replies, most negative first by the leading label, each with the AI's label beside the lexicon's where there is one. */
export function listComments(db: Database.Database, filter: CommentFilter): StoredComment[] {
  return db.prepare(list(filter.accountId !== undefined)).all({ postId: filter.postId ?? null, accountId: filter.accountId ?? null, sentiment: filter.sentiment ?? null, limit: filter.limit ?? 200 }) as StoredComment[];
}

/** Replies per day by their leading label, for one account or post (or all). */
export function sentimentByDay(db: Database.Database, from: string, filter: Pick<CommentFilter, 'postId' | 'accountId'>): SentimentPoint[] {
  return db
    .prepare(
      `SELECT day, sum(label = 'positive') AS positive, sum(label = 'neutral') AS neutral, sum(label = 'negative') AS negative, round(avg(score), 2) AS averageScore
       FROM (SELECT substr(c.created_at, 1, 10) AS day, ${LEADING_LABEL} AS label, ${LEADING_SCORE} AS score
       FROM post_comments c ${AI_JOIN} WHERE c.created_at >= @from
         AND (@postId IS NULL OR c.target_id = @postId OR c.target_id IN (SELECT id FROM post_targets WHERE post_id = @postId))
         AND ${filter.accountId ? 'c.account_id = @accountId' : '@accountId IS NULL'})
       GROUP BY day ORDER BY day`,
    )
    .all({ from, postId: filter.postId ?? null, accountId: filter.accountId ?? null }) as SentimentPoint[];
}
