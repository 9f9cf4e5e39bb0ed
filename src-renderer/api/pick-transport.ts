import type { Transport } from '../../src-shared/transport';
import { createWsTransport } from './ws-transport';

export type StatusListener = (connected: boolean) => void;

/** A transport plus, where the link can drop (browser mode), a way to hear about it. */
export interface PickedTransport {
  transport: Transport;
  onStatus?: (listener: StatusListener) => () => void;
}

/** Electron's preload object when present, otherwise the WebSocket to `promogpt serve`. */
export function pickTransport(host: unknown = globalThis): PickedTransport {
  const preload = (host as { promogpt?: unknown } | undefined)?.promogpt;
  if (isTransport(preload)) return { transport: preload };
  const ws = createWsTransport();
  return { transport: ws, onStatus: (listener) => ws.onStatus(listener) };
}

function isTransport(value: unknown): value is Transport {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.invoke === 'function' && typeof candidate.on === 'function';
}
