import type Database from 'better-sqlite3';
import type { BatchAnswer } from './prompt';

export interface CommentToScore {
  accountId: string;
  remoteId: string;
  text: string;
}

export interface ScopeFilter {
  accountId?: string;
  /** A post id, or one of its per-account target ids. */
  postId?: string;
  /** Score again those the AI already labelled. */
  again?: boolean;
  limit?: number;
}

/** Comments in scope the AI has not labelled yet (new, unanswered last time, or edited since), newest first. */
export function commentsToScore(sqlite: Database.Database, f: ScopeFilter): CommentToScore[] {
  return sqlite
    .prepare(
      `SELECT c.account_id AS accountId, c.remote_id AS remoteId, c.text AS text
       FROM post_comments c LEFT JOIN comment_ai_sentiment s ON s.account_id = c.account_id AND s.remote_id = c.remote_id
       WHERE (@postId IS NULL OR c.target_id = @postId OR c.target_id IN (SELECT id FROM post_targets WHERE post_id = @postId))
         AND (@accountId IS NULL OR c.account_id = @accountId)
         AND (@again = 1 OR s.remote_id IS NULL OR s.sentiment IS NULL OR s.text <> c.text)
       ORDER BY c.created_at DESC, c.id DESC LIMIT @limit`,
    )
    .all({ postId: f.postId ?? null, accountId: f.accountId ?? null, again: f.again ? 1 : 0, limit: f.limit ?? -1 }) as CommentToScore[];
}

/** One batch's labels (or notes), all in one transaction: a batch is either stored whole or not at all. */
export function saveBatch(
  write: <T>(fn: () => T) => T,
  sqlite: Database.Database,
  batch: CommentToScore[],
  answer: BatchAnswer,
  run: { providerName: string; model: string; generationId: string; scoredAt: string },
): { labelled: number; unanswered: number } {
  const columns = `INSERT INTO comment_ai_sentiment (account_id, remote_id, sentiment, score, note, text, provider_name, model, generation_id, scored_at)
     VALUES (@accountId, @remoteId, @sentiment, @score, @note, @text, @providerName, @model, @generationId, @scoredAt)
     ON CONFLICT (account_id, remote_id) DO UPDATE SET sentiment = excluded.sentiment, score = excluded.score, note = excluded.note, text = excluded.text,
       provider_name = excluded.provider_name, model = excluded.model, generation_id = excluded.generation_id, scored_at = excluded.scored_at`;
  const label = sqlite.prepare(columns);
  // A missing answer never wipes a good earlier label of the same text (a re-run with --again).
  const note = sqlite.prepare(`${columns} WHERE comment_ai_sentiment.sentiment IS NULL OR comment_ai_sentiment.text <> excluded.text`);
  let labelled = 0;
  write(() => {
    batch.forEach((c, i) => {
      const a = answer.get(i + 1) ?? { note: 'no answer' };
      if ('sentiment' in a) {
        labelled++;
        label.run({ ...c, ...run, sentiment: a.sentiment, score: a.score, note: null });
      } else note.run({ ...c, ...run, sentiment: null, score: null, note: a.note });
    });
  });
  return { labelled, unanswered: batch.length - labelled };
}
