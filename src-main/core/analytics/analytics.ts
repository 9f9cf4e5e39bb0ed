import type { AnalyticsPeriod, AnalyticsSettings, AnalyticsSummary, BestTimes, Insights, Sentiment, SentimentPoint, StoredComment, SyncReport, AccountSyncStatus } from '../../../src-shared/analytics';
import type { QueueSchedule } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { QueueSlot } from '../../../src-shared/schedule/queue-slots';
import type { Accounts } from '../accounts/accounts';
import type { Job } from '../jobs/queue';
import type { Scheduler } from '../jobs/scheduler';
import type { Clock } from '../platform/clock';
import { createLogger } from '../platform/logger';
import type { QueueSlots } from '../posts/queue-slots';
import type { Workspaces } from '../workspace/workspaces';
import { listComments, sentimentByDay } from './comments';
import { periodWindow, summarise } from './dashboard';
import { bestTimes, insights } from './insights';
import { AnalyticsSettingsStore } from './settings';
import { withAnalyticsCache } from './store';
import { AnalyticsSync } from './sync';

const log = createLogger('analytics');
const PUBLISH_JOB = 'publish';

export interface AnalyticsDeps {
  workspaces: Pick<Workspaces, 'db' | 'list'>;
  accounts: Pick<Accounts, 'list' | 'get' | 'withSession'>;
  scheduler: Scheduler;
  clock: Clock;
  slots: Pick<QueueSlots, 'get' | 'set'>;
  /** Writes to the app's security log: turning AI sentiment on sends comment texts to a provider. */
  securityEvent?: (detail: string, workspaceId: string) => void;
}

/** Metrics sync, dashboards, insights and comments of a workspace's accounts. */
export class Analytics {
  readonly settings: AnalyticsSettingsStore;
  readonly sync: AnalyticsSync;

  constructor(private readonly deps: AnalyticsDeps) {
    this.settings = new AnalyticsSettingsStore(deps.workspaces);
    this.sync = new AnalyticsSync({ ...deps, settings: this.settings });
  }

  /** Queues each workspace's next scheduled sync (at start-up); a broken workspace does not stop the others. */
  scheduleAll(): void {
    for (const ws of this.deps.workspaces.list()) {
      try {
        this.sync.ensureScheduled(ws.id);
      } catch (error) {
        log.warn('could not schedule the metrics sync', { workspaceId: ws.id, error });
      }
    }
  }

  /** Told of every job change: a post that went out gets its numbers pulled a little later. */
  jobChanged(workspaceId: string, job: Job): void {
    if (job.kind !== PUBLISH_JOB || job.state !== 'succeeded') return;
    const accountId = (job.payload as { accountId?: string } | null)?.accountId;
    if (accountId) this.sync.afterPublish(workspaceId, accountId);
  }

  syncNow(workspaceId: string, accountId?: string): Promise<SyncReport> {
    return this.sync.syncNow(workspaceId, accountId);
  }

  syncStatus(workspaceId: string): AccountSyncStatus[] {
    return this.sync.status(workspaceId);
  }

  summary(workspaceId: string, period: AnalyticsPeriod, accountId?: string): AnalyticsSummary {
    if (accountId) this.deps.accounts.get(workspaceId, accountId);
    return summarise(this.db(workspaceId), period, this.deps.clock.now(), accountId ?? null);
  }

  insights(workspaceId: string, period: AnalyticsPeriod, accountId?: string): Insights {
    if (accountId) this.deps.accounts.get(workspaceId, accountId);
    return insights(this.db(workspaceId), period, this.deps.clock.now(), accountId ?? null);
  }

  bestTimes(workspaceId: string, accountId: string): BestTimes {
    const { timeZone } = this.deps.slots.get(workspaceId, accountId); // NotFound for an unknown account
    return bestTimes(this.db(workspaceId), accountId, timeZone, this.deps.clock.now());
  }

  /** Replaces the account's queue slots with its best times; refused while there is too little data. */
  applyBestTimes(workspaceId: string, accountId: string): QueueSchedule {
    const best = this.bestTimes(workspaceId, accountId);
    if (best.best.length === 0) throw new AppError('ValidationError', `${best.evidence} The queue slots were left as they are.`);
    const slots: QueueSlot[] = best.best.map((b) => ({ weekday: (b.weekday === 0 ? 7 : b.weekday) as QueueSlot['weekday'], time: `${String(b.hour).padStart(2, '0')}:00` }));
    return this.deps.slots.set(workspaceId, accountId, best.timeZone, slots);
  }

  comments(workspaceId: string, filter: { postId?: string; accountId?: string; sentiment?: Sentiment; limit?: number }): StoredComment[] {
    if (filter.accountId) this.deps.accounts.get(workspaceId, filter.accountId);
    return listComments(this.db(workspaceId), filter);
  }

  sentimentOverTime(workspaceId: string, period: AnalyticsPeriod, filter: { postId?: string; accountId?: string }): SentimentPoint[] {
    return sentimentByDay(this.db(workspaceId), periodWindow(period, this.deps.clock.now()).from, filter);
  }

  getSettings(workspaceId: string): AnalyticsSettings {
    return this.settings.get(workspaceId);
  }

  updateSettings(workspaceId: string, patch: Partial<AnalyticsSettings>): AnalyticsSettings {
    const before = this.settings.get(workspaceId);
    const next = this.settings.update(workspaceId, patch);
    this.sync.ensureScheduled(workspaceId);
    if (next.aiSentiment !== before.aiSentiment || (next.aiSentiment && next.aiSentimentProvider !== before.aiSentimentProvider)) {
      const to = next.aiSentimentProvider ? `provider "${next.aiSentimentProvider}"` : "the workspace's AI provider";
      this.deps.securityEvent?.(next.aiSentiment ? `AI comment sentiment turned on: comment texts are sent to ${to}` : 'AI comment sentiment turned off', workspaceId);
    }
    return next;
  }

  private db(workspaceId: string) {
    return withAnalyticsCache(this.deps.workspaces.db(workspaceId).sqlite);
  }
}
