import type { StoredComment } from '../../../src-shared/analytics';

/** "AI: negative (0.8) · lexicon: neutral": which label leads and where each came from. */
export function sentimentWords(c: StoredComment): string {
  if (c.aiSentiment !== null && c.aiScore !== null) return `AI: ${c.aiSentiment} (${c.aiScore}) · lexicon: ${c.sentiment}`;
  return `lexicon: ${c.sentiment}${c.aiNote ? ` · no AI label: ${c.aiNote}` : ''}`;
}

export function SentimentCell({ comment: c }: { comment: StoredComment }) {
  const ai = c.aiSentiment !== null && c.aiScore !== null;
  const lead = ai ? c.aiSentiment! : c.sentiment;
  return (
    <span className="sentiment-cell" title={ai && c.aiProvider ? `Labelled by ${c.aiProvider} (${c.aiModel ?? 'model unknown'}) on ${c.aiScoredAt?.slice(0, 10) ?? ''}` : undefined}>
      <span className={`sentiment sentiment--${lead}`}>{ai ? `AI: ${c.aiSentiment} (${c.aiScore})` : c.sentiment}</span>
      <span className="sentiment-cell__source">{ai ? ` · lexicon: ${c.sentiment}` : ' · lexicon'}</span>
      {!ai && c.aiNote ? <span className="sentiment-cell__note"> · no AI label: {c.aiNote}</span> : null}
    </span>
  );
}
