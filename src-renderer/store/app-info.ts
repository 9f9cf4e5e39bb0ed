import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { AppInfo } from '../../src-shared/domain';
import type { Api } from '../api/client';

export interface AppInfoState {
  info: AppInfo | null;
  load(): Promise<void>;
}

export type AppInfoStore = StoreApi<AppInfoState>;

export function createAppInfoStore(api: Api): AppInfoStore {
  return createStore<AppInfoState>()((set) => ({
    info: null,
    async load() {
      set({ info: await api.call('app.info', {}) });
    },
  }));
}
