import type { HandlerImpls } from '../dispatch';
import type { Analytics } from './analytics';

/** The contract's analytics methods, for the composition root's handler map. */
export function analyticsHandlers(analytics: Analytics): Pick<
  HandlerImpls,
  | 'analytics.sync'
  | 'analytics.syncStatus'
  | 'analytics.summary'
  | 'analytics.insights'
  | 'analytics.bestTimes'
  | 'analytics.applyBestTimes'
  | 'analytics.comments'
  | 'analytics.sentiment'
  | 'analytics.getSettings'
  | 'analytics.updateSettings'
> {
  return {
    'analytics.sync': ({ workspaceId, accountId }) => analytics.syncNow(workspaceId, accountId),
    'analytics.syncStatus': ({ workspaceId }) => analytics.syncStatus(workspaceId),
    'analytics.summary': ({ workspaceId, period, accountId }) => analytics.summary(workspaceId, period, accountId),
    'analytics.insights': ({ workspaceId, period, accountId }) => analytics.insights(workspaceId, period, accountId),
    'analytics.bestTimes': ({ workspaceId, accountId }) => analytics.bestTimes(workspaceId, accountId),
    'analytics.applyBestTimes': ({ workspaceId, accountId }) => analytics.applyBestTimes(workspaceId, accountId),
    'analytics.comments': ({ workspaceId, ...filter }) => analytics.comments(workspaceId, filter),
    'analytics.sentiment': ({ workspaceId, period, ...filter }) => analytics.sentimentOverTime(workspaceId, period, filter),
    'analytics.getSettings': ({ workspaceId }) => analytics.getSettings(workspaceId),
    'analytics.updateSettings': ({ workspaceId, ...patch }) => analytics.updateSettings(workspaceId, patch),
  };
}
