import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MediaAddResult, MediaItem, RenderStatus } from '../../../src-shared/domain';
import { tempDir, testCore } from '../../helpers/core';

// Renders through the contract, as the UI and the CLI use them: queued as jobs, run by the
// scheduler, stored with their lineage, cancellable without leaving anything behind.
const cores: { close(): void }[] = [];
afterEach(() => cores.splice(0).forEach((c) => c.close()));

let inputs: string;
const input = (name: string) => path.join(inputs, name);
const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);

beforeAll(() => {
  inputs = tempDir('promogpt-renders-in-');
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=640x480:rate=25', '-frames:v', '1', input('a.png'));
  ffmpeg('-f', 'lavfi', '-i', 'smptebars=size=640x480:rate=25', '-frames:v', '1', input('b.png'));
  ffmpeg(
    ...['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=3', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', input('clip.mp4')],
  );
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=330:duration=4', input('music.wav'));
}, 60_000);

function added(result: MediaAddResult | undefined): MediaItem {
  if (!result?.ok) throw new Error(`expected the file to be added, got ${JSON.stringify(result)}`);
  return result.item;
}

async function setup() {
  const core = testCore();
  cores.push(core);
  const ws = await core.call('workspace.create', { name: 'Acme' });
  const results = await core.call('media.add', { workspaceId: ws.id, paths: ['a.png', 'b.png', 'clip.mp4', 'music.wav'].map(input) });
  const [a, b, clip, music] = results.map(added) as [MediaItem, MediaItem, MediaItem, MediaItem];
  const mediaDir = path.join(core.dataDir, 'workspaces', ws.id, 'media');
  const events: RenderStatus[] = [];
  core.events.onAny((event, payload) => {
    if (event === 'media.renderChanged') events.push((payload as { render: RenderStatus }).render);
  });
  return { core, ws, a, b, clip, music, mediaDir, events };
}

/** Whatever a render may leave behind by mistake: work folders and temp files. */
function leftovers(mediaDir: string): string[] {
  return fs.readdirSync(mediaDir).filter((name) => name.startsWith('.incoming-'));
}

describe('renders', () => {
  it('trims a video into a new item with its lineage, reporting progress as it goes', async () => {
    const { core, ws, clip, mediaDir, events } = await setup();
    const request = { kind: 'trim' as const, videoId: clip.id, fromSeconds: 0.5, toSeconds: 2 };
    const queued = await core.call('media.render', { workspaceId: ws.id, request });
    expect(queued).toMatchObject({ kind: 'trim', state: 'queued', progress: null, outputMediaId: null, error: null });

    expect(await core.scheduler.runNow(ws.id, queued.id)).toBe(true);
    const done = await core.call('media.getRender', { workspaceId: ws.id, renderId: queued.id });
    expect(done).toMatchObject({ state: 'succeeded', progress: 1 });
    const item = await core.call('media.get', { workspaceId: ws.id, mediaId: done.outputMediaId as string });
    expect(item.kind).toBe('video');
    // ±0.1 s: the container's length includes the audio encoder's padding.
    expect(Math.abs((item.durationSeconds as number) - 1.5)).toBeLessThan(0.1);
    expect(item.lineage).toEqual({ renderId: queued.id, sourceIds: [clip.id], request });
    expect(item.fileName).toBe('clip-trim.mp4');
    expect(item.hasThumbnail).toBe(true);

    expect(events.map((e) => e.state)).toContain('running');
    expect(events.at(-1)).toMatchObject({ id: queued.id, state: 'succeeded', outputMediaId: item.id });
    expect(leftovers(mediaDir)).toEqual([]);
    const listed = await core.call('media.renders', { workspaceId: ws.id });
    expect(listed.map((r) => [r.id, r.state])).toEqual([[queued.id, 'succeeded']]);
  }, 60_000);

  it('makes a 9:16 video from pictures with music, at the length the settings say', async () => {
    const { core, ws, a, b, music } = await setup();
    const request = { kind: 'image-to-video' as const, imageIds: [a.id, b.id], aspect: '9:16' as const, secondsPerImage: 2, musicId: music.id };
    const queued = await core.call('media.render', { workspaceId: ws.id, request });
    await core.scheduler.runNow(ws.id, queued.id);
    const done = await core.call('media.getRender', { workspaceId: ws.id, renderId: queued.id });
    expect(done.state).toBe('succeeded');
    const item = await core.call('media.get', { workspaceId: ws.id, mediaId: done.outputMediaId as string });
    expect(item).toMatchObject({ kind: 'video', width: 1080, height: 1920, videoCodec: 'h264', audioCodec: 'aac' });
    // Two pictures of 2 s with one 0.5 s crossfade.
    expect(item.durationSeconds).toBeGreaterThan(3.4);
    expect(item.durationSeconds).toBeLessThan(3.6);
    expect(item.lineage?.sourceIds).toEqual([a.id, b.id, music.id]);
  }, 120_000);

  it('refuses at once, queueing nothing, when an input is missing or the wrong kind', async () => {
    const { core, ws, a, clip } = await setup();
    await expect(core.call('media.render', { workspaceId: ws.id, request: { kind: 'trim', videoId: 'media_nope', fromSeconds: 0, toSeconds: 1 } })).rejects.toMatchObject({
      name: 'NotFound',
      message: expect.stringContaining('media_nope'),
    });
    await expect(core.call('media.render', { workspaceId: ws.id, request: { kind: 'enhance', videoId: a.id, denoise: true } })).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'The video must be a video; "a.png" is a picture.',
    });
    await expect(core.call('media.render', { workspaceId: ws.id, request: { kind: 'image-to-video', imageIds: [clip.id], aspect: '1:1' } })).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining('Picture 1 must be a picture'),
    });
    await expect(core.call('media.render', { workspaceId: ws.id, request: { kind: 'trim', videoId: clip.id, fromSeconds: 2, toSeconds: 1 } })).rejects.toMatchObject({
      name: 'ValidationError',
    });
    // Past the end is known before anything runs.
    await expect(core.call('media.render', { workspaceId: ws.id, request: { kind: 'trim', videoId: clip.id, fromSeconds: 1, toSeconds: 30 } })).rejects.toMatchObject({
      name: 'ValidationError',
    });
    expect(await core.call('media.renders', { workspaceId: ws.id })).toEqual([]);
  });

  it('cancels a queued render before it starts', async () => {
    const { core, ws, clip, mediaDir } = await setup();
    const queued = await core.call('media.render', { workspaceId: ws.id, request: { kind: 'extract-audio', videoId: clip.id } });
    const cancelled = await core.call('media.cancelRender', { workspaceId: ws.id, renderId: queued.id });
    expect(cancelled.state).toBe('cancelled');
    expect(await core.scheduler.runNow(ws.id, queued.id)).toBe(false);
    expect(await core.call('media.list', { workspaceId: ws.id })).toHaveLength(4);
    expect(leftovers(mediaDir)).toEqual([]);
    await expect(core.call('media.cancelRender', { workspaceId: ws.id, renderId: 'job_nope' })).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('cancels a running render: ffmpeg stops, and no file or item is left', async () => {
    const { core, ws, a, b, mediaDir, events } = await setup();
    const before = await core.call('media.list', { workspaceId: ws.id });
    const queued = await core.call('media.render', {
      workspaceId: ws.id,
      request: { kind: 'image-to-video', imageIds: [a.id, b.id, a.id, b.id], aspect: '16:9', secondsPerImage: 8 },
    });
    const running = core.scheduler.runNow(ws.id, queued.id);
    // Cancel once it has visibly started making frames.
    await expect.poll(() => events.some((e) => e.id === queued.id && e.state === 'running' && (e.progress ?? 0) > 0), { timeout: 30_000, interval: 50 }).toBe(true);
    const cancelled = await core.call('media.cancelRender', { workspaceId: ws.id, renderId: queued.id });
    expect(cancelled.state).toBe('cancelled');
    await running;
    const after = await core.call('media.getRender', { workspaceId: ws.id, renderId: queued.id });
    expect(after).toMatchObject({ state: 'cancelled', outputMediaId: null });
    expect((await core.call('media.list', { workspaceId: ws.id })).map((i) => i.id)).toEqual(before.map((i) => i.id));
    expect(leftovers(mediaDir)).toEqual([]);
    await expect(core.call('media.cancelRender', { workspaceId: ws.id, renderId: queued.id })).resolves.toMatchObject({ state: 'cancelled' });
  }, 60_000);

  it('says what this ffmpeg can do', async () => {
    const { core } = await setup();
    const caps = await core.call('media.capabilities', {});
    expect(caps.ffmpegVersion).toMatch(/\d/);
    expect(caps.captions).toBe(true);
    expect(['vidstab', 'deshake', null]).toContain(caps.stabilise);
  });
});

