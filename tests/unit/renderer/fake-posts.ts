import type { EventName, Events } from '../../../src-shared/contract';
import type {
  Account,
  ComposerDraft,
  DuplicateWarning,
  Post,
  PostStatus,
  PostTarget,
  PublishingSettings,
  QueueSchedule,
  TargetState,
  VariantOverride,
} from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { Platform } from '../../../src-shared/platforms/platform';
import { findDuplicates, nextFreeSlot, occurrences, type QueueSlot, type Recurrence, type ScheduledText } from '../../../src-shared/schedule';
import { isValidTimeZone, parseLocalDateTime, utcToZoned, zonedToUtc } from '../../../src-shared/schedule/zoned-time';
import { parseLikeTheCore } from './fake-accounts';

/** A post already in the workspace: a draft, a scheduled post, one that went out or failed. */
export interface PostSeed {
  workspaceId?: string;
  text: string;
  /** Accounts it goes to (ids from the account seeds: acct-1, acct-2, …). */
  accountIds?: string[];
  status?: PostStatus;
  /** UTC instant; null for drafts and series. */
  scheduledAt?: string | null;
  timeZone?: string;
  /** Every target's state; 'queued' unless given (drafts have no targets). */
  state?: TargetState;
  /** One sentence per target when it failed or needs attention. */
  message?: string | null;
  /** Every target's outcome fields beyond its state (the calendar's detail shows them): action, live link, attempts. */
  outcome?: Partial<Pick<PostTarget, 'action' | 'remoteUrl' | 'attempts' | 'publishedAt'>>;
  draft?: ComposerDraft;
  /** Per-platform versions: each target publishes its platform's text. */
  variants?: Partial<Record<Platform, VariantOverride>>;
  recurrence?: Post['recurrence'];
  seriesId?: string | null;
}

export interface QueueSeed {
  accountId: string;
  timeZone: string;
  slots: QueueSlot[];
}

type Handler = (input: Record<string, unknown>) => unknown;

const DEFAULT_SETTINGS: PublishingSettings = { lateWindowMinutes: 60, duplicateWindowHours: 24 };
/** How many occurrences of a series the fake lays out ahead, like the core's horizon. */
const SERIES_HORIZON = 20;

export const POST_METHODS = new Set<string>([
  'post.create',
  'post.saveDraft',
  'post.deleteDraft',
  'post.reschedule',
  'post.checkDuplicates',
  'post.list',
  'post.get',
  'post.cancel',
  'post.retryTarget',
  'post.checkTarget',
  'queue.get',
  'queue.set',
  'publishing.getSettings',
  'publishing.updateSettings',
]);

type StoredTarget = PostTarget;
interface StoredPost extends Omit<Post, 'targets'> {
  workspaceId: string;
  targets: StoredTarget[];
}

const ACTION_OF: Partial<Record<TargetState, PostTarget['action']>> = { failed: 'retry', needs_attention: 'check' };

/**
 * Posts, queues and publishing settings as src-main/core keeps them (post.*, queue.*, publishing.*):
 * same method names, contract checks, error names and wording style. Time comes from `now`, the
 * real clock unless given, because the composer computes times from the real clock too.
 */
