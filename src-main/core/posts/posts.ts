import { and, desc, eq, getTableColumns, gte, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import { union } from 'drizzle-orm/sqlite-core';
import type { CaptionTrack, DuplicateWarning, MediaItem, Post, PostStatus, PostTarget, TargetState } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { Input, ParsedInput } from '../../../src-shared/contract';
import { isValidTimeZone, parseLocalDateTime, systemTimeZone, zonedToUtc } from '../../../src-shared/schedule/zoned-time';
import type { Account } from '../../../src-shared/domain';
import type { Accounts } from '../accounts/accounts';
import { accounts as accountsTable, evergreenPosts, posts, postTargets, publishAttempts } from '../db/schema/workspace';
import type { WorkspaceDb } from '../db/app-db';
import type { Clock } from '../platform/clock';
import type { IdGenerator } from '../platform/ids';
import type { Workspaces } from '../workspace/workspaces';
import { checkOnPlatform, describeTarget, retryTarget } from '../publishing';
import { targetAccount } from '../publishing/target-store';
import { assertFits } from './content-rules';
import { describeDuplicates, duplicateWarnings } from './duplicate-guard';
import { mediaIdsOf, readContent, resolveContent, variantFor, type MediaResolver, type PostContent } from './post-content';
import type { PublishingSettings } from './publishing-settings';
import type { QueueSlots } from './queue-slots';

/** A target as the publish queue needs it. */
export interface ScheduledTarget {
  id: string;
  accountId: string;
  postId: string;
}

/** What posts need from the job queue: put a publish on it, or take it off. */
export interface PublishQueue {
  schedule(workspaceId: string, target: ScheduledTarget, runAt: string): void;
  unschedule(workspaceId: string, targetId: string): void;
}

type CreateInput = Input<'post.create'>;
type When = ParsedInput<'post.create'>['when'];
export type PostSource = 'app' | 'csv' | 'series' | 'evergreen';


/** Posts and their per-account targets: creating, listing, moving, cancelling. Publishing itself is the job's. */
export class Posts {
  /** Recurring posts: set by the series service, which needs Posts to create occurrences. */
  series: { start(workspaceId: string, seriesId: string): void; cancel(workspaceId: string, seriesId: string): void; resume(workspaceId: string, seriesId: string): void } | undefined;

  constructor(
    private readonly deps: {
      workspaces: Workspaces;
      accounts: Accounts;
      clock: Clock;
      ids: IdGenerator;
      queue: PublishQueue;
      slots: QueueSlots;
      settings: PublishingSettings;
      /** The media library, to turn an attachment's mediaId into its stored file. */
      media: { get(workspaceId: string, id: string): MediaItem; storedFile(workspaceId: string, storedPath: string): string; captions(workspaceId: string, id: string): CaptionTrack[] };
      /** Told about every post that changed, for the UI. */
      changed(workspaceId: string, postIds: string[]): void;
    },
  ) {}

  create(input: CreateInput, source: PostSource = 'app', seriesId: string | null = null): Post {
    const db = this.deps.workspaces.db(input.workspaceId);
    const content: PostContent = {
      accountIds: input.accountIds,
      text: input.text,
      media: input.media ?? [],
      thread: input.thread ?? [],
      variants: input.variants ?? {},
      ...(input.firstComment ? { firstComment: input.firstComment } : {}),
    };
    const when = input.when as When;
    if (when.kind === 'draft') return this.saveDraft(input.workspaceId, input.draftId, content);
    const accounts = input.accountIds.map((id) => this.deps.accounts.get(input.workspaceId, id));
    for (const a of accounts) {
      if (a.status !== 'connected') throw new AppError('ValidationError', `${a.handle} is ${a.status === 'disconnected' ? 'disconnected' : 'waiting to be reconnected'}: reconnect it on the Accounts page first.`);
    }
    const draft = input.draftId ? this.draftRow(db, input.draftId) : null;
    const now = this.deps.clock.now().toISOString();
    const postId = draft?.id ?? this.deps.ids('post');

    if (when.kind === 'recurring') {
      const timeZone = this.zone(when.timeZone);
      const local = parseLocalDateTime(when.start);
      if (!local || local.kind !== 'local') throw new AppError('ValidationError', `"${when.start}" is not a local date and time; write it like 2026-03-29 09:00.`);
      db.write((orm) => {
        const row = { status: 'recurring', text: input.text, scheduledAt: null, timeZone, recurrence: JSON.stringify(when.rule), source, content: JSON.stringify(content), seriesStart: `${local.date} ${local.time}`, updatedAt: now };
        if (draft) orm.update(posts).set(row).where(eq(posts.id, postId)).run();
        else orm.insert(posts).values({ id: postId, ...row, createdAt: now }).run();
      });
      this.series?.start(input.workspaceId, postId);
      this.deps.changed(input.workspaceId, [postId]);
      return this.get(input.workspaceId, postId);
    }

    const { times, timeZone } = this.times(input.workspaceId, when, accounts, now);
    // Library items become their stored files here, so publishing reads a file as it always did.
    const files = resolveContent(content, this.resolver(input.workspaceId));
    const targets = accounts.map((account, i) => {
      const id = this.deps.ids('tgt');
      const variant = variantFor(files, account.platform);
      assertFits(account, targetAccount(db, account.id)?.extras ?? '{}', variant);
      return { id, postId, accountId: account.id, variant: JSON.stringify(variant), state: 'queued', idempotencyKey: id, checkpoints: '{}', scheduledAt: times[i] as string, updatedAt: now, text: variant.text, handle: account.handle };
    });
    if (!input.allowDuplicate && source !== 'series' && source !== 'evergreen') {
      const warnings = duplicateWarnings(db, targets.map((t) => ({ accountId: t.accountId, handle: t.handle, text: t.text, at: t.scheduledAt })), this.deps.settings.get(input.workspaceId).duplicateWindowHours);
      if (warnings.length) throw new AppError('Conflict', describeDuplicates(warnings), { duplicates: warnings });
    }
    const scheduledAt = [...times].sort()[0] as string;
    db.write((orm) => {
      const row = { status: 'scheduled', text: input.text, scheduledAt, timeZone, recurrence: null, source, content: JSON.stringify(content), seriesId, seriesStart: null, updatedAt: now };
      if (draft) orm.update(posts).set(row).where(eq(posts.id, postId)).run();
      else orm.insert(posts).values({ id: postId, ...row, createdAt: now }).run();
      for (const { text: _t, handle: _h, ...t } of targets) orm.insert(postTargets).values(t).run();
      // In the same transaction: a crash can never leave a target waiting without its job.
      for (const t of targets) this.deps.queue.schedule(input.workspaceId, t, t.scheduledAt);
    });
    this.deps.changed(input.workspaceId, [postId]);
    return this.get(input.workspaceId, postId);
  }

  /** Saves the composer's content as a draft: new, or over an existing draft. */
  saveDraft(workspaceId: string, draftId: string | undefined, content: PostContent): Post {
    const db = this.deps.workspaces.db(workspaceId);
    const now = this.deps.clock.now().toISOString();
    const id = draftId ? this.draftRow(db, draftId).id : this.deps.ids('post');
    // A draft keeps the ids (it reopens with the library items), but only of items that exist.
    const resolve = this.resolver(workspaceId);
    for (const mediaId of mediaIdsOf(content)) resolve(mediaId);
    const row = { status: 'draft', text: content.text, content: JSON.stringify(content), updatedAt: now };
    db.write((orm) => {
      if (draftId) orm.update(posts).set(row).where(eq(posts.id, id)).run();
      else orm.insert(posts).values({ id, ...row, scheduledAt: null, timeZone: systemTimeZone(), recurrence: null, source: 'app', createdAt: now }).run();
    });
    this.deps.changed(workspaceId, [id]);
    return this.get(workspaceId, id);
  }

  deleteDraft(workspaceId: string, postId: string): { id: string } {
    const db = this.deps.workspaces.db(workspaceId);
    this.draftRow(db, postId);
    db.write((orm) => orm.delete(posts).where(eq(posts.id, postId)).run());
    this.deps.changed(workspaceId, [postId]);
    return { id: postId };
  }

  /** The duplicate guard on its own, for the composer's live warning. */
  checkDuplicates(input: ParsedInput<'post.checkDuplicates'>): DuplicateWarning[] {
    const db = this.deps.workspaces.db(input.workspaceId);
    const at = input.at ? new Date(input.at).toISOString() : this.deps.clock.now().toISOString();
    const planned = input.accountIds.map((id) => {
      const account = this.deps.accounts.get(input.workspaceId, id);
      return { accountId: id, handle: account.handle, text: input.variants[account.platform]?.text ?? input.text, at };
    });
    return duplicateWarnings(db, planned, this.deps.settings.get(input.workspaceId).duplicateWindowHours, input.postId);
  }

  /** Moves what has not gone out yet to another time; what is published or publishing stays. */
  reschedule(input: ParsedInput<'post.reschedule'>): Post {
    const { workspaceId, postId } = input;
    const post = this.get(workspaceId, postId);
    if (post.status === 'draft') throw new AppError('Conflict', 'A draft has no time yet: open it in Compose to schedule it.');
    if (post.status === 'recurring') throw new AppError('Conflict', 'A repeating post moves one occurrence at a time: drag an occurrence, or change the series in Compose.');
    if (post.status === 'cancelled') throw new AppError('Conflict', 'This post was cancelled; schedule it again from Compose.');
    if (post.targets.some((t) => t.state === 'publishing')) throw new AppError('Conflict', 'This post is being published right now; wait a moment, then move what is left.');
    const movable = post.targets.filter((t) => t.state === 'queued');
    if (movable.length === 0) throw new AppError('Conflict', 'Nothing of this post is waiting to go out: it is published, failed or needs attention. Open it to see what to do.');
    const timeZone = this.zone(input.timeZone);
    const at = this.instant(input.at, timeZone);
    if (at < this.deps.clock.now().toISOString()) throw new AppError('ValidationError', `${input.at} (${timeZone}) is in the past; choose a later time.`);
    // Occurrences of a series share their text by design, as they do when created.
    if (!input.allowDuplicate && !post.seriesId) {
      const warnings = duplicateWarnings(this.deps.workspaces.db(workspaceId), movable.map((t) => ({ accountId: t.accountId, handle: t.handle, text: t.text, at })), this.deps.settings.get(workspaceId).duplicateWindowHours, postId);
      if (warnings.length) throw new AppError('Conflict', describeDuplicates(warnings), { duplicates: warnings });
    }
    const now = this.deps.clock.now().toISOString();
    const db = this.deps.workspaces.db(workspaceId);
    db.write((orm) => {
      for (const t of movable) {
        this.deps.queue.unschedule(workspaceId, t.id);
        orm.update(postTargets).set({ scheduledAt: at, updatedAt: now }).where(and(eq(postTargets.id, t.id), eq(postTargets.state, 'queued'))).run();
        this.deps.queue.schedule(workspaceId, { id: t.id, accountId: t.accountId, postId }, at);
      }
      const times = post.targets.filter((t) => t.state !== 'queued' && t.scheduledAt).map((t) => t.scheduledAt as string);
      orm.update(posts).set({ scheduledAt: [at, ...times].sort()[0], timeZone, updatedAt: now }).where(eq(posts.id, postId)).run();
    });
    this.deps.changed(workspaceId, [postId]);
    return this.get(workspaceId, postId);
  }

  list(workspaceId: string, filter: Input<'post.list'>): Post[] {
    const db = this.deps.workspaces.db(workspaceId);
    const conditions = [];
    if (filter.from || filter.to) {
      // A post is in the range when it, or any of its accounts' own times (queue slots), is.
      const inRange = (col: typeof posts.scheduledAt | typeof postTargets.scheduledAt) =>
        and(isNotNull(col), filter.from ? gte(col, filter.from) : undefined, filter.to ? lte(col, filter.to) : undefined);
      // Per account, so SQLite walks the (account, time) index instead of every target.
      const accountIds = db.orm.select({ id: accountsTable.id }).from(accountsTable);
      const inPosts = db.orm.select({ id: posts.id }).from(posts).where(inRange(posts.scheduledAt));
      const inTargets = db.orm.select({ id: postTargets.postId }).from(postTargets).where(and(inArray(postTargets.accountId, accountIds), inRange(postTargets.scheduledAt)));
      conditions.push(inArray(posts.id, union(inPosts, inTargets)));
    }
    if (filter.status === 'draft' || filter.status === 'scheduled' || filter.status === 'cancelled' || filter.status === 'recurring') conditions.push(eq(posts.status, filter.status));
    else if (filter.status) {
      conditions.push(inArray(posts.id, db.orm.selectDistinct({ id: postTargets.postId }).from(postTargets).where(eq(postTargets.state, filter.status))));
    }
    // A post's content is only shown for drafts: the calendar's thousands of posts skip reading it.
    const rows = db.orm
      .select({ ...getTableColumns(posts), content: sql<string | null>`case when ${posts.status} = 'draft' then ${posts.content} end` })
      .from(posts)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(sql`coalesce(${posts.scheduledAt}, ${posts.updatedAt})`), desc(posts.createdAt))
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

  /** Cancels what has not gone out yet; what is published stays published. A series stops, with its future occurrences. */
  cancel(workspaceId: string, postId: string): Post {
    const post = this.get(workspaceId, postId);
    if (post.status === 'recurring') {
      this.series?.cancel(workspaceId, postId);
      const occurrences = this.deps.workspaces.db(workspaceId).orm.select({ id: posts.id }).from(posts).where(and(eq(posts.seriesId, postId), eq(posts.status, 'scheduled'))).all();
      for (const o of occurrences) {
        const occ = this.get(workspaceId, o.id);
        if (occ.targets.some((t) => t.state === 'queued')) this.cancelOne(workspaceId, occ, true);
      }
    }
    return this.cancelOne(workspaceId, post, false);
  }

  private cancelOne(workspaceId: string, post: Post, skipPublishing: boolean): Post {
    const db = this.deps.workspaces.db(workspaceId);
    const now = this.deps.clock.now().toISOString();
    const open = post.targets.filter((t) => t.state === 'queued' || t.state === 'failed' || t.state === 'needs_attention');
    if (!skipPublishing && post.targets.some((t) => t.state === 'publishing')) {
      throw new AppError('Conflict', 'This post is being published right now; wait a moment, then cancel what is left.');
    }
    db.write((orm) => {
      for (const t of open) {
        orm.update(postTargets).set({ state: 'cancelled', updatedAt: now }).where(and(eq(postTargets.id, t.id), inArray(postTargets.state, ['queued', 'failed', 'needs_attention']))).run();
        this.deps.queue.unschedule(workspaceId, t.id);
      }
      orm.update(posts).set({ status: 'cancelled', updatedAt: now }).where(eq(posts.id, post.id)).run();
    });
    this.deps.changed(workspaceId, [post.id]);
    return this.get(workspaceId, post.id);
  }

  /** Publishes a target again, where that is safe (publishing/retry.ts says when). */
  retry(workspaceId: string, targetId: string, confirmNotPosted = false): Post {
    const db = this.deps.workspaces.db(workspaceId);
    const target = this.target(db, targetId);
    db.write(() => {
      if (retryTarget({ targetId, db, clock: this.deps.clock, confirmNotPosted }) === 'queued') {
        // At its planned time if that is still ahead (a post held after an import), else now.
        const now = this.deps.clock.now().toISOString();
        this.deps.queue.schedule(workspaceId, target, target.scheduledAt && target.scheduledAt > now ? target.scheduledAt : now);
        // An occurrence of a repeating post held after an import: its release says the original
        // no longer posts the series, so the copy's series plans its next occurrences again.
        const seriesId = db.orm.select({ seriesId: posts.seriesId }).from(posts).where(eq(posts.id, target.postId)).get()?.seriesId;
        if (seriesId) this.series?.resume(workspaceId, seriesId);
      }
    });
    this.deps.changed(workspaceId, [target.postId]);
    return this.get(workspaceId, target.postId);
  }

  /** After an unknown outcome: looks on the platform, then marks it published or safe to post again. */
  async check(workspaceId: string, targetId: string): Promise<Post> {
    const db = this.deps.workspaces.db(workspaceId);
    const target = this.target(db, targetId);
    const result = await checkOnPlatform({ workspaceId, targetId, accounts: this.deps.accounts, db, clock: this.deps.clock });
    if (result.state === 'queued') this.deps.queue.schedule(workspaceId, target, this.deps.clock.now().toISOString());
    this.deps.changed(workspaceId, [target.postId]);
    return this.get(workspaceId, target.postId);
  }

  /** Runs `fn` as one transaction of this workspace's database: every post it creates, or none. */
  allOrNothing<T>(workspaceId: string, fn: () => T): T {
    return this.deps.workspaces.db(workspaceId).write(() => fn());
  }

  /** A library item as its stored file; an item removed from the library is refused in a sentence. */
  private resolver(workspaceId: string): MediaResolver {
    return (mediaId) => {
      let item: MediaItem;
      try {
        item = this.deps.media.get(workspaceId, mediaId);
      } catch (failure) {
        if (failure instanceof AppError && failure.name === 'NotFound') {
          throw new AppError('NotFound', `The media item ${mediaId} is no longer in this workspace's library; it may have been removed. Choose the file again (from the library or by path), then try again.`, { mediaId });
        }
        throw failure;
      }
      const captions = item.captions.length ? this.deps.media.captions(workspaceId, item.id) : [];
      return {
        path: this.deps.media.storedFile(workspaceId, item.storedPath),
        mimeType: item.mimeType,
        altText: item.altText,
        ...(item.width && item.height ? { width: item.width, height: item.height } : {}),
        ...(captions.length ? { captions } : {}),
      };
    };
  }

  private target(db: WorkspaceDb, targetId: string) {
    const row = db.orm.select().from(postTargets).where(eq(postTargets.id, targetId)).get();
    if (!row) throw new AppError('NotFound', `There is no publishing target ${targetId} in this workspace.`);
    return row;
  }

  private draftRow(db: WorkspaceDb, id: string) {
    const row = db.orm.select().from(posts).where(eq(posts.id, id)).get();
    if (!row) throw new AppError('NotFound', `There is no draft ${id} in this workspace; it may have been scheduled or deleted already.`);
    if (row.status !== 'draft') throw new AppError('Conflict', `Post ${id} is not a draft any more (it is ${row.status}); open it from the calendar instead.`);
    return row;
  }

  private zone(zone: string): string {
    if (!isValidTimeZone(zone)) throw new AppError('ValidationError', `"${zone}" is not a time zone PromoGPT knows; use an IANA name like Europe/Berlin.`);
    return zone;
  }

  private instant(text: string, zone: string): string {
    const local = parseLocalDateTime(text);
    if (!local) throw new AppError('ValidationError', `"${text}" is not a date and time; write it like 2026-03-29 09:00.`);
    return local.kind === 'instant' ? local.instant : zonedToUtc({ date: local.date, time: local.time, zone });
  }

  /** Each account's time: the same for all, or each account's own next free queue slot. */
  private times(workspaceId: string, when: Exclude<When, { kind: 'draft' | 'recurring' }>, accounts: Account[], now: string): { times: string[]; timeZone: string } {
    switch (when.kind) {
      case 'now':
        return { times: accounts.map(() => now), timeZone: systemTimeZone() };
      case 'at': {
        const timeZone = this.zone(when.timeZone);
        const at = this.instant(when.at, timeZone);
        if (at < now) throw new AppError('ValidationError', `${when.at} (${when.timeZone}) is in the past; choose a later time or post now.`);
        return { times: accounts.map(() => at), timeZone };
      }
      case 'nextSlot': {
        const handed: Record<string, string[]> = {};
        const times = accounts.map((a) => {
          const at = this.deps.slots.nextFor(workspaceId, a.id, a.handle, handed[a.id] ?? []);
          (handed[a.id] ??= []).push(at);
          return at;
        });
        return { times, timeZone: accounts[0] ? this.deps.slots.get(workspaceId, accounts[0].id).timeZone : systemTimeZone() };
      }
    }
  }

  /** Posts with their targets and attempts, in a few queries whatever the number of posts (the calendar loads thousands). */
  private assembleAll(workspaceId: string, db: WorkspaceDb, rows: (typeof posts.$inferSelect)[]): Post[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const targets = [];
    const attempts = [];
    const evergreen = new Set<string>();
    // SQLite limits bound parameters; 500 ids a query stays well inside it.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const t = db.orm.select().from(postTargets).where(inArray(postTargets.postId, chunk)).all();
      targets.push(...t);
      for (let j = 0; j < t.length; j += 500) {
        const tc = t.slice(j, j + 500).map((x) => x.id);
        attempts.push(...db.orm.select().from(publishAttempts).where(inArray(publishAttempts.targetId, tc)).orderBy(publishAttempts.id).all());
      }
      for (const e of db.orm.select({ id: evergreenPosts.postId }).from(evergreenPosts).where(inArray(evergreenPosts.postId, chunk)).all()) evergreen.add(e.id);
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
      source: row.source,
      recurrence: row.recurrence ? (JSON.parse(row.recurrence) as Post['recurrence']) : null,
      seriesId: row.seriesId,
      draft: row.status === 'draft' ? readContent(row.content) : null,
      evergreen: evergreen.has(row.id),
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
          scheduledAt: t.scheduledAt ?? row.scheduledAt,
          text: readContent(t.variant)?.text ?? row.text,
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
