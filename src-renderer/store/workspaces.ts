import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { DeletionReport } from '../../src-shared/backups';
import type { Workspace } from '../../src-shared/domain';
import type { Api } from '../api/client';
import { pickCurrent } from './pick-current';
import type { SettingsStore } from './settings';

export interface WorkspacesState {
  /** False until the first list arrives. */
  loaded: boolean;
  workspaces: Workspace[];
  /** The workspace this window shows; kept per window, remembered through settings. */
  currentId: string | null;
  load(): Promise<void>;
  create(name: string): Promise<Workspace>;
  rename(id: string, name: string): Promise<Workspace>;
  remove(id: string, confirmName: string): Promise<DeletionReport>;
  /** The last deletion's report with its proof-of-deletion check, shown until dismissed. */
  lastDeletion: DeletionReport | null;
  dismissDeletion(): void;
  switchTo(id: string): Promise<void>;
  /** The list as changed elsewhere (another tab, the CLI). */
  received(workspaces: Workspace[]): void;
}

export type WorkspacesStore = StoreApi<WorkspacesState>;

export function createWorkspacesStore(api: Api, settings: SettingsStore): WorkspacesStore {
  const remembered = () => settings.getState().settings?.lastWorkspaceId;
  // Remembering is a convenience for the next start; the switch itself has already happened.
  const remember = (id: string | null) =>
    settings
      .getState()
      .update({ lastWorkspaceId: id })
      .then(
        () => undefined,
        () => undefined,
      );

  return createStore<WorkspacesState>()((set, get) => ({
    loaded: false,
    workspaces: [],
    currentId: null,
    lastDeletion: null,

    async load() {
      const workspaces = await api.call('workspace.list', {});
      set({ loaded: true, workspaces, currentId: pickCurrent(workspaces, get().currentId, remembered()) });
    },

    async create(name) {
      const created = await api.call('workspace.create', { name });
      const others = get().workspaces.filter((w) => w.id !== created.id);
      set({ workspaces: [...others, created], currentId: created.id });
      await remember(created.id);
      return created;
    },

    async rename(id, name) {
      const renamed = await api.call('workspace.rename', { id, name });
      set({ workspaces: get().workspaces.map((w) => (w.id === id ? renamed : w)) });
      return renamed;
    },

    async remove(id, confirmName) {
      const report = await api.call('workspace.delete', { id, confirmName });
      set({ lastDeletion: report });
      const workspaces = get().workspaces.filter((w) => w.id !== id);
      const currentId = pickCurrent(workspaces, get().currentId);
      set({ workspaces, currentId });
      if (remembered() !== currentId) await remember(currentId);
      return report;
    },

    dismissDeletion() {
      set({ lastDeletion: null });
    },

    async switchTo(id) {
      if (!get().workspaces.some((w) => w.id === id)) return;
      set({ currentId: id });
      await remember(id);
    },

    received(workspaces) {
      set({ loaded: true, workspaces, currentId: pickCurrent(workspaces, get().currentId, remembered()) });
    },
  }));
}
