import { eq } from 'drizzle-orm';
import type { EvergreenPool } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { isValidTimeZone, occurrences, pickEvergreen, systemTimeZone, utcToZoned } from '../../../src-shared/schedule';
import { evergreenPosts, posts, postTargets, workspaceSettings } from '../db/schema/workspace';
import type { Scheduler } from '../jobs/scheduler';
import type { Clock } from '../platform/clock';
import type { Workspaces } from '../workspace/workspaces';
import { readContent, type PostContent } from './post-content';
import type { Posts } from './posts';

export const EVERGREEN_JOB = 'evergreen.requeue';
const KEY = 'evergreen';

interface Cadence {
  enabled: boolean;
  everyDays: number;
  time: string;
  timeZone: string;
  minGapDays: number;
  /** The day the cadence counts from (set when it is configured). */
  anchorDate: string;
}

type CadencePatch = Partial<Omit<Cadence, 'anchorDate'>>;

/**
 * The evergreen pool: chosen posts re-queued on a cadence (every N days at a time in a zone),
 * least recently used first and never the same post within `minGapDays`. Each run is a job keyed
 * by its time, and the copy and the pool's "last queued" change in one transaction, so a crash or
 * a second process never queues the same run twice.
 */
export class Evergreen {
  constructor(private readonly deps: { workspaces: Workspaces; posts: Posts; scheduler: Scheduler; clock: Clock }) {
    deps.scheduler.register(EVERGREEN_JOB, (ctx) => this.run(ctx.workspaceId));
  }

  get(workspaceId: string): EvergreenPool {
    const cadence = this.cadence(workspaceId);
    const db = this.deps.workspaces.db(workspaceId);
    const rows = db.orm
      .select({ postId: evergreenPosts.postId, addedAt: evergreenPosts.addedAt, lastQueuedAt: evergreenPosts.lastQueuedAt, text: posts.text, content: posts.content })
      .from(evergreenPosts)
      .innerJoin(posts, eq(posts.id, evergreenPosts.postId))
      .orderBy(evergreenPosts.addedAt)
      .all();
    const entries = rows.map((r) => ({ postId: r.postId, text: r.text, accountIds: this.contentOf(workspaceId, r.postId, r.content).accountIds, addedAt: r.addedAt, lastQueuedAt: r.lastQueuedAt }));
    const { anchorDate: _a, ...shown } = cadence;
    return { ...shown, nextRunAt: cadence.enabled && entries.length ? this.nextRun(cadence) : null, entries };
  }

  configure(workspaceId: string, patch: CadencePatch): EvergreenPool {
    if (patch.timeZone !== undefined && !isValidTimeZone(patch.timeZone)) throw new AppError('ValidationError', `"${patch.timeZone}" is not a time zone PromoGPT knows; use an IANA name like Europe/Berlin.`);
    const current = this.cadence(workspaceId);
    const next: Cadence = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    if (patch.everyDays !== undefined || patch.time !== undefined || patch.timeZone !== undefined) next.anchorDate = utcToZoned(this.deps.clock.now(), next.timeZone).date;
    const value = JSON.stringify(next);
    this.deps.workspaces.db(workspaceId).write((orm) => orm.insert(workspaceSettings).values({ key: KEY, value }).onConflictDoUpdate({ target: workspaceSettings.key, set: { value } }).run());
    this.plan(workspaceId);
    return this.get(workspaceId);
  }

  add(workspaceId: string, postId: string): EvergreenPool {
    const post = this.deps.posts.get(workspaceId, postId);
    if (post.status === 'draft' || post.status === 'recurring') throw new AppError('ValidationError', `Only a scheduled or published post can go in the evergreen pool; post ${postId} is ${post.status === 'draft' ? 'a draft' : 'a repeating series'}.`);
    if (post.targets.length === 0) throw new AppError('ValidationError', `Post ${postId} has no accounts to re-post to.`);
    const now = this.deps.clock.now().toISOString();
    this.deps.workspaces.db(workspaceId).write((orm) => orm.insert(evergreenPosts).values({ postId, addedAt: now, lastQueuedAt: null }).onConflictDoNothing().run());
    this.plan(workspaceId);
    return this.get(workspaceId);
  }