describe('tags and search', () => {
  it('tags items, filters by tag, and searches names, alt text and tags', async () => {
    const { core, ws, a, b, clip } = await setup();
    const tagged = await core.call('media.setTags', { workspaceId: ws.id, mediaId: a.id, tags: ['Summer', 'launch', 'summer'] });
    expect(tagged.tags).toEqual(['summer', 'launch']);
    await core.call('media.setTags', { workspaceId: ws.id, mediaId: clip.id, tags: ['launch'] });
    await core.call('media.setAltText', { workspaceId: ws.id, mediaId: b.id, altText: 'Colour bars for the launch' });

    const ids = async (filter: { tag?: string; search?: string; kind?: 'image' }) => (await core.call('media.list', { workspaceId: ws.id, ...filter })).map((i) => i.id).sort();
    expect(await ids({ tag: 'launch' })).toEqual([a.id, clip.id].sort());
    expect(await ids({ tag: 'LAUNCH', kind: 'image' })).toEqual([a.id]);
    expect(await ids({ search: 'launch' })).toEqual([a.id, b.id, clip.id].sort());
    expect(await ids({ search: 'CLIP' })).toEqual([clip.id]);
    // LIKE's wildcards are plain characters in a search.
    expect(await ids({ search: '%' })).toEqual([]);
    expect(await ids({ search: '_' })).toEqual([]);

    await expect(core.call('media.setTags', { workspaceId: ws.id, mediaId: a.id, tags: ['<script>'] })).rejects.toMatchObject({ name: 'ValidationError' });
    expect((await core.call('media.get', { workspaceId: ws.id, mediaId: a.id })).tags).toEqual(['summer', 'launch']);
  });
});