export function createFakePosts(deps: {
  emit: <E extends EventName>(event: E, payload: Events[E]) => void;
  workspace: (id: unknown) => { id: string };
  /** The workspace's accounts (from fake-accounts). */
  accounts: (workspaceId: string) => Account[];
  posts?: PostSeed[];
  queues?: QueueSeed[];
  settings?: Partial<PublishingSettings>;
  now?: () => Date;
}) {
  const now = () => (deps.now ?? (() => new Date()))();
  let nextPost = 1;
  let nextTarget = 1;
  let posts: StoredPost[] = [];
  const queues = new Map<string, QueueSeed>((deps.queues ?? []).map((q) => [q.accountId, q]));
  const settings = new Map<string, PublishingSettings>();
  /** Failures the test wants the next call of a method to return, in order. */
  const failures = new Map<string, AppError[]>();
  /** Calls that wait until the test lets them go: see hold(). */
  const holds = new Map<string, Promise<void>>();

  const settingsOf = (workspaceId: string) => settings.get(workspaceId) ?? { ...DEFAULT_SETTINGS, ...deps.settings };
  const changed = (workspaceId: string, postIds: string[]) => deps.emit('posts.changed', { workspaceId, postIds });
  const stamp = () => now().toISOString();

  const account = (workspaceId: string, accountId: string) => {
    const found = deps.accounts(workspaceId).find((a) => a.id === accountId);
    if (!found) throw new AppError('NotFound', `There is no account ${accountId} in this workspace. Run \`promogpt account list\` to see them.`);
    return found;
  };
  const find = (workspaceId: string, postId: unknown) => {
    const post = posts.find((p) => p.workspaceId === workspaceId && p.id === postId);
    if (!post) throw new AppError('NotFound', `There is no post ${String(postId)} in this workspace. Run \`promogpt post list\` to see them.`);
    return post;
  };
  const findTarget = (workspaceId: string, targetId: unknown) => {
    for (const post of posts) {
      if (post.workspaceId !== workspaceId) continue;
      const target = post.targets.find((t) => t.id === targetId);
      if (target) return { post, target };
    }
    throw new AppError('NotFound', `There is no publishing target ${String(targetId)} in this workspace.`);
  };
  const publicPost = ({ workspaceId: _w, targets, ...post }: StoredPost): Post => ({
    ...post,
    targets: targets.map((t) => ({ ...t, attempts: t.attempts.map((a) => ({ ...a })) })),
  });
  const save = (post: StoredPost) => {
    posts = [...posts.filter((p) => p.id !== post.id), post];
    return post;
  };

  const textFor = (platform: Platform, text: string, variants: Partial<Record<Platform, VariantOverride>> | undefined) => variants?.[platform]?.text ?? text;

  const makeTarget = (acct: Account, text: string, scheduledAt: string | null, state: TargetState = 'queued', message: string | null = null): StoredTarget => ({
    id: `tgt-${nextTarget++}`,
    accountId: acct.id,
    platform: acct.platform,
    handle: acct.handle,
    state,
    scheduledAt,
    message,
    action: ACTION_OF[state] ?? null,
    remoteUrl: null,
    publishedAt: state === 'published' ? scheduledAt : null,
    attempts: [],
    text,
  });

  const makePost = (workspaceId: string, fields: Partial<StoredPost> & Pick<StoredPost, 'status' | 'text'>): StoredPost => {
    const at = stamp();
    return save({
      id: `post-${nextPost++}`,
      workspaceId,
      scheduledAt: null,
      timeZone: 'UTC',
      source: 'app',
      recurrence: null,
      seriesId: null,
      draft: null,
      evergreen: false,
      createdAt: at,
      updatedAt: at,
      targets: [],
      ...fields,
    });
  };

  /** Texts scheduled or published per account, for the duplicate guard. */
  const scheduledTexts = (workspaceId: string): ScheduledText[] =>
    posts
      .filter((p) => p.workspaceId === workspaceId && p.status === 'scheduled')
      .flatMap((p) =>
        p.targets
          .filter((t) => t.state !== 'cancelled' && t.scheduledAt !== null)
          .map((t) => ({ postId: p.id, accountId: t.accountId, text: t.text, at: t.scheduledAt as string })),
      );

  const duplicates = (
    workspaceId: string,
    input: { accountIds: string[]; text: string; variants?: Partial<Record<Platform, VariantOverride>>; postId?: string },
    atOf: (accountId: string) => string,
  ): DuplicateWarning[] => {
    const existing = scheduledTexts(workspaceId);
    const windowHours = settingsOf(workspaceId).duplicateWindowHours;
    return input.accountIds.flatMap((accountId) => {
      const acct = account(workspaceId, accountId);
      return findDuplicates({ text: textFor(acct.platform, input.text, input.variants), accountId, at: atOf(accountId), windowHours, existing, ...(input.postId ? { postId: input.postId } : {}) }).map(
        (clash) => ({ accountId, handle: acct.handle, postId: clash.postId, at: clash.at, minutesApart: clash.minutesApart }),
      );
    });
  };

  const describeClash = (w: DuplicateWarning) => {
    const apart = w.minutesApart < 60 ? `${w.minutesApart} minutes` : `${Math.round(w.minutesApart / 60)} hours`;
    return `The same text is already scheduled to ${w.handle} at ${w.at} (${apart} apart, post ${w.postId}). Change the text or the time, or schedule it anyway.`;
  };

  const nextSlotOf = (workspaceId: string, accountId: string, after: string): string | null => {
    const queue = queues.get(accountId);
    if (!queue) return null;
    const taken = scheduledTexts(workspaceId)
      .filter((s) => s.accountId === accountId)
      .map((s) => s.at);
    return nextFreeSlot({ slots: queue.slots, zone: queue.timeZone, after, taken });
  };

  const localInstant = (text: string, timeZone: string): string => {
    if (!isValidTimeZone(timeZone)) throw new AppError('ValidationError', `"${timeZone}" is not a time zone PromoGPT knows; use an IANA name like Europe/Berlin.`);
    const local = parseLocalDateTime(text);
    if (!local) throw new AppError('ValidationError', `"${text}" is not a date and time; write it like 2026-03-29 09:00.`);
    return local.kind === 'instant' ? local.instant : zonedToUtc({ date: local.date, time: local.time, zone: timeZone });
  };

  type CreateInput = {
    workspaceId: string;
    accountIds: string[];
    text: string;
    media: NonNullable<VariantOverride['media']>;
    thread: string[];
    firstComment?: string;
    variants: Partial<Record<Platform, VariantOverride>>;
    when:
      | { kind: 'now' }
      | { kind: 'draft' }
      | { kind: 'at'; at: string; timeZone: string }
      | { kind: 'nextSlot' }
      | { kind: 'recurring'; start: string; timeZone: string; rule: Recurrence };
    allowDuplicate?: boolean;
    draftId?: string;
  };

  const create = (input: CreateInput): Post => {
    const workspaceId = deps.workspace(input.workspaceId).id;
    const accounts = input.accountIds.map((id) => account(workspaceId, id));
    for (const a of accounts) {
      if (a.status !== 'connected') {
        throw new AppError('ValidationError', `${a.handle} is ${a.status === 'disconnected' ? 'disconnected' : 'waiting to be reconnected'}: reconnect it on the Accounts page first.`);
      }
    }
    if (input.draftId) {
      const draft = find(workspaceId, input.draftId);
      if (draft.status !== 'draft') throw new AppError('Conflict', `Post ${draft.id} is not a draft any more; it was scheduled already.`);
    }
    const current = stamp();
    const when = input.when;
    const draftOf = (): ComposerDraft => ({
      accountIds: input.accountIds,
      text: input.text,
      media: input.media,
      thread: input.thread,
      ...(input.firstComment !== undefined ? { firstComment: input.firstComment } : {}),
      variants: input.variants,
    });
    let created: StoredPost[];
    if (when.kind === 'draft') {
      created = [makePost(workspaceId, { status: 'draft', text: input.text, draft: draftOf() })];
    } else if (when.kind === 'recurring') {
      if (!isValidTimeZone(when.timeZone)) throw new AppError('ValidationError', `"${when.timeZone}" is not a time zone PromoGPT knows; use an IANA name like Europe/Berlin.`);
      const local = parseLocalDateTime(when.start);
      if (!local) throw new AppError('ValidationError', `"${when.start}" is not a date and time; write it like 2026-03-29 09:00.`);
      const start = local.kind === 'local' ? { date: local.date, time: local.time } : utcToZoned(local.instant, when.timeZone);
      const times = occurrences(start, when.timeZone, when.rule, { after: current, limit: SERIES_HORIZON });
      if (times.length === 0) throw new AppError('ValidationError', 'This repeat rule has no dates after now; change its start, end date or count.');
      const series = makePost(workspaceId, { status: 'recurring', text: input.text, timeZone: when.timeZone, recurrence: when.rule });
      const occurrencePosts = times.map((at) =>
        makePost(workspaceId, {
          status: 'scheduled',
          text: input.text,
          scheduledAt: at,
          timeZone: when.timeZone,
          seriesId: series.id,
          targets: accounts.map((a) => makeTarget(a, textFor(a.platform, input.text, input.variants), at)),
        }),
      );
      created = [series, ...occurrencePosts];
    } else {
      let atOf: (accountId: string) => string;
      let timeZone = 'UTC';
      if (when.kind === 'now') atOf = () => current;
      else if (when.kind === 'at') {
        const at = localInstant(when.at, when.timeZone);
        if (at < current) throw new AppError('ValidationError', `${when.at} (${when.timeZone}) is in the past; choose a later time or post now.`);
        atOf = () => at;
        timeZone = when.timeZone;
      } else {
        const slots = new Map<string, string>();
        for (const a of accounts) {
          const slot = nextSlotOf(workspaceId, a.id, current);
          if (!slot) throw new AppError('ValidationError', `${a.handle} has no free queue slot in the next 8 weeks; add slots to its queue or pick a time.`);
          slots.set(a.id, slot);
        }
        atOf = (id) => slots.get(id) as string;
        timeZone = queues.get(accounts[0]?.id ?? '')?.timeZone ?? 'UTC';
      }
      if (!input.allowDuplicate) {
        const clashes = duplicates(workspaceId, input, atOf);
        const first = clashes[0];
        if (first) throw new AppError('Conflict', describeClash(first), { duplicates: clashes });
      }
      const targets = accounts.map((a) => makeTarget(a, textFor(a.platform, input.text, input.variants), atOf(a.id)));
      const earliest = targets.map((t) => t.scheduledAt as string).sort()[0] ?? null;
      created = [makePost(workspaceId, { status: 'scheduled', text: input.text, scheduledAt: earliest, timeZone, targets })];
    }
    if (input.draftId) posts = posts.filter((p) => p.id !== input.draftId);
    changed(workspaceId, [...created.map((p) => p.id), ...(input.draftId ? [input.draftId] : [])]);
    return publicPost(created[0] as StoredPost);
  };

  const handlers: Record<string, Handler> = {
    'post.create': (input) => create(input as unknown as CreateInput),
    'post.saveDraft': ({ workspaceId, draftId, draft }) => {
      const ws = deps.workspace(workspaceId).id;
      const content = draft as ComposerDraft;
      if (draftId) {
        const existing = find(ws, draftId);
        if (existing.status !== 'draft') throw new AppError('Conflict', `Post ${existing.id} is not a draft any more; it was scheduled already.`);
        const saved = save({ ...existing, text: content.text, draft: content, updatedAt: stamp() });
        changed(ws, [saved.id]);
        return publicPost(saved);
      }
      const saved = makePost(ws, { status: 'draft', text: content.text, draft: content });
      changed(ws, [saved.id]);
      return publicPost(saved);
    },
    'post.deleteDraft': ({ workspaceId, postId }) => {
      const ws = deps.workspace(workspaceId).id;
      const post = find(ws, postId);
      if (post.status !== 'draft') throw new AppError('Conflict', `Post ${post.id} is not a draft; cancel it instead, which keeps its history.`);
      posts = posts.filter((p) => p.id !== post.id);
      changed(ws, [post.id]);
      return { id: post.id };
    },
    'post.reschedule': ({ workspaceId, postId, at, timeZone, allowDuplicate }) => {
      const ws = deps.workspace(workspaceId).id;
      const post = find(ws, postId);
      if (post.status !== 'scheduled' || post.targets.every((t) => t.state !== 'queued')) {
        throw new AppError('Conflict', `Post ${post.id} has nothing left to publish, so it cannot move; duplicate it instead.`);
      }
      const instant = localInstant(String(at), String(timeZone));
      const current = stamp();
      if (instant < current) throw new AppError('ValidationError', `${String(at)} (${String(timeZone)}) is in the past; choose a later time or post now.`);
      if (!allowDuplicate) {
        const clashes = post.targets.flatMap((t) =>
          findDuplicates({ text: t.text, accountId: t.accountId, at: instant, windowHours: settingsOf(ws).duplicateWindowHours, existing: scheduledTexts(ws), postId: post.id }).map((c) => ({
            accountId: t.accountId,
            handle: t.handle,
            postId: c.postId,
            at: c.at,
            minutesApart: c.minutesApart,
          })),
        );
        const first = clashes[0];
        if (first) throw new AppError('Conflict', describeClash(first), { duplicates: clashes });
      }
      const moved = save({
        ...post,
        scheduledAt: instant,
        timeZone: String(timeZone),
        updatedAt: current,
        targets: post.targets.map((t) => (t.state === 'queued' ? { ...t, scheduledAt: instant } : t)),
      });
      changed(ws, [moved.id]);
      return publicPost(moved);
    },
    'post.checkDuplicates': ({ workspaceId, accountIds, text, variants, at, postId }) => {
      const ws = deps.workspace(workspaceId).id;
      const instant = (at as string | undefined) ?? stamp();
      return duplicates(
        ws,
        { accountIds: accountIds as string[], text: String(text), variants: variants as Partial<Record<Platform, VariantOverride>>, ...(postId ? { postId: String(postId) } : {}) },
        () => instant,
      );
    },
    'post.list': ({ workspaceId, status, from, to, limit }) => {
      const ws = deps.workspace(workspaceId).id;
      const postStatuses = new Set(['draft', 'scheduled', 'cancelled', 'recurring']);
      return posts
        .filter((p) => p.workspaceId === ws)
        .filter((p) => (status === undefined ? true : postStatuses.has(String(status)) ? p.status === status : p.targets.some((t) => t.state === status)))
        .filter((p) => (from === undefined ? true : p.scheduledAt !== null && p.scheduledAt >= String(from)))
        .filter((p) => (to === undefined ? true : p.scheduledAt !== null && p.scheduledAt <= String(to)))
        .sort((a, b) => (b.scheduledAt ?? '').localeCompare(a.scheduledAt ?? '') || b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id, 'en', { numeric: true }))
        .slice(0, (limit as number | undefined) ?? 500)
        .map(publicPost);
    },
    'post.get': ({ workspaceId, postId }) => publicPost(find(deps.workspace(workspaceId).id, postId)),
    'post.cancel': ({ workspaceId, postId }) => {
      const ws = deps.workspace(workspaceId).id;
      const post = find(ws, postId);
      if (post.targets.some((t) => t.state === 'publishing')) {
        throw new AppError('Conflict', 'This post is being published right now; wait a moment, then cancel what is left.');
      }
      const open = new Set<TargetState>(['queued', 'failed', 'needs_attention']);
      const cancelled = save({
        ...post,
        status: 'cancelled',
        updatedAt: stamp(),
        targets: post.targets.map((t) => (open.has(t.state) ? { ...t, state: 'cancelled', action: null, message: null } : t)),
      });
      changed(ws, [cancelled.id]);
      return publicPost(cancelled);
    },
    'post.retryTarget': ({ workspaceId, targetId, confirmNotPosted }) => {
      const ws = deps.workspace(workspaceId).id;
      const { post, target } = findTarget(ws, targetId);
      if (target.state === 'needs_attention' && !confirmNotPosted) {
        throw new AppError('Conflict', `PromoGPT does not know whether this reached ${target.handle}. Check on the platform first; retry only if it is not there.`);
      }
      if (target.state !== 'failed' && target.state !== 'needs_attention') {
        throw new AppError('Conflict', `This target is ${target.state.replace('_', ' ')}; only a failed one can be retried.`);
      }
      const retried = save({ ...post, updatedAt: stamp(), targets: post.targets.map((t) => (t.id === target.id ? { ...t, state: 'queued', action: null, message: null, scheduledAt: stamp() } : t)) });
      changed(ws, [retried.id]);
      return publicPost(retried);
    },
    'post.checkTarget': ({ workspaceId, targetId }) => {
      const ws = deps.workspace(workspaceId).id;
      const { post, target } = findTarget(ws, targetId);
      if (target.state !== 'needs_attention') return publicPost(post);
      // The fake's platform never has it: safe to post again.
      const checked = save({ ...post, updatedAt: stamp(), targets: post.targets.map((t) => (t.id === target.id ? { ...t, state: 'queued', action: null, message: null, scheduledAt: stamp() } : t)) });
      changed(ws, [checked.id]);
      return publicPost(checked);
    },
    'queue.get': ({ workspaceId, accountId }): QueueSchedule => {
      const ws = deps.workspace(workspaceId).id;
      const acct = account(ws, String(accountId));
      const queue = queues.get(acct.id);
      return {
        accountId: acct.id,
        timeZone: queue?.timeZone ?? 'UTC',
        slots: queue?.slots ?? [],
        nextFreeSlot: nextSlotOf(ws, acct.id, stamp()),
      };
    },
    'queue.set': ({ workspaceId, accountId, timeZone, slots }): QueueSchedule => {
      const ws = deps.workspace(workspaceId).id;
      const acct = account(ws, String(accountId));
      if (!isValidTimeZone(timeZone)) throw new AppError('ValidationError', `"${String(timeZone)}" is not a time zone PromoGPT knows; use an IANA name like Europe/Berlin.`);
      queues.set(acct.id, { accountId: acct.id, timeZone, slots: slots as QueueSlot[] });
      return { accountId: acct.id, timeZone, slots: slots as QueueSlot[], nextFreeSlot: nextSlotOf(ws, acct.id, stamp()) };
    },
    'publishing.getSettings': ({ workspaceId }) => settingsOf(deps.workspace(workspaceId).id),
    'publishing.updateSettings': ({ workspaceId, lateWindowMinutes, duplicateWindowHours }) => {
      const ws = deps.workspace(workspaceId).id;
      const current = settingsOf(ws);
      const next: PublishingSettings = {
        lateWindowMinutes: (lateWindowMinutes as number | undefined) ?? current.lateWindowMinutes,
        duplicateWindowHours: (duplicateWindowHours as number | undefined) ?? current.duplicateWindowHours,
      };
      settings.set(ws, next);
      return next;
    },
  };

  // Every method: a failure the test queued comes first, then the contract's check, then the handler.
  const wrapped: Record<string, Handler> = Object.fromEntries(
    Object.entries(handlers).map(([method, handler]) => [
      method,
      (input: Record<string, unknown>) => {
        const queued = failures.get(method);
        const failure = queued?.shift();
        if (failure) throw failure;
        const held = holds.get(method);
        if (held) return held.then(() => handler(parseLikeTheCore(method, input)));
        return handler(parseLikeTheCore(method, input));
      },
    ]),
  );

  const seed = (s: PostSeed): Post => {
    const workspaceId = s.workspaceId ?? 'ws-1';
    const status = s.status ?? 'scheduled';
    const scheduledAt = s.scheduledAt === undefined ? (status === 'draft' || status === 'recurring' ? null : stamp()) : s.scheduledAt;
    const accounts = (s.accountIds ?? []).map((id) => account(workspaceId, id));
    const post = makePost(workspaceId, {
      status,
      text: s.text,
      scheduledAt,
      timeZone: s.timeZone ?? 'UTC',
      recurrence: s.recurrence ?? null,
      seriesId: s.seriesId ?? null,
      draft: s.draft ?? (status === 'draft' ? { accountIds: s.accountIds ?? [], text: s.text, media: [], thread: [], variants: {} } : null),
      targets: status === 'draft' || status === 'recurring' ? [] : accounts.map((a) => ({ ...makeTarget(a, textFor(a.platform, s.text, s.variants), scheduledAt, s.state ?? 'queued', s.message ?? null), ...s.outcome })),
    });
    return publicPost(post);
  };
  // Seeds name accounts, which exist by the time the first call comes in.
  const pendingSeeds = [...(deps.posts ?? [])];
  const ensureSeeded = () => {
    while (pendingSeeds.length) seed(pendingSeeds.shift() as PostSeed);
  };
  const seededHandlers: Record<string, Handler> = Object.fromEntries(
    Object.entries(wrapped).map(([method, handler]) => [
      method,
      (input: Record<string, unknown>) => {
        ensureSeeded();
        return handler(input);
      },
    ]),
  );

  return {
    handlers: seededHandlers,
    /** The evergreen pool's membership, as the core shows it on each post (fake-schedule sets it). */
    setEvergreen(postId: string, on: boolean) {
      ensureSeeded();
      const post = posts.find((p) => p.id === postId);
      if (!post) return;
      save({ ...post, evergreen: on });
      changed(post.workspaceId, [postId]);
    },
    /** A post added behind the UI's back (another window, the CLI): the core pushes posts.changed. */
    add(s: PostSeed): Post {
      ensureSeeded();
      const post = seed(s);
      changed(s.workspaceId ?? 'ws-1', [post.id]);
      return post;
    },
    postsOf(workspaceId = 'ws-1'): Post[] {
      ensureSeeded();
      return posts.filter((p) => p.workspaceId === workspaceId).map(publicPost);
    },
    /** What the publisher would do: a target goes out, fails or needs attention. */
    setTargetState(targetId: string, state: TargetState, message: string | null = null) {
      ensureSeeded();
      const owner = posts.find((p) => p.targets.some((t) => t.id === targetId));
      if (!owner) throw new Error(`No target ${targetId}`);
      save({
        ...owner,
        targets: owner.targets.map((t) =>
          t.id === targetId ? { ...t, state, message, action: ACTION_OF[state] ?? null, publishedAt: state === 'published' ? stamp() : t.publishedAt } : t,
        ),
      });
      changed(owner.workspaceId, [owner.id]);
    },
    /** The next call of `method` fails with this error (once per call to failNext). */
    failNext(method: string, error: AppError) {
      failures.set(method, [...(failures.get(method) ?? []), error]);
    },
    /** Calls of `method` wait until the returned function is called (to see "Saving…" states). */
    hold(method: string): () => void {
      let release = () => {};
      holds.set(
        method,
        new Promise<void>((resolve) => {
          release = () => {
            holds.delete(method);
            resolve();
          };
        }),
      );
      return () => release();
    },
  };
}

export type FakePosts = ReturnType<typeof createFakePosts>;
