import { z } from 'zod';
import type { AiSentimentReport } from '../analytics-sentiment';
import { entityId, method } from './define';

export const analyticsSentimentContract = {
  /**
   * Labels stored comments through the workspace's AI provider (only when AI sentiment is on in
   * the analytics settings); by default only those it has not labelled yet, with `again` all in scope.
   */
  'analytics.scoreSentiment': method(
    z.strictObject({
      workspaceId: entityId,
      accountId: entityId.optional(),
      postId: entityId.optional(),
      again: z.boolean().optional(),
      provider: z.string().min(1).max(100).optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
    }),
  ).returns<AiSentimentReport>(),
};
