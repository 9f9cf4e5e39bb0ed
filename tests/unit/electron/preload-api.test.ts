import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../src-main/electron/channels';
import type { IpcRendererLike } from '../../../src-main/electron/preload-api';
import { createPreloadApi } from '../../../src-main/electron/preload-api';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc(answer: (channel: string, ...args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: 'pong' })) {
  const listeners = new Set<Listener>();
  const ipc = {
    invoke: vi.fn(answer),
    on: vi.fn((channel: string, listener: Listener) => {
      expect(channel).toBe(EVENT_CHANNEL);
      listeners.add(listener);
    }),
    removeListener: vi.fn((_channel: string, listener: Listener) => {
      listeners.delete(listener);
    }),
  } satisfies IpcRendererLike;
  const ipcEvent = { sender: { secret: 'the ipcRenderer itself' } };
  const emit = (...args: unknown[]) => {
    for (const l of [...listeners]) l(ipcEvent, ...args);
  };
  return { ipc, listeners, emit, ipcEvent };
}

describe('preload api', () => {
  it('exposes exactly invoke and on, frozen', () => {
    const api = createPreloadApi(fakeIpc().ipc);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('forwards a contract method to the invoke channel and returns its Result', async () => {
    const { ipc } = fakeIpc();
    const api = createPreloadApi(ipc);
    await expect(api.invoke('app.info', {})).resolves.toEqual({ ok: true, value: 'pong' });
    expect(ipc.invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, 'app.info', {});
  });

  it.each(['nope', 'app.info ', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'promogpt:invoke'])(
    'refuses unknown method %j without touching IPC',
    async (method) => {
      const { ipc } = fakeIpc();
      const result = await createPreloadApi(ipc).invoke(method, {});
      expect(result).toMatchObject({ ok: false, error: { name: 'ValidationError' } });
      expect(ipc.invoke).not.toHaveBeenCalled();
    },
  );

  it('refuses non-string method names', async () => {
    const { ipc } = fakeIpc();
    const api = createPreloadApi(ipc);
    for (const method of [undefined, null, 1, {}, ['app.info']]) {
      expect(await api.invoke(method as unknown as string, {})).toMatchObject({ ok: false, error: { name: 'ValidationError' } });
    }
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('turns an input IPC cannot clone into a ValidationError', async () => {
    const { ipc } = fakeIpc(() => {
      throw new Error('An object could not be cloned.');
    });
    expect(await createPreloadApi(ipc).invoke('app.info', { f: () => 1 })).toMatchObject({ ok: false, error: { name: 'ValidationError' } });
  });

  it('turns a failed or malformed IPC answer into an Internal error, never a rejection', async () => {
    const rejected = fakeIpc(() => Promise.reject(new Error('No handler registered')));
    expect(await createPreloadApi(rejected.ipc).invoke('app.info', {})).toMatchObject({ ok: false, error: { name: 'Internal' } });
    const garbage = fakeIpc(async () => 'not a result');
    expect(await createPreloadApi(garbage.ipc).invoke('app.info', {})).toMatchObject({ ok: false, error: { name: 'Internal' } });
  });

  it('delivers only the subscribed event, with the payload and never the IPC event object', () => {
    const { ipc, emit, ipcEvent } = fakeIpc();
    const listener = vi.fn();
    createPreloadApi(ipc).on('settings.changed', listener);
    emit('workspaces.changed', { workspaces: [] });
    emit('settings.changed', { theme: 'dark', lastWorkspaceId: null, oauthRelayUrl: null });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith({ theme: 'dark', lastWorkspaceId: null, oauthRelayUrl: null });
    expect(listener.mock.calls.flat()).not.toContain(ipcEvent);
  });

  it('unsubscribes once, removing the same listener it added', () => {
    const { ipc, listeners, emit } = fakeIpc();
    const listener = vi.fn();
    const off = createPreloadApi(ipc).on('workspaces.changed', listener);
    expect(listeners.size).toBe(1);
    off();
    off();
    expect(listeners.size).toBe(0);
    expect(ipc.removeListener).toHaveBeenCalledTimes(1);
    emit('workspaces.changed', { workspaces: [] });
    expect(listener).not.toHaveBeenCalled();
  });

  it.each(['nope', '__proto__', 'constructor', '', 'promogpt:event'])('refuses to subscribe to unknown event %j', (event) => {
    const { ipc } = fakeIpc();
    expect(() => createPreloadApi(ipc).on(event as 'settings.changed', () => {})).toThrow(TypeError);
    expect(ipc.on).not.toHaveBeenCalled();
  });

  it('refuses a listener that is not a function', () => {
    const { ipc } = fakeIpc();
    expect(() => createPreloadApi(ipc).on('settings.changed', 'alert(1)' as unknown as () => void)).toThrow(TypeError);
    expect(ipc.on).not.toHaveBeenCalled();
  });
});
