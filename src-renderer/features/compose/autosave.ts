// Nothing typed is lost: every change is written to this device at once (a crash or a failed call
// keeps it), and, a moment after typing stops, saved to the core as a draft.

import { z } from 'zod';
import { composerDraft } from '../../../src-shared/contract/posts';
import type { Api } from '../../api/client';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/error-message';
import { hasContent, type WhenState } from './composer-logic';
import type { ComposerStore } from './composer-store';

export const AUTOSAVE_DELAY_MS = 1000;

const localKey = (workspaceId: string) => `promogpt.composer.${workspaceId}`;

const weekday = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6), z.literal(7)]);
const localCopy = z.object({
  version: z.literal(1),
  draftId: z.string().nullable(),
  draft: composerDraft,
  when: z
    .object({
      kind: z.enum(['now', 'at', 'nextSlot', 'recurring']),
      date: z.string(),
      time: z.string(),
      timeZone: z.string(),
      every: z.number(),
      unit: z.enum(['day', 'week']),
      weekdays: z.array(weekday),
      end: z.enum(['never', 'until', 'count']),
      until: z.string(),
      count: z.number(),
    })
    .optional(),
  /** Changes the core has not saved yet. */
  dirty: z.boolean(),
});

export type LocalCopy = z.infer<typeof localCopy> & { when?: WhenState };

/** The copy this device kept for the workspace; null when there is none or it cannot be read. */
export function readLocal(workspaceId: string): LocalCopy | null {
  try {
    const raw = window.localStorage.getItem(localKey(workspaceId));
    if (!raw) return null;
    const parsed = localCopy.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Keeps the copy, or drops it when there is nothing worth keeping. Storage full or off: the core's draft remains. */
export function writeLocal(workspaceId: string, copy: Omit<LocalCopy, 'version'>): void {
  try {
    if (!hasContent(copy.draft) && copy.draftId === null) window.localStorage.removeItem(localKey(workspaceId));
    else window.localStorage.setItem(localKey(workspaceId), JSON.stringify({ version: 1, ...copy }));
  } catch {
    // Nothing better to do here: the save to the core still runs and reports its own outcome.
  }
}

export function clearLocal(workspaceId: string): void {
  try {
    window.localStorage.removeItem(localKey(workspaceId));
  } catch {
    // As above.
  }
}

export interface Autosave {
  /** Saves to the core now if anything is unsaved; resolves true when the core has it all. */
  flush(): Promise<boolean>;
  stop(): void;
}

/** Follows the store: local copy at every change, core draft `delayMs` after the last edit. */
export function startAutosave(store: ComposerStore, api: Api, delayMs = AUTOSAVE_DELAY_MS): Autosave {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<boolean> | null = null;
  let again = false;

  const keepLocal = () => {
    const { workspaceId, draftId, draft, when, dirty } = store.getState();
    writeLocal(workspaceId, { draftId, draft, when, dirty });
  };

  const saveOnce = async (): Promise<boolean> => {
    const { workspaceId, draftId, draft, when, epoch } = store.getState();
    // The "When" travels with the draft, so it reopens as it was on any device.
    const saved = { ...draft, when };
    store.setState({ save: { state: 'saving' } });
    try {
      let post;
      try {
        post = await api.call('post.saveDraft', { workspaceId, draft: saved, ...(draftId ? { draftId } : {}) });
      } catch (failure) {
        // The draft was deleted or scheduled elsewhere: keep the text as a new draft.
        if (!draftId || !(failure instanceof ApiError) || (failure.info.name !== 'NotFound' && !/not a draft/i.test(failure.info.message))) throw failure;
        post = await api.call('post.saveDraft', { workspaceId, draft: saved });
      }
      const now = store.getState();
      if (now.epoch !== epoch) return true;
      store.setState({ draftId: post.id, dirty: now.draft !== draft, save: { state: 'saved', at: post.updatedAt } });
      keepLocal();
      return now.draft === draft;
    } catch (failure) {
      if (store.getState().epoch === epoch) store.setState({ save: { state: 'failed', reason: errorMessage(failure) } });
      return false;
    }
  };

  const run = (): Promise<boolean> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let ok = await saveOnce();
      while (again) {
        again = false;
        if (store.getState().dirty && hasContent(store.getState().draft)) ok = await saveOnce();
      }
      running = null;
      return ok;
    })();
    return running;
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.draft === previous.draft && state.when === previous.when && state.draftId === previous.draftId && state.dirty === previous.dirty) return;
    keepLocal();
    if (state.draft !== previous.draft && state.epoch === previous.epoch && state.dirty && hasContent(state.draft)) {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void run();
      }, delayMs);
    }
  });

  // Restored content the core never got (the app closed before the save): save it now.
  if (store.getState().dirty && hasContent(store.getState().draft)) void run();

  return {
    async flush() {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      if (running) await running;
      const { dirty, draft } = store.getState();
      if (!dirty || !hasContent(draft)) return true;
      return run();
    },
    stop() {
      unsubscribe();
      // Leaving the page right after typing: save what is waiting rather than drop the timer.
      if (timer) {
        clearTimeout(timer);
        timer = null;
        void run();
      }
    },
  };
}
