import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { Input } from '../../src-shared/contract';
import type { AppSettings } from '../../src-shared/domain';
import type { Api } from '../api/client';

export interface SettingsState {
  /** Null until the first load answers. */
  settings: AppSettings | null;
  load(): Promise<void>;
  update(patch: Input<'settings.update'>): Promise<AppSettings>;
  /** Settings saved elsewhere (another tab, the CLI). */
  received(settings: AppSettings): void;
}

export type SettingsStore = StoreApi<SettingsState>;

export function createSettingsStore(api: Api): SettingsStore {
  return createStore<SettingsState>()((set) => ({
    settings: null,
    async load() {
      set({ settings: await api.call('settings.get', {}) });
    },
    async update(patch) {
      const settings = await api.call('settings.update', patch);
      set({ settings });
      return settings;
    },
    received(settings) {
      set({ settings });
    },
  }));
}