  remove(workspaceId: string, postId: string): EvergreenPool {
    this.deps.workspaces.db(workspaceId).write((orm) => orm.delete(evergreenPosts).where(eq(evergreenPosts.postId, postId)).run());
    this.plan(workspaceId);
    return this.get(workspaceId);
  }

  /** One run: copy the chosen post as a new post going out now, and plan the next run. */
  private run(workspaceId: string): void {
    const cadence = this.cadence(workspaceId);
    if (!cadence.enabled) return;
    const db = this.deps.workspaces.db(workspaceId);
    const pool = db.orm.select().from(evergreenPosts).orderBy(evergreenPosts.addedAt).all();
    const now = this.deps.clock.now().toISOString();
    const chosen = pickEvergreen({ pool, now, minGapDays: cadence.minGapDays });
    if (chosen) {
      const source = db.orm.select().from(posts).where(eq(posts.id, chosen)).get();
      const content = this.contentOf(workspaceId, chosen, source?.content ?? null);
      this.deps.posts.allOrNothing(workspaceId, () => {
        db.orm.update(evergreenPosts).set({ lastQueuedAt: now }).where(eq(evergreenPosts.postId, chosen)).run();
        this.deps.posts.create({ workspaceId, ...content, when: { kind: 'now' } }, 'evergreen');
      });
    }
    this.plan(workspaceId);
  }

  /** Keeps exactly one queued run at the next cadence time while the pool is on and not empty. */
  private plan(workspaceId: string): void {
    const cadence = this.cadence(workspaceId);
    const queue = this.deps.scheduler.queue(workspaceId);
    const nextAt = cadence.enabled && this.deps.workspaces.db(workspaceId).orm.select().from(evergreenPosts).limit(1).get() ? this.nextRun(cadence) : null;
    let planned = false;
    for (const job of queue.list({ kind: EVERGREEN_JOB, state: 'queued' })) {
      if (job.runAt === nextAt) planned = true;
      else queue.cancel(job.id);
    }
    if (!nextAt || planned) return;
    // Keyed by the run's time, so two processes planning at once make one job; a run planned
    // before, then cancelled (the pool switched off and on), gets a fresh key.
    const cancelled = queue.list({ kind: EVERGREEN_JOB, state: 'cancelled' }).filter((j) => j.runAt === nextAt).length;
    this.deps.scheduler.enqueue(workspaceId, { kind: EVERGREEN_JOB, payload: {}, runAt: nextAt, idempotencyKey: `evergreen:${nextAt}:${cancelled}` });
  }

  private nextRun(cadence: Cadence): string | null {
    const after = this.deps.clock.now().toISOString();
    return occurrences({ date: cadence.anchorDate, time: cadence.time }, cadence.timeZone, { every: cadence.everyDays, unit: 'day' }, { after, limit: 1 })[0] ?? null;
  }

  private cadence(workspaceId: string): Cadence {
    const row = this.deps.workspaces.db(workspaceId).orm.select().from(workspaceSettings).where(eq(workspaceSettings.key, KEY)).get();
    const zone = systemTimeZone();
    const defaults: Cadence = { enabled: false, everyDays: 1, time: '10:00', timeZone: zone, minGapDays: 30, anchorDate: utcToZoned(this.deps.clock.now(), zone).date };
    try {
      return { ...defaults, ...(row ? (JSON.parse(row.value) as Partial<Cadence>) : {}) };
    } catch {
      return defaults;
    }
  }

  /** What a re-post is made of: the post's saved content, or (for older posts) its accounts and text. */
  private contentOf(workspaceId: string, postId: string, json: string | null): PostContent {
    const saved = readContent(json);
    if (saved && saved.accountIds.length) return saved;
    const db = this.deps.workspaces.db(workspaceId);
    const text = db.orm.select({ text: posts.text }).from(posts).where(eq(posts.id, postId)).get()?.text ?? '';
    const accountIds = db.orm.select({ id: postTargets.accountId }).from(postTargets).where(eq(postTargets.postId, postId)).all().map((r) => r.id);
    return { accountIds, text, media: [], thread: [], variants: {} };
  }
}
