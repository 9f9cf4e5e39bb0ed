import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';

export interface ConnectionState {
  /** False while browser mode's link to `promogpt serve` is down and being retried. */
  connected: boolean;
}

export type ConnectionStore = StoreApi<ConnectionState>;

export function createConnectionStore(): ConnectionStore {
  return createStore<ConnectionState>()(() => ({ connected: true }));
}
