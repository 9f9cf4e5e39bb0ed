import type { EventBus } from '../events';

const DELAY_MS = 100;
/** Past this many ids an event says "reload all" (an empty list) rather than naming each. */
const MAX_IDS = 200;

/**
 * `posts.changed` events, gathered for 100 ms per workspace: a burst of publishes (a thousand
 * posts due in the same minute) becomes a few events, not thousands of UI reloads.
 */
export function postsChangedEvents(events: EventBus): { changed(workspaceId: string, postIds: string[]): void; flush(): void } {
  const pending = new Map<string, Set<string>>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    for (const [workspaceId, ids] of pending) events.emit('posts.changed', { workspaceId, postIds: ids.size > MAX_IDS ? [] : [...ids] });
    pending.clear();
  };
  return {
    changed(workspaceId, postIds) {
      const ids = pending.get(workspaceId) ?? new Set<string>();
      for (const id of postIds) ids.add(id);
      pending.set(workspaceId, ids);
      timer ??= setTimeout(flush, DELAY_MS);
      timer.unref?.();
    },
    flush() {
      if (timer) clearTimeout(timer);
      flush();
    },
  };
}
