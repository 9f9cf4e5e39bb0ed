import { z } from 'zod';
import {
  ANALYTICS_PERIODS,
  SENTIMENTS,
  type AccountSyncStatus,
  type AnalyticsSettings,
  type AnalyticsSummary,
  type BestTimes,
  type Insights,
  type SentimentPoint,
  type StoredComment,
  type SyncReport,
} from '../analytics';
import type { QueueSchedule } from '../domain';
import { entityId, method } from './define';

const period = z.enum(ANALYTICS_PERIODS, { error: 'the period is one of 7d, 30d, 90d' }).default('30d');

export const analyticsContract = {
  /** Pulls metrics and replies now (as a job) and says how each account went; one failing account never stops the others. */
  'analytics.sync': method(z.strictObject({ workspaceId: entityId, accountId: entityId.optional() })).returns<SyncReport>(),
  'analytics.syncStatus': method(z.strictObject({ workspaceId: entityId })).returns<AccountSyncStatus[]>(),
  /** The dashboard: a period against the one before it, across accounts or for one. */
  'analytics.summary': method(z.strictObject({ workspaceId: entityId, period, accountId: entityId.optional() })).returns<AnalyticsSummary>(),
  'analytics.insights': method(z.strictObject({ workspaceId: entityId, period, accountId: entityId.optional() })).returns<Insights>(),
  'analytics.bestTimes': method(z.strictObject({ workspaceId: entityId, accountId: entityId })).returns<BestTimes>(),
  /** Replaces the account's queue slots with its best times. */
  'analytics.applyBestTimes': method(z.strictObject({ workspaceId: entityId, accountId: entityId })).returns<QueueSchedule>(),
  /** Stored replies, most negative first. `postId` takes a post id or a target id. */
  'analytics.comments': method(
    z.strictObject({
      workspaceId: entityId,
      postId: entityId.optional(),
      accountId: entityId.optional(),
      sentiment: z.enum(SENTIMENTS, { error: 'the sentiment is one of negative, neutral, positive' }).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
  ).returns<StoredComment[]>(),
  'analytics.sentiment': method(z.strictObject({ workspaceId: entityId, period, postId: entityId.optional(), accountId: entityId.optional() })).returns<SentimentPoint[]>(),
  'analytics.getSettings': method(z.strictObject({ workspaceId: entityId })).returns<AnalyticsSettings>(),
  'analytics.updateSettings': method(
    z.strictObject({
      workspaceId: entityId,
      syncEveryMinutes: z.number().int('whole minutes').min(15, 'at least every 15 minutes').max(10080, 'at most once a week').optional(),
      /** Score comments through the AI provider too (their texts are sent to it). */
      aiSentiment: z.boolean().optional(),
      /** The provider's name for that; null = the workspace's only provider. */
      aiSentimentProvider: z.string().trim().min(1, 'name a provider').max(100).nullable().optional(),
    }),
  ).returns<AnalyticsSettings>(),
};
