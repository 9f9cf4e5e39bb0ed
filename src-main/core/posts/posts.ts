import { and, desc, eq, gte, inArray, lte } from 'drizzle-orm';
import type { Post, PostStatus, PostTarget, TargetState } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { Input } from '../../../src-shared/contract';
import { isValidTimeZone, parseLocalDateTime, zonedToUtc } from '../../../src-shared/schedule/zoned-time';
import type { Accounts } from '../accounts/accounts';
import { posts, postTargets, publishAttempts } from '../db/schema/workspace';
import type { WorkspaceDb } from '../db/app-db';
import type { Clock } from '../platform/clock';
import type { IdGenerator } from '../platform/ids';
import type { Workspaces } from '../workspace/workspaces';
import { checkOnPlatform, describeTarget, retryTarget } from '../publishing';

/** What posts need from the job queue: put a publish on it, or take it off. */
export interface PublishQueue {
  schedule(workspaceId: string, targetId: string, accountId: string, runAt: string): void;
  unschedule(workspaceId: string, targetId: string): void;
}

type CreateInput = Input<'post.create'>;

/** Posts and their per-account targets: creating, listing, cancelling. Publishing itself is the job's. */
export class Posts {
  constructor(private readonly deps: { workspaces: Workspaces; accounts: Accounts; clock: Clock; ids: IdGenerator; queue: PublishQueue }) {}

  create(input: CreateInput, source: 'app' | 'csv' = 'app'): Post {
    const db = this.deps.workspaces.db(input.workspaceId);
    const targetsOf = input.accountIds.map((id) => this.deps.accounts.get(input.workspaceId, id));
    for (const a of targetsOf) {
      if (a.status !== 'connected') throw new AppError('ValidationError', `${a.handle} is ${a.status === 'disconnected' ? 'disconnected' : 'waiting to be reconnected'}: reconnect it on the Accounts page first.`);
    }
    const now = this.deps.clock.now().toISOString();
    const { status, scheduledAt, timeZone } = this.when(input.when, now);
    const postId = this.deps.ids('post');
    const targets = targetsOf.map((account) => {
      const id = this.deps.ids('tgt');
      const variant = { text: input.text, media: (input.media ?? []).map((m) => ({ path: m.path, mimeType: m.mimeType ?? '', ...(m.altText ? { altText: m.altText } : {}) })), thread: input.thread ?? [], ...(input.firstComment ? { firstComment: input.firstComment } : {}) };
      return { id, postId, accountId: account.id, variant: JSON.stringify(variant), state: status === 'draft' ? 'cancelled' : 'queued', idempotencyKey: id, checkpoints: '{}', updatedAt: now };
    });
    db.write((orm) => {
      orm.insert(posts).values({ id: postId, status, text: input.text, scheduledAt, timeZone, recurrence: null, source, createdAt: now, updatedAt: now }).run();
      if (status !== 'draft') for (const t of targets) orm.insert(postTargets).values(t).run();
    });
    if (status === 'scheduled') for (const t of targets) this.deps.queue.schedule(input.workspaceId, t.id, t.accountId, scheduledAt as string);
    return this.get(input.workspaceId, postId);
  }

