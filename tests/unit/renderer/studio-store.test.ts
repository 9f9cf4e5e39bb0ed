import { describe, expect, it } from 'vitest';
import type { Generation } from '../../../src-shared/ai';
import type { EventName, Events } from '../../../src-shared/contract';
import type { Api } from '../../../src-renderer/api/client';
import { ApiError } from '../../../src-renderer/api/client';
import { createStudioStore } from '../../../src-renderer/store/studio';

// The Studio store follows the core's events: streamed text per platform, the running
// generation's id for Stop, and the history from a generation's start.

function fakeApi() {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: { method: string; input: unknown }[] = [];
  let finish: ((g: Generation) => void) | undefined;
  let fail: ((e: unknown) => void) | undefined;
  const api = {
    async call(method: string, input: unknown) {
      calls.push({ method, input });
      if (method === 'ai.listProviders' || method === 'studio.history') return [];
      if (method === 'ai.getSettings') return { localOnly: false, monthlyCapUsd: null, brandVoice: { description: '', audience: '', tone: '', avoid: '' } };
      if (method === 'studio.generateText' || method === 'studio.textAction') return new Promise((resolve, reject) => ((finish = resolve), (fail = reject)));
      if (method === 'studio.cancel') return {};
      throw new Error(`unexpected ${method}`);
    },
    on(event: EventName, listener: (p: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  } as unknown as Api;
  const emit = <E extends EventName>(event: E, payload: Events[E]) => listeners.get(event)?.forEach((l) => l(payload));
  return { api, calls, emit, finish: (g: Generation) => finish?.(g), fail: (e: unknown) => fail?.(e) };
}

const generation = (patch: Partial<Generation>): Generation => ({
  id: 'gen_1',
  kind: 'text',
  state: 'running',
  providerId: 'prov_1',
  providerName: 'local',
  baseUrl: 'http://127.0.0.1:1/v1',
  model: 'm',
  params: { kind: 'text', brief: 'b', platforms: ['x'], variations: 1 },
  brandVoice: null,
  variants: [],
  mediaIds: [],
  usage: null,
  estimatedCostUsd: 0,
  error: null,
  rerunOf: null,
  progress: null,
  jobId: null,
  startedAt: '2026-03-01T09:00:00.000Z',
  finishedAt: null,
  ...patch,
});

describe('studio store', () => {
  it('shows streamed text per platform, clears it when asked again shorter, and stops the running generation', async () => {
    const f = fakeApi();
    const store = createStudioStore(f.api, 'ws_1');
    const stop = store.getState().start();
    const done = store.getState().generateText({ brief: 'b', platforms: ['x'], variations: 1 });
    expect(store.getState().running).toBe(true);
    f.emit('studio.changed', { workspaceId: 'ws_1', generation: generation({}) });
    expect(store.getState().current?.id).toBe('gen_1');
    expect(store.getState().history.map((g) => g.id)).toEqual(['gen_1']);
    f.emit('studio.delta', { workspaceId: 'ws_1', generationId: 'gen_1', platform: 'x', index: 0, delta: 'Hello ' });
    f.emit('studio.delta', { workspaceId: 'ws_1', generationId: 'gen_1', platform: 'x', index: 0, delta: 'world' });
    f.emit('studio.delta', { workspaceId: 'ws_other', generationId: 'gen_1', platform: 'x', index: 0, delta: 'NOT MINE' });
    expect(store.getState().live).toEqual({ 'x#0': 'Hello world' });
    f.emit('studio.delta', { workspaceId: 'ws_1', generationId: 'gen_1', platform: 'x', index: 0, delta: '', restart: true });
    expect(store.getState().live).toEqual({ 'x#0': '' });
    await store.getState().stop();
    expect(f.calls.at(-1)).toEqual({ method: 'studio.cancel', input: { workspaceId: 'ws_1', generationId: 'gen_1' } });
    f.finish(generation({ state: 'cancelled' }));
    await done;
    expect(store.getState()).toMatchObject({ running: false, error: null, current: { state: 'cancelled' } });
    stop();
  });

  it("keeps the failure's message to show next to the form", async () => {
    const f = fakeApi();
    const store = createStudioStore(f.api, 'ws_1');
    const done = store.getState().generateText({ brief: 'b', platforms: ['x'], variations: 1 });
    f.fail(new ApiError({ name: 'RateLimited', message: 'Provider "local" is rate limiting requests. Try again in 20 s.' }));
    await done;
    expect(store.getState()).toMatchObject({ running: false, error: 'Provider "local" is rate limiting requests. Try again in 20 s.' });
  });

  it('runs a text action as a generation of its own and keeps a tweak until a form takes it', async () => {
    const f = fakeApi();
    const store = createStudioStore(f.api, 'ws_1');
    const done = store.getState().textAction({ action: 'translate', text: 'Hello', platform: 'x', language: 'de' });
    expect(store.getState().running).toBe(true);
    expect(f.calls.at(-1)).toEqual({ method: 'studio.textAction', input: { workspaceId: 'ws_1', action: 'translate', text: 'Hello', platform: 'x', language: 'de' } });
    const g = generation({ state: 'succeeded', params: { kind: 'text', brief: 'Hello', platforms: ['x'], variations: 1, action: 'translate', language: 'de' } });
    f.finish(g);
    await done;
    expect(store.getState()).toMatchObject({ running: false, current: { params: { action: 'translate' } } });
    store.getState().startTweak(g);
    expect(store.getState().tweak?.id).toBe('gen_1');
    store.getState().startTweak(null);
    expect(store.getState().tweak).toBeNull();
  });
});
