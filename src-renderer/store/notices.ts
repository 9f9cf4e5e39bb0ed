import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { Notice } from '../../src-shared/domain';

/** At most this many notices are kept; the oldest go first. */
const KEEP = 20;

export interface NoticesState {
  /** Newest last, as they arrived. */
  notices: Notice[];
  received(notice: Notice): void;
  dismiss(id: string): void;
}

export type NoticesStore = StoreApi<NoticesState>;

export function createNoticesStore(): NoticesStore {
  return createStore<NoticesState>()((set, get) => ({
    notices: [],
    received(notice) {
      const others = get().notices.filter((n) => n.id !== notice.id);
      set({ notices: [...others, notice].slice(-KEEP) });
    },
    dismiss(id) {
      set({ notices: get().notices.filter((n) => n.id !== id) });
    },
  }));
}

/** The notices meant for this workspace, and the ones meant for every workspace. */
export const noticesFor = (notices: readonly Notice[], workspaceId: string | null): Notice[] =>
  notices.filter((n) => n.workspaceId === null || n.workspaceId === workspaceId);
