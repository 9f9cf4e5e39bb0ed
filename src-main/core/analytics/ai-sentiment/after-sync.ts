import type { Job } from '../../jobs/queue';
import type { Scheduler } from '../../jobs/scheduler';
import type { Clock } from '../../platform/clock';
import { createLogger } from '../../platform/logger';
import type { AnalyticsSettingsStore } from '../settings';
import { ANALYTICS_SYNC_JOB } from '../sync';
import type { AiSentiment } from './score';

const log = createLogger('analytics-ai-sentiment');
export const AI_SENTIMENT_JOB = 'analytics.ai-sentiment';

/**
 * With AI sentiment on, each finished sync is followed by a job that sends the comments the AI
 * has not labelled yet (none: no request, no history row). A job, not a loose promise, so a CLI
 * that exits right after its sync leaves it for the app or `promogpt scheduler run`.
 */
export class AiSentimentAfterSync {
  constructor(private readonly deps: { scheduler: Scheduler; settings: Pick<AnalyticsSettingsStore, 'get'>; clock: Clock; aiSentiment: Pick<AiSentiment, 'score'> }) {
    // One attempt: a refusal (local-only, the cap) or a provider error is in the history; the next sync tries again.
    deps.scheduler.register(AI_SENTIMENT_JOB, async (ctx) => {
      if (!this.deps.settings.get(ctx.workspaceId).aiSentiment) return; // turned off since the sync
      await this.deps.aiSentiment.score(ctx.workspaceId, {});
    });
  }

  jobChanged(workspaceId: string, job: Job): void {
    if (job.kind !== ANALYTICS_SYNC_JOB || job.state !== 'succeeded') return;
    try {
      if (!this.deps.settings.get(workspaceId).aiSentiment) return;
      this.deps.scheduler.enqueue(workspaceId, { kind: AI_SENTIMENT_JOB, payload: null, runAt: this.deps.clock.now(), idempotencyKey: `${AI_SENTIMENT_JOB}:after:${job.id}`, maxAttempts: 1 });
    } catch (error) {
      log.warn('could not queue AI sentiment after a sync', { workspaceId, error });
    }
  }
}
