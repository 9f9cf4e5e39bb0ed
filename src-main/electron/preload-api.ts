import type { EventName, Events } from '../../src-shared/contract';
import { EVENT_NAMES, isMethodName } from '../../src-shared/contract';
import type { Result } from '../../src-shared/result';
import { fail } from '../../src-shared/result';
import type { Transport } from '../../src-shared/transport';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

/** The parts of Electron's ipcRenderer the preload uses; the object itself never leaves here. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const EVENT_NAME_SET: ReadonlySet<string> = new Set(EVENT_NAMES);

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

const coreUnreachable = () =>
  fail({ name: 'Internal', message: 'The app did not answer. Restart PromoGPT; if it keeps happening, the log has details.' });

/**
 * The one object the renderer gets as `window.promogpt`. Names are checked against the
 * contract here, before anything touches IPC; the IPC event object (which carries
 * ipcRenderer) is never passed on to a listener.
 */
export function createPreloadApi(ipc: IpcRendererLike) {
  const api = {
    invoke(method: string, input: unknown): Promise<Result<unknown>> {
      if (!isMethodName(method)) {
        const shown = typeof method === 'string' ? `'${method.slice(0, 80)}'` : `of type ${typeof method}`;
        return Promise.resolve(fail({ name: 'ValidationError', message: `Unknown method ${shown}.`, details: { field: 'method' } }));
      }
      let pending: Promise<unknown>;
      try {
        pending = ipc.invoke(INVOKE_CHANNEL, method, input);
      } catch {
        // Structured clone refuses functions, DOM nodes and the like.
        return Promise.resolve(fail({ name: 'ValidationError', message: `${method}: the input cannot be sent to the app.`, details: { field: 'input' } }));
      }
      return pending.then((value) => (isResult(value) ? value : coreUnreachable()), coreUnreachable);
    },

    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      if (typeof event !== 'string' || !EVENT_NAME_SET.has(event)) throw new TypeError(`Unknown event '${String(event).slice(0, 80)}'`);
      if (typeof listener !== 'function') throw new TypeError('The listener must be a function');
      const forward = (_ipcEvent: unknown, name: unknown, payload: unknown) => {
        if (name === event) listener(payload as Events[E]);
      };
      ipc.on(EVENT_CHANNEL, forward);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(EVENT_CHANNEL, forward);
      };
    },
  } satisfies Transport;
  return Object.freeze(api);
}
