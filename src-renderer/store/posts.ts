import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { Events } from '../../src-shared/contract';
import type { Post } from '../../src-shared/domain';
import { ApiError } from '../api/client';
import type { Api } from '../api/client';
import { errorMessage } from '../api/error-message';

/** The instants a calendar view covers (post.list's from and to, both inclusive). */
export interface PostsRange {
  from: string;
  to: string;
}

/** As many posts as post.list returns in one call: more than this in one view is said, not hidden. */
export const POSTS_LIMIT = 10_000;
/** Changes pushed within this many milliseconds are fetched together. */
export const CHANGE_DEBOUNCE_MS = 150;
/** Up to this many changed posts are fetched one by one; more reload the whole range. */
const FETCH_ONE_BY_ONE = 50;

export interface PostsState {
  workspaceId: string | null;
  range: PostsRange | null;
  /** True until the first list of this workspace and range arrived (or failed). */
  loading: boolean;
  /** Why the last load failed, in the core's words. */
  error: string | null;
  /** The range's posts by id; a new Map on every change. */
  posts: ReadonlyMap<string, Post>;
  /** The range held more posts than one list returns. */
  truncated: boolean;
  /** Drafts of the workspace: they have no time, so the calendar only counts them. */
  draftCount: number;
  load(workspaceId: string, range: PostsRange): Promise<void>;
  reload(): Promise<void>;
  /** posts.changed from the core: fetched again after a short quiet spell. */
  changed(payload: Events['posts.changed']): void;
  /**
   * Moves a post at once on screen and asks the core; puts it back and throws the core's error
   * when the core refuses (a clash found by the duplicate guard is a Conflict).
   */
  reschedule(postId: string, move: { at: string; timeZone: string; instant: string }, allowDuplicate?: boolean): Promise<Post>;
  cancel(postId: string): Promise<Post>;
  retry(targetId: string, confirmNotPosted?: boolean): Promise<Post>;
  check(targetId: string): Promise<Post>;
  /** Follows posts.changed; returns the function that stops it. */
  start(): () => void;
}

export type PostsStore = StoreApi<PostsState>;

/** A failed move the user can overrule: the duplicate guard found the same text close in time. */
export const isDuplicateClash = (error: unknown): boolean => error instanceof ApiError && error.info.name === 'Conflict' && Array.isArray(error.info.details?.duplicates);

const isNotFound = (error: unknown) => error instanceof ApiError && error.info.name === 'NotFound';

/** The post as it will look once moved: its queued accounts go at the new instant. */
function moved(post: Post, instant: string, timeZone: string): Post {
  const targets = post.targets.map((t) => (t.state === 'queued' ? { ...t, scheduledAt: instant } : t));
  const times = targets.map((t) => t.scheduledAt).filter((t): t is string => t !== null);
  const earliest = times.length > 0 ? times.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b)) : instant;
  return { ...post, timeZone, scheduledAt: earliest, targets };
}

function inRange(post: Post, range: PostsRange): boolean {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  const times = [post.scheduledAt, ...post.targets.map((t) => t.scheduledAt)].filter((t): t is string => t !== null);
  return times.some((t) => {
    const ms = Date.parse(t);
    return ms >= from && ms <= to;
  });
}

