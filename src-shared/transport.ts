import type { Result } from './result';
import type { EventName, Events } from './contract';

/**
 * How a UI reaches the core. Electron's preload and browser mode's WebSocket both provide
 * this; the renderer's api client takes one and never knows which.
 */
export interface Transport {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  /** Subscribes to one push event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** Browser mode's WebSocket frames. */
export type ClientFrame = { type: 'call'; id: number; method: string; input: unknown };
export type ServerFrame =
  | { type: 'result'; id: number | null; result: Result<unknown> }
  | { type: 'event'; event: EventName; payload: unknown };

export const WS_PATH = '/rpc';
/** Larger frames are refused before parsing. Media travels by file path or upload, not RPC. */
export const MAX_FRAME_BYTES = 1024 * 1024;
