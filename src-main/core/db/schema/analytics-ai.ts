import { index, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * A comment's sentiment as the workspace's AI provider judged it, beside the lexicon score in
 * post_comments (which always stays). Keyed like the comment itself, so a re-sync that updates
 * the comment keeps this row; `text` is what was scored, so an edited comment reads as unscored.
 */
export const commentAiSentiment = sqliteTable(
  'comment_ai_sentiment',
  {
    accountId: text('account_id').notNull(),
    remoteId: text('remote_id').notNull(),
    /** positive | neutral | negative; null when the model gave no usable answer for this comment. */
    sentiment: text('sentiment'),
    /** 0…1: how clearly the comment carries that sentiment, as the model said; null with no answer. */
    score: real('score'),
    /** Why there is no label, in words (e.g. "the answer had no entry for this comment"). */
    note: text('note'),
    /** The comment text that was sent. */
    text: text('text').notNull(),
    providerName: text('provider_name').notNull(),
    model: text('model').notNull(),
    /** The generation history row of the run that scored it. */
    generationId: text('generation_id').notNull(),
    scoredAt: text('scored_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.remoteId] }), index('comment_ai_sentiment_generation').on(t.generationId)],
);
