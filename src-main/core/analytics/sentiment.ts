import winkSentiment from 'wink-sentiment';
import type { Sentiment } from '../../../src-shared/analytics';

/**
 * Sentiment of one comment, computed on this machine with wink-sentiment (AFINN words, emoji and
 * emoticons, negation such as "not good"). Its normalised score is roughly −5…5; a small band
 * around 0 counts as neutral so one mildly coloured word does not tip a plain remark.
 */
export function sentimentOf(text: string): { sentiment: Sentiment; score: number } {
  const score = Math.round(winkSentiment(text).normalizedScore * 100) / 100;
  const sentiment: Sentiment = score >= NEUTRAL_BAND ? 'positive' : score <= -NEUTRAL_BAND ? 'negative' : 'neutral';
  return { sentiment, score };
}

const NEUTRAL_BAND = 0.5;
