import type { Usage } from './ai';

/** Comments per request to the AI provider: small enough for a short answer, large enough to be cheap. */
export const AI_SENTIMENT_BATCH = 25;

/** How one AI sentiment run went. Comments without a usable answer keep their lexicon score. */
export interface AiSentimentReport {
  /** The generation history row of the run; null when there was nothing to send. */
  generationId: string | null;
  provider: string | null;
  model: string | null;
  /** Comments sent to the provider. */
  sent: number;
  /** Comments that got a usable label. */
  labelled: number;
  /** Comments whose answer was missing or not usable: they keep the lexicon score. */
  unanswered: number;
  batches: number;
  usage: Usage | null;
  estimatedCostUsd: number | null;
  /** What happened, in one or two sentences. */
  message: string;
}