  list(workspaceId: string, filter: Input<'post.list'>): Post[] {
    const db = this.deps.workspaces.db(workspaceId);
    const conditions = [];
    if (filter.from) conditions.push(gte(posts.scheduledAt, filter.from));
    if (filter.to) conditions.push(lte(posts.scheduledAt, filter.to));
    if (filter.status === 'draft' || filter.status === 'scheduled' || filter.status === 'cancelled') conditions.push(eq(posts.status, filter.status));
    else if (filter.status) {
      const ids = db.orm.selectDistinct({ id: postTargets.postId }).from(postTargets).where(eq(postTargets.state, filter.status)).all().map((r) => r.id);
      if (ids.length === 0) return [];
      conditions.push(inArray(posts.id, ids));
    }
    const rows = db.orm
      .select()
      .from(posts)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(posts.scheduledAt), desc(posts.createdAt))
      .limit(filter.limit ?? 500)
      .all();
    return this.assembleAll(workspaceId, db, rows);
  }

  get(workspaceId: string, postId: string): Post {
    const db = this.deps.workspaces.db(workspaceId);
    const row = db.orm.select().from(posts).where(eq(posts.id, postId)).get();
    if (!row) throw new AppError('NotFound', `There is no post ${postId} in this workspace. Run \`promogpt post list\` to see them.`);
    return this.assembleAll(workspaceId, db, [row])[0] as Post;
  }

  /** Cancels what has not gone out yet; what is published stays published. */
  cancel(workspaceId: string, postId: string): Post {
    const post = this.get(workspaceId, postId);
    const db = this.deps.workspaces.db(workspaceId);
    const now = this.deps.clock.now().toISOString();
    const open = post.targets.filter((t) => t.state === 'queued' || t.state === 'failed' || t.state === 'needs_attention');
    if (post.targets.some((t) => t.state === 'publishing')) {
      throw new AppError('Conflict', 'This post is being published right now; wait a moment, then cancel what is left.');
    }
    db.write((orm) => {
      for (const t of open) orm.update(postTargets).set({ state: 'cancelled', updatedAt: now }).where(eq(postTargets.id, t.id)).run();
      orm.update(posts).set({ status: 'cancelled', updatedAt: now }).where(eq(posts.id, postId)).run();
    });
    for (const t of open) this.deps.queue.unschedule(workspaceId, t.id);
    return this.get(workspaceId, postId);
  }

  /** Publishes a target again, where that is safe (publishing/retry.ts says when). */
  retry(workspaceId: string, targetId: string, confirmNotPosted = false): Post {
    const db = this.deps.workspaces.db(workspaceId);
    const target = this.target(db, targetId);
    if (retryTarget({ targetId, db, clock: this.deps.clock, confirmNotPosted }) === 'queued') {
      this.deps.queue.schedule(workspaceId, targetId, target.accountId, this.deps.clock.now().toISOString());
    }
    return this.get(workspaceId, target.postId);
  }

  /** After an unknown outcome: looks on the platform, then marks it published or safe to post again. */
  async check(workspaceId: string, targetId: string): Promise<Post> {
    const db = this.deps.workspaces.db(workspaceId);
    const target = this.target(db, targetId);
    const result = await checkOnPlatform({ workspaceId, targetId, accounts: this.deps.accounts, db, clock: this.deps.clock });
    if (result.state === 'queued') this.deps.queue.schedule(workspaceId, targetId, target.accountId, this.deps.clock.now().toISOString());
    return this.get(workspaceId, target.postId);
  }

  private target(db: WorkspaceDb, targetId: string) {
    const row = db.orm.select().from(postTargets).where(eq(postTargets.id, targetId)).get();
    if (!row) throw new AppError('NotFound', `There is no publishing target ${targetId} in this workspace.`);
    return row;
  }

  /** Runs `fn` as one transaction of this workspace's database: every post it creates, or none. */
  allOrNothing<T>(workspaceId: string, fn: () => T): T {
    return this.deps.workspaces.db(workspaceId).write(() => fn());
  }

  private when(when: CreateInput['when'], now: string): { status: PostStatus; scheduledAt: string | null; timeZone: string } {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    switch (when.kind) {
      case 'draft':
        return { status: 'draft', scheduledAt: null, timeZone: zone };
      case 'now':
        return { status: 'scheduled', scheduledAt: now, timeZone: zone };
      case 'at': {
        if (!isValidTimeZone(when.timeZone)) throw new AppError('ValidationError', `"${when.timeZone}" is not a time zone PromoGPT knows; use an IANA name like Europe/Berlin.`);
        const local = parseLocalDateTime(when.at);
        if (!local) throw new AppError('ValidationError', `"${when.at}" is not a date and time; write it like 2026-03-29 09:00.`);
        const at = 'instant' in local ? local.instant : zonedToUtc({ date: local.date, time: local.time, zone: when.timeZone });
        if (at < now) throw new AppError('ValidationError', `${when.at} (${when.timeZone}) is in the past; choose a later time or post now.`);
        return { status: 'scheduled', scheduledAt: at, timeZone: when.timeZone };
      }
    }
  }

  /** Posts with their targets and attempts, in three queries whatever the number of posts (the calendar loads thousands). */
  private assembleAll(workspaceId: string, db: WorkspaceDb, rows: (typeof posts.$inferSelect)[]): Post[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const targets = [];
    const attempts = [];
    // SQLite limits bound parameters; 500 ids a query stays well inside it.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const t = db.orm.select().from(postTargets).where(inArray(postTargets.postId, chunk)).all();
      targets.push(...t);
      if (t.length) attempts.push(...db.orm.select().from(publishAttempts).where(inArray(publishAttempts.targetId, t.map((x) => x.id))).orderBy(publishAttempts.id).all());
    }
    const accounts = new Map(this.deps.accounts.list(workspaceId).map((a) => [a.id, a]));
    const attemptsOf = new Map<string, typeof attempts>();
    for (const a of attempts) attemptsOf.set(a.targetId, [...(attemptsOf.get(a.targetId) ?? []), a]);
    const targetsOf = new Map<string, typeof targets>();
    for (const t of targets) targetsOf.set(t.postId, [...(targetsOf.get(t.postId) ?? []), t]);
    return rows.map((row) => ({
      id: row.id,
      status: row.status as PostStatus,
      text: row.text,
      scheduledAt: row.scheduledAt,
      timeZone: row.timeZone,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      targets: (targetsOf.get(row.id) ?? []).map((t): PostTarget => {
        const account = accounts.get(t.accountId);
        const outcome = describeTarget(t, account ? { handle: account.handle, platform: account.platform } : null);
        return {
          id: t.id,
          accountId: t.accountId,
          platform: account?.platform ?? null,
          handle: account?.handle ?? '(removed account)',
          state: t.state as TargetState,
          message: outcome.message,
          action: outcome.action,
          remoteUrl: t.remoteUrl,
          publishedAt: t.publishedAt,
          attempts: (attemptsOf.get(t.id) ?? []).map((a) => ({ startedAt: a.startedAt, endedAt: a.endedAt, outcome: a.outcome, errorMessage: a.errorMessage })),
        };
      }),
    }));
  }
}
