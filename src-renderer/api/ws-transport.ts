import type { EventName, Events } from '../../src-shared/contract';
import type { Result } from '../../src-shared/result';
import type { ClientFrame, ServerFrame, Transport } from '../../src-shared/transport';
import { WS_PATH } from '../../src-shared/transport';

type Pending = { resolve: (r: Result<unknown>) => void };

/**
 * Browser mode: calls and events over one WebSocket to `promogpt serve`. The session cookie
 * set from the URL token authenticates it. Reconnects with backoff; calls made while the
 * connection is down wait for it, and calls in flight when it drops fail with a clear error.
 */
export function createWsTransport(url = defaultUrl()): Transport & { onStatus(cb: (connected: boolean) => void): () => void } {
  let socket: WebSocket | undefined;
  let nextId = 1;
  let retry = 0;
  const pending = new Map<number, Pending>();
  const queue: ClientFrame[] = [];
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const statusListeners = new Set<(c: boolean) => void>();

  const setStatus = (connected: boolean) => statusListeners.forEach((cb) => cb(connected));

  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retry = 0;
      setStatus(true);
      for (const frame of queue.splice(0)) ws.send(JSON.stringify(frame));
    };
    ws.onmessage = (msg) => {
      const frame = JSON.parse(String(msg.data)) as ServerFrame;
      if (frame.type === 'result' && frame.id !== null) {
        pending.get(frame.id)?.resolve(frame.result);
        pending.delete(frame.id);
      } else if (frame.type === 'event') {
        listeners.get(frame.event)?.forEach((cb) => cb(frame.payload));
      }
    };
    ws.onclose = () => {
      setStatus(false);
      for (const [id, p] of pending) {
        p.resolve({ ok: false, error: { name: 'Transient', message: 'Lost the connection to PromoGPT. Check that `promogpt serve` is still running, then try again.' } });
        pending.delete(id);
      }
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 250 * 2 ** retry);
    };
  };
  connect();

  return {
    invoke(method, input) {
      const frame: ClientFrame = { type: 'call', id: nextId++, method, input };
      return new Promise((resolve) => {
        pending.set(frame.id, { resolve });
        if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
        else queue.push(frame);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const cb = listener as (p: unknown) => void;
      set.add(cb);
      return () => set.delete(cb);
    },
    onStatus(cb) {
      statusListeners.add(cb);
      return () => statusListeners.delete(cb);
    },
  };
}

function defaultUrl(): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}${WS_PATH}`;
}
