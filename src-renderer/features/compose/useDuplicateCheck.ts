import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { DuplicateWarning } from '../../../src-shared/domain';
import type { Api } from '../../api/client';
import { checkInstant, hasContent } from './composer-logic';
import type { ComposerStore } from './composer-store';
import type { QueueAnswer } from './useQueueSlots';

export const DUPLICATE_CHECK_DELAY_MS = 400;

/**
 * Asks the core's duplicate guard a moment after the text, accounts or time change, and keeps its
 * answer in the store. A failed check shows nothing: the core checks again when scheduling.
 */
export function useDuplicateCheck(store: ComposerStore, api: Api, queues: Record<string, QueueAnswer>): void {
  const draft = useStore(store, (s) => s.draft);
  const when = useStore(store, (s) => s.when);
  const draftId = useStore(store, (s) => s.draftId);
  const workspaceId = store.getState().workspaceId;

  useEffect(() => {
    if (!hasContent(draft) || draft.accountIds.length === 0) {
      if (store.getState().duplicates.length) store.setState({ duplicates: [] });
      return undefined;
    }
    let live = true;
    const timer = setTimeout(() => {
      const base = { workspaceId, text: draft.text, variants: draft.variants, ...(draftId ? { postId: draftId } : {}) };
      // Queue slots differ per account: ask once per account at its own slot.
      const asks =
        when.kind === 'nextSlot'
          ? draft.accountIds.map((accountId) => {
              const answer = queues[accountId];
              const at = answer?.state === 'ok' ? answer.queue.nextFreeSlot : null;
              return at ? api.call('post.checkDuplicates', { ...base, accountIds: [accountId], at }) : Promise.resolve<DuplicateWarning[]>([]);
            })
          : [api.call('post.checkDuplicates', { ...base, accountIds: draft.accountIds, ...optionalAt(checkInstant(when)) })];
      Promise.all(asks).then(
        (lists) => live && store.setState({ duplicates: lists.flat() }),
        () => undefined,
      );
    }, DUPLICATE_CHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [store, api, workspaceId, draft, when, draftId, queues]);
}

const optionalAt = (at: string | undefined) => (at ? { at } : {});