export function createPostsStore(api: Api): PostsStore {
  let generation = 0;
  let pendingIds = new Set<string>();
  let reloadAll = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  return createStore<PostsState>()((set, get) => {
    const isCurrent = (workspaceId: string) => get().workspaceId === workspaceId;

    const keep = (workspaceId: string, post: Post) => {
      if (!isCurrent(workspaceId)) return;
      const posts = new Map(get().posts);
      const range = get().range;
      if (post.status === 'draft' || (range && !inRange(post, range))) posts.delete(post.id);
      else posts.set(post.id, post);
      set({ posts });
    };

    const countDrafts = async (workspaceId: string) => {
      try {
        const drafts = await api.call('post.list', { workspaceId, status: 'draft', limit: POSTS_LIMIT });
        if (isCurrent(workspaceId)) set({ draftCount: drafts.length });
      } catch {
        // The count is a convenience; the calendar itself says when loading failed.
      }
    };

    const fetchChanged = async () => {
      timer = null;
      const ids = [...pendingIds];
      const everything = reloadAll;
      pendingIds = new Set();
      reloadAll = false;
      const { workspaceId } = get();
      if (!workspaceId || (ids.length === 0 && !everything)) return;
      if (everything || ids.length > FETCH_ONE_BY_ONE) {
        await get().reload();
        return;
      }
      let draftsMayHaveChanged = false;
      const results = await Promise.all(
        ids.map(async (postId) => {
          try {
            return { postId, post: await api.call('post.get', { workspaceId, postId }) };
          } catch (failure) {
            return { postId, post: null, gone: isNotFound(failure) };
          }
        }),
      );
      if (!isCurrent(workspaceId)) return;
      const posts = new Map(get().posts);
      const range = get().range;
      for (const result of results) {
        const known = posts.has(result.postId);
        if (!result.post) {
          // Gone (a deleted draft, or one that became a post): drop it. Any other failure keeps what is shown.
          if ('gone' in result && result.gone) {
            posts.delete(result.postId);
            draftsMayHaveChanged = true;
          }
          continue;
        }
        if (!known || result.post.status === 'draft') draftsMayHaveChanged = true;
        if (result.post.status === 'draft' || (range && !inRange(result.post, range))) posts.delete(result.postId);
        else posts.set(result.postId, result.post);
      }
      set({ posts });
      if (draftsMayHaveChanged) await countDrafts(workspaceId);
    };

    return {
      workspaceId: null,
      range: null,
      loading: true,
      error: null,
      posts: new Map(),
      truncated: false,
      draftCount: 0,

      async load(workspaceId, range) {
        const mine = ++generation;
        const sameWorkspace = get().workspaceId === workspaceId;
        set({
          workspaceId,
          range,
          loading: true,
          error: null,
          ...(sameWorkspace ? {} : { posts: new Map(), truncated: false, draftCount: 0 }),
        });
        if (!sameWorkspace) void countDrafts(workspaceId);
        try {
          const list = await api.call('post.list', { workspaceId, from: range.from, to: range.to, limit: POSTS_LIMIT });
          if (mine !== generation) return;
          set({ loading: false, error: null, posts: new Map(list.map((p) => [p.id, p])), truncated: list.length >= POSTS_LIMIT });
        } catch (failure) {
          if (mine === generation) set({ loading: false, error: errorMessage(failure) });
        }
      },

      async reload() {
        const { workspaceId, range } = get();
        if (!workspaceId || !range) return;
        await get().load(workspaceId, range);
        await countDrafts(workspaceId);
      },

      changed({ workspaceId, postIds }) {
        if (!isCurrent(workspaceId)) return;
        // An empty list means "many changed": reload everything.
        if (postIds.length === 0) reloadAll = true;
        for (const id of postIds) pendingIds.add(id);
        if (timer === null) timer = setTimeout(() => void fetchChanged(), CHANGE_DEBOUNCE_MS);
      },

      async reschedule(postId, move, allowDuplicate) {
        const { workspaceId } = get();
        const before = get().posts.get(postId);
        if (!workspaceId || !before) throw new Error(`Post ${postId} is not on the calendar`);
        const optimistic = moved(before, move.instant, move.timeZone);
        set({ posts: new Map(get().posts).set(postId, optimistic) });
        try {
          const post = await api.call('post.reschedule', {
            workspaceId,
            postId,
            at: move.at,
            timeZone: move.timeZone,
            ...(allowDuplicate ? { allowDuplicate: true } : {}),
          });
          keep(workspaceId, post);
          return post;
        } catch (failure) {
          // Put it back, unless a pushed change has replaced it meanwhile.
          if (isCurrent(workspaceId) && get().posts.get(postId) === optimistic) set({ posts: new Map(get().posts).set(postId, before) });
          throw failure;
        }
      },

      async cancel(postId) {
        const { workspaceId } = get();
        if (!workspaceId) throw new Error('No workspace is open');
        const post = await api.call('post.cancel', { workspaceId, postId });
        keep(workspaceId, post);
        return post;
      },

      async retry(targetId, confirmNotPosted) {
        const { workspaceId } = get();
        if (!workspaceId) throw new Error('No workspace is open');
        const post = await api.call('post.retryTarget', { workspaceId, targetId, ...(confirmNotPosted ? { confirmNotPosted: true } : {}) });
        keep(workspaceId, post);
        return post;
      },

      async check(targetId) {
        const { workspaceId } = get();
        if (!workspaceId) throw new Error('No workspace is open');
        const post = await api.call('post.checkTarget', { workspaceId, targetId });
        keep(workspaceId, post);
        return post;
      },

      start() {
        const stop = api.on('posts.changed', (payload) => get().changed(payload));
        return () => {
          stop();
          if (timer !== null) clearTimeout(timer);
          timer = null;
          pendingIds = new Set();
          reloadAll = false;
        };
      },
    };
  });
}
