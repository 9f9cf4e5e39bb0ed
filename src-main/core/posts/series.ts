import { desc, eq } from 'drizzle-orm';
import { AppError } from '../../../src-shared/errors';
import { occurrences, type Recurrence } from '../../../src-shared/schedule';
import { posts } from '../db/schema/workspace';
import type { Scheduler } from '../jobs/scheduler';
import type { Clock } from '../platform/clock';
import { createLogger } from '../platform/logger';
import type { Workspaces } from '../workspace/workspaces';
import { readContent } from './post-content';
import type { Posts } from './posts';

const log = createLogger('series');
export const SERIES_JOB = 'series.extend';
/** Occurrences exist as ordinary posts this far ahead: the calendar shows them, each can be moved or cancelled. */
export const SERIES_HORIZON_DAYS = 60;
const BATCH = 100;
const DAY = 86_400_000;

/**
 * Recurring posts. A series keeps the rule and the content; its occurrences are created as
 * ordinary scheduled posts up to 60 days ahead, so each publishes exactly once through the same
 * engine, and a job extends the series as time passes. The rule is read in the series' zone, so a
 * DST change never moves the wall-clock time.
 */
export class Series {
  constructor(private readonly deps: { workspaces: Workspaces; posts: Posts; scheduler: Scheduler; clock: Clock }) {
    deps.scheduler.register<{ seriesId: string }>(SERIES_JOB, (ctx) => this.extend(ctx.workspaceId, ctx.payload.seriesId));
    deps.posts.series = this;
  }

  start(workspaceId: string, seriesId: string): void {
    this.extend(workspaceId, seriesId);
  }

  cancel(workspaceId: string, seriesId: string): void {
    const queue = this.deps.scheduler.queue(workspaceId);
    for (const job of this.plannedExtensions(workspaceId, seriesId)) queue.cancel(job.id);
  }

  /**
   * Plans the series' next extension again when none is waiting: an import beside the original
   * cancelled it (hold-schedule.ts). Its cancelled job keeps its key, so this one gets its own.
   */
  resume(workspaceId: string, seriesId: string): void {
    if (this.plannedExtensions(workspaceId, seriesId).length > 0) return;
    this.extend(workspaceId, seriesId, `resumed-${this.deps.clock.now().toISOString()}`);
  }

  private plannedExtensions(workspaceId: string, seriesId: string) {
    return this.deps.scheduler
      .queue(workspaceId)
      .list({ kind: SERIES_JOB, state: 'queued' })
      .filter((job) => (job.payload as { seriesId: string }).seriesId === seriesId);
  }

  /** Creates the occurrences due within the horizon that do not exist yet, then plans the next extension. */
  extend(workspaceId: string, seriesId: string, keyTag?: string): void {
    const db = this.deps.workspaces.db(workspaceId);
    const series = db.orm.select().from(posts).where(eq(posts.id, seriesId)).get();
    if (!series || series.status !== 'recurring') return;
    const content = readContent(series.content);
    const [date, time] = (series.seriesStart ?? '').split(' ');
    if (!content || !series.recurrence || !date || !time) throw new AppError('Internal', `The repeating post ${seriesId} is missing its rule or content; create it again.`);
    const rule = JSON.parse(series.recurrence) as Recurrence;
    const nowMs = this.deps.clock.now().getTime();
    const last = db.orm.select({ at: posts.scheduledAt }).from(posts).where(eq(posts.seriesId, seriesId)).orderBy(desc(posts.scheduledAt)).limit(1).get()?.at;
    const after = last && Date.parse(last) > nowMs ? last : new Date(nowMs).toISOString();
    const horizon = nowMs + SERIES_HORIZON_DAYS * DAY;
    const due = occurrences({ date, time }, series.timeZone, rule, { after, limit: BATCH });
    const now = due.filter((at) => Date.parse(at) <= horizon);
    this.deps.posts.allOrNothing(workspaceId, () => {
      for (const at of now) {
        this.deps.posts.create(
          { workspaceId, accountIds: content.accountIds, text: content.text, media: content.media, thread: content.thread, variants: content.variants, ...(content.firstComment ? { firstComment: content.firstComment } : {}), when: { kind: 'at', at, timeZone: series.timeZone } },
          'series',
          seriesId,
        );
      }
    });
    const next = occurrences({ date, time }, series.timeZone, rule, { after: now.at(-1) ?? after, limit: 1 })[0];
    if (!next) return;
    const runAt = new Date(Math.max(nowMs, Date.parse(next) - (SERIES_HORIZON_DAYS / 2) * DAY)).toISOString();
    this.deps.scheduler.enqueue(workspaceId, { kind: SERIES_JOB, payload: { seriesId }, runAt, idempotencyKey: `series:${seriesId}:${next}${keyTag ? `:${keyTag}` : ''}` });
    log.debug('series extended', { seriesId, created: now.length, next });
  }
}
