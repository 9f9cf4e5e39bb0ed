import type { EventName, Events } from '../../src-shared/contract';

export type Listener<E extends EventName> = (payload: Events[E]) => void;
export type AnyListener = <E extends EventName>(event: E, payload: Events[E]) => void;

/** Push events from the core to every shell (IPC, WebSocket). */
export class EventBus {
  private listeners = new Set<AnyListener>();

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners) l(event, payload);
  }

  /** Returns the unsubscribe function. */
  onAny(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
