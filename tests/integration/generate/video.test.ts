import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Generation } from '../../../src-shared/ai';
import { addLocalProvider, CLOUD_HOST, failure, studioSetup, type StudioSetup } from './helpers';

// A video is a background job: started at the provider, polled for progress, stored when done.

let s: StudioSetup;
beforeEach(async () => {
  s = await studioSetup();
  await addLocalProvider(s);
});
afterEach(() => s.close());

const changes = (id: string) => {
  const seen: Generation[] = [];
  s.core.events.onAny((event, payload) => {
    const g = (payload as { generation?: Generation }).generation;
    if (event === 'studio.changed' && g?.id === id) seen.push(g);
  });
  return seen;
};

describe('video generation', () => {
  it('queues a job that polls the provider and stores the MP4 in the library', async () => {
    const queued = await s.core.call('studio.generateVideo', { workspaceId: s.workspaceId, prompt: 'Ferns swaying in the wind', seconds: '4', size: '720x1280' });
    expect(queued).toMatchObject({ kind: 'video', state: 'running', progress: 0, model: 'fake-video-1' });
    expect(queued.jobId).toBeTruthy();
    const seen = changes(queued.id);
    expect(await s.core.scheduler.runNow(s.workspaceId, queued.jobId!)).toBe(true);
    const g = await s.core.call('studio.get', { workspaceId: s.workspaceId, generationId: queued.id });
    expect(g).toMatchObject({ state: 'succeeded', progress: 100, error: null, estimatedCostUsd: 0 });
    const item = await s.core.call('media.get', { workspaceId: s.workspaceId, mediaId: g.mediaIds[0]! });
    expect(item).toMatchObject({ kind: 'video', videoCodec: 'h264', width: 320, height: 240, tags: ['ai-generated'] });
    expect(s.fake.requestsTo('/v1/videos').map((r) => r.body)).toEqual([{ model: 'fake-video-1', prompt: 'Ferns swaying in the wind', seconds: '4', size: '720x1280' }]);
    expect(s.fake.requests.filter((r) => r.method === 'GET' && /^\/v1\/videos\/[^/]+$/.test(r.path)).length).toBeGreaterThanOrEqual(2);
    expect(s.fake.requests.filter((r) => r.path.endsWith('/content'))).toHaveLength(1);
    // Progress was reported on the way.
    expect(seen.map((x) => x.progress)).toEqual(expect.arrayContaining([0, 50, 100]));
  });

  it('cancels a queued video before anything is sent', async () => {
    const queued = await s.core.call('studio.generateVideo', { workspaceId: s.workspaceId, prompt: 'Never mind' });
    const cancelled = await s.core.call('studio.cancel', { workspaceId: s.workspaceId, generationId: queued.id });
    expect(cancelled).toMatchObject({ state: 'cancelled' });
    expect(await s.core.scheduler.runNow(s.workspaceId, queued.jobId!)).toBe(false);
    expect(s.fake.requestsTo('/v1/videos')).toHaveLength(0);
  });

  it('cancels a video while it is being made, storing nothing', async () => {
    s.fake.videoPollsToFinish = 1_000_000; // it never finishes by itself
    const queued = await s.core.call('studio.generateVideo', { workspaceId: s.workspaceId, prompt: 'Slow one' });
    const seen = changes(queued.id);
    const running = s.core.scheduler.runNow(s.workspaceId, queued.jobId!);
    await expect.poll(() => seen.some((g) => (g.progress ?? 0) > 0)).toBe(true);
    await s.core.call('studio.cancel', { workspaceId: s.workspaceId, generationId: queued.id });
    await running;
    const g = await s.core.call('studio.get', { workspaceId: s.workspaceId, generationId: queued.id });
    expect(g).toMatchObject({ state: 'cancelled', mediaIds: [], error: null });
    expect(await s.core.call('media.list', { workspaceId: s.workspaceId })).toEqual([]);
  });

  it('refuses a video from a cloud provider once the workspace turned local-only while it waited', async () => {
    s.fake.models.push('sora-2');
    await s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'Cloud', baseUrl: `https://${CLOUD_HOST}/v1`, textModel: 'gpt-4o-mini', videoModel: 'sora-2' });
    const queued = await s.core.call('studio.generateVideo', { workspaceId: s.workspaceId, provider: 'Cloud', prompt: 'Secret product' });
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, localOnly: true });
    await s.core.scheduler.runNow(s.workspaceId, queued.jobId!);
    const g = await s.core.call('studio.get', { workspaceId: s.workspaceId, generationId: queued.id });
    expect(g).toMatchObject({ state: 'failed', params: { prompt: 'Secret product' }, error: { name: 'PermissionDenied', reason: 'local_only' } });
    expect(s.fake.requests).toHaveLength(0);
  });

  it('refuses a bad length or a provider without a video model', async () => {
    expect((await failure(s.core.call('studio.generateVideo', { workspaceId: s.workspaceId, prompt: 'p', seconds: '5' as '4' }))).name).toBe('ValidationError');
    await s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'Local', baseUrl: s.fake.baseUrl, textModel: 'fake-text-1', videoModel: null });
    expect(await failure(s.core.call('studio.generateVideo', { workspaceId: s.workspaceId, prompt: 'p' }))).toMatchObject({ name: 'ValidationError', message: expect.stringContaining('--video-model') });
  });
});
