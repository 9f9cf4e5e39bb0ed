import { and, count, eq, like } from 'drizzle-orm';
import { jobs, postTargets } from '../db/schema/workspace';
import type { Accounts } from '../accounts/accounts';
import type { Job } from '../jobs/queue';
import { MISSED_WINDOW, type Scheduler } from '../jobs/scheduler';
import type { Clock } from '../platform/clock';
import { publishTarget, readStart, type PublishStart } from '../publishing';
import type { Workspaces } from '../workspace/workspaces';
import type { PublishQueue } from './posts';

export const PUBLISH_JOB = 'publish';

interface PublishPayload {
  targetId: string;
  accountId: string;
  /** Since this was added: the post (every change of the job tells the post's listeners). */
  postId?: string;
}

/**
 * Connects posts to the job queue: one 'publish' job per target, at most one publish per
 * account at a time, late posts within the late window and never silently dropped.
 */
export function registerPublishing(scheduler: Scheduler, deps: { workspaces: Workspaces; accounts: Accounts; clock: Clock }): PublishQueue & { jobChanged(workspaceId: string, job: Job): void } {
  scheduler.register<PublishPayload>(
    PUBLISH_JOB,
    async (ctx) => {
      await publishTarget({
        workspaceId: ctx.workspaceId,
        targetId: ctx.payload.targetId,
        accounts: deps.accounts,
        db: deps.workspaces.db(ctx.workspaceId),
        clock: deps.clock,
        signal: ctx.signal,
        onProgress: (f) => ctx.progress(Math.round(f * 100)),
        // The target's published state and the job's end: one commit.
        onPublished: () => void ctx.completeWithin(),
        start: ctx.prepared as PublishStart | undefined,
      });
    },
    { lateWindow: true, prepare: ({ targetId }, { workspaceId }) => readStart(deps.workspaces.db(workspaceId), targetId) },
  );
  scheduler.concurrencyKey<PublishPayload>(PUBLISH_JOB, (payload, { workspaceId }) => `account:${workspaceId}:${payload.accountId}`);

  const openJobsOf = (workspaceId: string, targetId: string) =>
    scheduler
      .queue(workspaceId)
      .list({ kind: PUBLISH_JOB, state: 'queued' })
      .concat(scheduler.queue(workspaceId).list({ kind: PUBLISH_JOB, state: 'needs_attention' }))
      .filter((j) => (j.payload as PublishPayload).targetId === targetId);

  return {
    schedule(workspaceId, { id: targetId, accountId, postId }, runAt) {
      // A fresh key per scheduling: a retry after the user fixed something is a new job.
      const earlier = deps.workspaces.db(workspaceId).orm.select({ n: count() }).from(jobs).where(like(jobs.idempotencyKey, `publish:${targetId}:%`)).get()?.n ?? 0;
      const key = `publish:${targetId}:${earlier}`;
      scheduler.enqueue(workspaceId, { kind: PUBLISH_JOB, payload: { targetId, accountId, postId } satisfies PublishPayload, runAt, idempotencyKey: key });
    },
    unschedule(workspaceId, targetId) {
      for (const job of openJobsOf(workspaceId, targetId)) scheduler.queue(workspaceId).cancel(job.id);
    },
    /** A publish job that ends without the target knowing (missed its late window, or gave up) puts the reason on the target. */
    jobChanged(workspaceId, job) {
      if (job.kind !== PUBLISH_JOB || (job.state !== 'needs_attention' && job.state !== 'failed')) return;
      const { targetId } = job.payload as PublishPayload;
      const state = job.lastErrorName === MISSED_WINDOW || job.state === 'needs_attention' ? 'needs_attention' : 'failed';
      deps.workspaces.db(workspaceId).write((orm) =>
        orm
          .update(postTargets)
          .set({ state, errorName: job.lastErrorName, errorMessage: job.lastErrorMessage, updatedAt: deps.clock.now().toISOString() })
          .where(and(eq(postTargets.id, targetId), eq(postTargets.state, 'queued')))
          .run(),
      );
    },
  };
}
