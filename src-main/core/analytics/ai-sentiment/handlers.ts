import type { HandlerImpls } from '../../dispatch';
import type { AiSentiment } from './score';

/** The contract's AI sentiment method, for the composition root's handler map. */
export function aiSentimentHandlers(aiSentiment: AiSentiment): Pick<HandlerImpls, 'analytics.scoreSentiment'> {
  return {
    'analytics.scoreSentiment': ({ workspaceId, provider, ...scope }) => aiSentiment.score(workspaceId, { ...scope, ...(provider ? { provider } : {}) }),
  };
}
