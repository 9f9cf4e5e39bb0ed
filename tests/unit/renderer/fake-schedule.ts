import type { EvergreenPool, Post } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { isValidTimeZone, occurrences, pickEvergreen, utcToZoned } from '../../../src-shared/schedule';
import { parseLikeTheCore } from './fake-accounts';

type Handler = (input: Record<string, unknown>) => unknown;

interface Cadence {
  enabled: boolean;
  everyDays: number;
  time: string;
  timeZone: string;
  minGapDays: number;
  /** The day the cadence counts from: set again whenever its days, time or zone change. */
  anchorDate: string;
}

interface Entry {
  postId: string;
  addedAt: string;
  lastQueuedAt: string | null;
}

export const SCHEDULE_METHODS = new Set<string>(['evergreen.get', 'evergreen.configure', 'evergreen.add', 'evergreen.remove']);

/**
 * The evergreen pool as src-main/core/posts/evergreen-pool.ts keeps it: same defaults, cadence,
 * next-run rule, error names and wording, checked against the contract. queue.* and publishing.*
 * are in fake-posts.ts, whose queue's next free slot counts the posts it holds.
 */
export function createFakeSchedule(deps: {
  workspace: (id: unknown) => { id: string };
  /** The posts (from fake-posts): the pool shows their text and only takes scheduled or published ones. */
  posts: { handlers: Record<string, Handler>; postsOf: (workspaceId: string) => Post[]; setEvergreen: (postId: string, on: boolean) => void };
  now?: () => Date;
}) {
  const now = () => (deps.now ?? (() => new Date()))();
  const cadences = new Map<string, Cadence>();
  const pools = new Map<string, Entry[]>();

  const cadenceOf = (workspaceId: string): Cadence => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    return cadences.get(workspaceId) ?? { enabled: false, everyDays: 1, time: '10:00', timeZone: zone, minGapDays: 30, anchorDate: utcToZoned(now(), zone).date };
  };
  const entriesOf = (workspaceId: string) => pools.get(workspaceId) ?? [];
  const nextRun = (c: Cadence) =>
    occurrences({ date: c.anchorDate, time: c.time }, c.timeZone, { every: c.everyDays, unit: 'day' }, { after: now().toISOString(), limit: 1 })[0] ?? null;

  const poolOf = (workspaceId: string): EvergreenPool => {
    const { anchorDate: _a, ...cadence } = cadenceOf(workspaceId);
    const posts = new Map(deps.posts.postsOf(workspaceId).map((p) => [p.id, p]));
    const entries = entriesOf(workspaceId).flatMap((e) => {
      const post = posts.get(e.postId);
      return post ? [{ ...e, text: post.text, accountIds: post.targets.map((t) => t.accountId) }] : [];
    });
    return { ...cadence, nextRunAt: cadence.enabled && entries.length ? nextRun(cadenceOf(workspaceId)) : null, entries };
  };

  const handlers: Record<string, Handler> = {
    'evergreen.get': ({ workspaceId }) => poolOf(deps.workspace(workspaceId).id),
    'evergreen.configure': ({ workspaceId, ...patch }) => {
      const ws = deps.workspace(workspaceId).id;
      if (patch.timeZone !== undefined && !isValidTimeZone(patch.timeZone)) {
        throw new AppError('ValidationError', `"${String(patch.timeZone)}" is not a time zone PromoGPT knows; use an IANA name like Europe/Berlin.`);
      }
      const next: Cadence = { ...cadenceOf(ws), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
      if (patch.everyDays !== undefined || patch.time !== undefined || patch.timeZone !== undefined) next.anchorDate = utcToZoned(now(), next.timeZone).date;
      cadences.set(ws, next);
      return poolOf(ws);
    },
    'evergreen.add': ({ workspaceId, postId }) => {
      const ws = deps.workspace(workspaceId).id;
      const post = deps.posts.handlers['post.get']?.({ workspaceId: ws, postId }) as Post; // NotFound in the posts' words
      if (post.status === 'draft' || post.status === 'recurring') {
        throw new AppError('ValidationError', `Only a scheduled or published post can go in the evergreen pool; post ${post.id} is ${post.status === 'draft' ? 'a draft' : 'a repeating series'}.`);
      }
      if (post.targets.length === 0) throw new AppError('ValidationError', `Post ${post.id} has no accounts to re-post to.`);
      if (!entriesOf(ws).some((e) => e.postId === post.id)) pools.set(ws, [...entriesOf(ws), { postId: post.id, addedAt: now().toISOString(), lastQueuedAt: null }]);
      deps.posts.setEvergreen(post.id, true);
      return poolOf(ws);
    },
    'evergreen.remove': ({ workspaceId, postId }) => {
      const ws = deps.workspace(workspaceId).id;
      pools.set(ws, entriesOf(ws).filter((e) => e.postId !== postId));
      deps.posts.setEvergreen(String(postId), false);
      return poolOf(ws);
    },
  };

  const schedule = {
    /** Each method checks its input against the contract first, as the core's dispatcher does. */
    handlers: Object.fromEntries(Object.entries(handlers).map(([method, handler]) => [method, (input: Record<string, unknown>) => handler(parseLikeTheCore(method, input))])),
    /** What one run of the pool would pick now (the core's rule), and marks it queued; null when none is due. */
    run(workspaceId = 'ws-1'): string | null {
      const chosen = pickEvergreen({ pool: entriesOf(workspaceId), now: now(), minGapDays: cadenceOf(workspaceId).minGapDays });
      if (chosen) pools.set(workspaceId, entriesOf(workspaceId).map((e) => (e.postId === chosen ? { ...e, lastQueuedAt: now().toISOString() } : e)));
      return chosen;
    },
  };
  made.set(deps.posts, schedule);
  return schedule;
}

/** fake-core makes the schedule fake inline; a test reaches it through the posts fake it was made with. */
const made = new WeakMap<object, FakeSchedule>();

export function fakeScheduleOf(posts: object): FakeSchedule {
  const schedule = made.get(posts);
  if (!schedule) throw new Error('No fake schedule was made with these posts');
  return schedule;
}

export type FakeSchedule = ReturnType<typeof createFakeSchedule>;
