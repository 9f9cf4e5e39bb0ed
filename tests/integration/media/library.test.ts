import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MediaAddResult, MediaItem } from '../../../src-shared/domain';
import { tempDir, testCore } from '../../helpers/core';

const cores: { close(): void }[] = [];
afterEach(() => cores.splice(0).forEach((c) => c.close()));

async function setup(env?: NodeJS.ProcessEnv) {
  const core = testCore(env ? { env } : {});
  cores.push(core);
  const ws = await core.call('workspace.create', { name: 'Acme' });
  const mediaDir = path.join(core.dataDir, 'workspaces', ws.id, 'media');
  return { core, ws, mediaDir };
}

/** Every media file under the media folder, relative to it (thumbnails are checked on their own). */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith(`thumbs${path.sep}`));
}

const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

let inputs: string;
const input = (name: string) => path.join(inputs, name);

beforeAll(() => {
  inputs = tempDir('promogpt-media-in-');
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-frames:v', '1', input('pic.png'));
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25', '-frames:v', '1', input('pic.jpg'));
  ffmpeg(
    ...['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=2', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2'],
    ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', input('clip.mp4')],
  );
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=1.5', input('tone.wav'));
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=660:duration=3', '-c:a', 'libmp3lame', input('tone.mp3'));
}, 60_000);

function added(result: MediaAddResult | undefined): { item: MediaItem; deduplicated: boolean } {
  if (!result?.ok) throw new Error(`expected the file to be added, got ${JSON.stringify(result)}`);
  return result;
}

function refused(result: MediaAddResult | undefined): string {
  if (!result || result.ok) throw new Error(`expected the file to be refused, got ${JSON.stringify(result)}`);
  return result.error.message;
}

describe('media library', () => {
  it('adds pictures, video and audio with what ffprobe found', async () => {
    const { core, ws, mediaDir } = await setup();
    const paths = ['pic.png', 'pic.jpg', 'clip.mp4', 'tone.wav', 'tone.mp3'].map(input);
    const results = await core.call('media.add', { workspaceId: ws.id, paths });
    const [png, jpg, mp4, wav, mp3] = results.map((r) => added(r).item);

    expect(png).toMatchObject({ kind: 'image', mimeType: 'image/png', width: 320, height: 240, videoCodec: 'png', durationSeconds: null, fileName: 'pic.png' });
    expect(png?.sha256).toBe(sha256(input('pic.png')));
    expect(png?.storedPath).toBe(`media/${png?.sha256.slice(0, 2)}/${png?.sha256}.png`);
    expect(png?.bytes).toBe(fs.statSync(input('pic.png')).size);
    expect(jpg).toMatchObject({ kind: 'image', mimeType: 'image/jpeg', width: 640, height: 360, videoCodec: 'mjpeg' });
    expect(jpg?.storedPath.endsWith('.jpg')).toBe(true);

    expect(mp4).toMatchObject({ kind: 'video', mimeType: 'video/mp4', width: 320, height: 240, videoCodec: 'h264', audioCodec: 'aac', frameRate: 25 });
    expect(mp4?.durationSeconds).toBeCloseTo(2, 1);

    expect(wav).toMatchObject({ kind: 'audio', mimeType: 'audio/wav', audioCodec: 'pcm_s16le', videoCodec: null, width: null });
    expect(wav?.durationSeconds).toBeCloseTo(1.5, 1);
    expect(mp3).toMatchObject({ kind: 'audio', mimeType: 'audio/mpeg', audioCodec: 'mp3' });
    expect(Math.abs((mp3?.durationSeconds ?? 0) - 3)).toBeLessThanOrEqual(0.1);

    // Each stored file is a byte-for-byte copy named by its hash.
    for (const item of [png, jpg, mp4, wav, mp3]) {
      const stored = path.join(core.dataDir, 'workspaces', ws.id, item?.storedPath ?? '');
      expect(sha256(stored)).toBe(item?.sha256);
    }
    expect(filesUnder(mediaDir)).toHaveLength(5);
    // A preview for each: a frame for pictures and video, a waveform for audio.
    expect([png, jpg, mp4, wav, mp3].map((i) => i?.hasThumbnail)).toEqual([true, true, true, true, true]);
    expect(fs.readdirSync(path.join(mediaDir, 'thumbs')).map((f) => path.extname(f)).sort()).toEqual(['.jpg', '.jpg', '.jpg', '.png', '.png']);
    expect((await core.call('media.list', { workspaceId: ws.id })).map((i) => i.id)).toEqual([png, jpg, mp4, wav, mp3].map((i) => i?.id).reverse());
    expect((await core.call('media.list', { workspaceId: ws.id, kind: 'audio' })).map((i) => i.kind)).toEqual(['audio', 'audio']);
  });

  it('stores the same content once and says it was already there', async () => {
    const { core, ws, mediaDir } = await setup();
    const copy = input('same-picture-again.png');
    fs.copyFileSync(input('pic.png'), copy);
    const [first, second, third] = await core.call('media.add', { workspaceId: ws.id, paths: [input('pic.png'), input('pic.png'), copy] });
    expect(added(first).deduplicated).toBe(false);
    expect(added(second)).toEqual({ ...added(first), deduplicated: true });
    expect(added(third).item.id).toBe(added(first).item.id);
    expect(filesUnder(mediaDir)).toHaveLength(1);
    expect(await core.call('media.list', { workspaceId: ws.id })).toHaveLength(1);

    // A stored file deleted by hand comes back when the same content is added again.
    fs.rmSync(path.join(mediaDir, '..', added(first).item.storedPath));
    const [restored] = await core.call('media.add', { workspaceId: ws.id, paths: [copy] });
    expect(added(restored)).toMatchObject({ deduplicated: true, item: { id: added(first).item.id } });
    expect(sha256(path.join(mediaDir, '..', added(first).item.storedPath))).toBe(added(first).item.sha256);
    expect(filesUnder(mediaDir)).toHaveLength(1);
  });

  it('refuses a text file named .mp4, a truncated MP4 and an empty file, and leaves nothing behind', async () => {
    const { core, ws, mediaDir } = await setup();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'notes.mp4'), 'this is not a video\n'.repeat(50));
    fs.writeFileSync(path.join(dir, 'cut.mp4'), fs.readFileSync(input('clip.mp4')).subarray(0, 2048));
    fs.writeFileSync(path.join(dir, 'empty.png'), '');
    const results = await core.call('media.add', { workspaceId: ws.id, paths: ['notes.mp4', 'cut.mp4', 'empty.png', 'missing.mp4'].map((n) => path.join(dir, n)) });
    expect(refused(results[0])).toMatch(/not a picture, video or audio file|damaged/);
    expect(refused(results[1])).toMatch(/damaged or incomplete/);
    expect(refused(results[2])).toMatch(/empty \(0 bytes\)/);
    expect(refused(results[3])).toMatch(/no file at this path/);
    expect(results.map((r) => !r.ok && r.error.name)).toEqual(['ValidationError', 'ValidationError', 'ValidationError', 'NotFound']);
    expect(filesUnder(mediaDir)).toEqual([]);
    expect(await core.call('media.list', { workspaceId: ws.id })).toEqual([]);
  });

  it('sweeps temp files a crash left behind, but not a copy that may still be running', async () => {
    const { core, ws, mediaDir } = await setup();
    const stale = path.join(mediaDir, '.incoming-0123456789abcdef');
    const fresh = path.join(mediaDir, '.incoming-fedcba9876543210');
    fs.writeFileSync(stale, 'half a copy');
    fs.writeFileSync(fresh, 'a copy in progress');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600_000);
    fs.utimesSync(stale, twoDaysAgo, twoDaysAgo);
    await core.call('media.add', { workspaceId: ws.id, paths: [input('pic.png')] });
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
  });

  it('refuses a folder and a picture with absurd dimensions', async () => {
    const { core, ws, mediaDir } = await setup();
    const huge = path.join(tempDir(), 'huge.png');
    ffmpeg('-f', 'lavfi', '-i', 'color=c=black:size=20000x8:rate=1', '-frames:v', '1', huge);
    const results = await core.call('media.add', { workspaceId: ws.id, paths: [inputs, huge] });
    expect(refused(results[0])).toMatch(/folder/);
    expect(refused(results[1])).toMatch(/20000×8 pixels.*16384/);
    expect(filesUnder(mediaDir)).toEqual([]);
  });

  it('goes by content, not by the name: a PNG named .mp4 is stored as a picture', async () => {
    const { core, ws } = await setup();
    const disguised = path.join(tempDir(), 'holiday.mp4');
    fs.copyFileSync(input('pic.png'), disguised);
    const [result] = await core.call('media.add', { workspaceId: ws.id, paths: [disguised] });
    const { item } = added(result);
    expect(item).toMatchObject({ kind: 'image', mimeType: 'image/png', fileName: 'holiday.mp4' });
    expect(item.storedPath.endsWith('.png')).toBe(true);
  });

  it('stores a file with a hostile name under its hash and shows a clean name', async () => {
    const { core, ws, mediaDir } = await setup();
    const dir = tempDir();
    const hostile = path.join(dir, `a"b'; rm -rf ~ $(touch pwned)\n..%2f..pic.png`);
    fs.copyFileSync(input('pic.png'), hostile);
    const [result] = await core.call('media.add', { workspaceId: ws.id, paths: [hostile] });
    const { item } = added(result);
    expect(item.fileName).toBe(`a"b'; rm -rf ~ $(touch pwned) ..%2f..pic.png`);
    expect(item.fileName).not.toMatch(/[\n/\\]/);
    expect(filesUnder(mediaDir)).toEqual([path.join(item.sha256.slice(0, 2), `${item.sha256}.png`)]);
    expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
    expect(fs.existsSync('pwned')).toBe(false);

    // A relative path climbing out of the working folder is just a path to read, and the stored name is still the hash.
    const climbing = path.relative(process.cwd(), input('pic.jpg'));
    const [again] = await core.call('media.add', { workspaceId: ws.id, paths: [climbing] });
    expect(added(again).item).toMatchObject({ kind: 'image', fileName: 'pic.jpg' });
  });

  it('refuses a file over the size cap from PROMOGPT_MEDIA_MAX_BYTES', async () => {
    const { core, ws, mediaDir } = await setup({ ...process.env, PROMOGPT_MEDIA_MAX_BYTES: '20000' });
    const [big, small] = await core.call('media.add', { workspaceId: ws.id, paths: [input('clip.mp4'), input('pic.png')] });
    expect(refused(big)).toMatch(/up to 19.5 KiB.*PROMOGPT_MEDIA_MAX_BYTES/);
    expect(fs.statSync(input('pic.png')).size).toBeLessThan(20_000);
    expect(fs.statSync(input('clip.mp4')).size).toBeGreaterThan(20_000);
    expect(added(small).item.kind).toBe('image');
    expect(filesUnder(mediaDir)).toHaveLength(1);
  });

  it('sets alt text, gets and removes an item with its file', async () => {
    const { core, ws, mediaDir } = await setup();
    const [result] = await core.call('media.add', { workspaceId: ws.id, paths: [input('pic.png')] });
    const { item } = added(result);
    const withAlt = await core.call('media.setAltText', { workspaceId: ws.id, mediaId: item.id, altText: 'A colourful test pattern' });
    expect(withAlt.altText).toBe('A colourful test pattern');
    expect(await core.call('media.get', { workspaceId: ws.id, mediaId: item.id })).toEqual(withAlt);
    expect(await core.call('media.remove', { workspaceId: ws.id, mediaId: item.id })).toEqual({ id: item.id });
    expect(filesUnder(mediaDir)).toEqual([]);
    const gone = await core.invoke('media.get', { workspaceId: ws.id, mediaId: item.id });
    expect(gone).toMatchObject({ ok: false, error: { name: 'NotFound' } });
  });

  it('validates input: at least one path, at most 100', async () => {
    const { core, ws } = await setup();
    expect(await core.invoke('media.add', { workspaceId: ws.id, paths: [] })).toMatchObject({ ok: false, error: { name: 'ValidationError' } });
    const many = Array.from({ length: 101 }, () => input('pic.png'));
    expect(await core.invoke('media.add', { workspaceId: ws.id, paths: many })).toMatchObject({ ok: false, error: { name: 'ValidationError' } });
  });
});
