import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MediaAddResult, MediaItem } from '../../src-shared/domain';
import { assertBuilt, promogpt, promogptLongRunning } from '../helpers/cli';
import { tempDir } from '../helpers/core';

// The media library as a user scripts it: add files, see what was refused, list what is there.
const dataDir = tempDir();
const inputs = tempDir('promogpt-cli-media-');
const input = (name: string) => path.join(inputs, name);
const cli = (args: string[], env?: NodeJS.ProcessEnv) => promogpt(['--data-dir', dataDir, ...args], env ? { env } : {});

beforeAll(() => {
  assertBuilt();
  const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-frames:v', '1', input('pic.png'));
  ffmpeg(
    ...['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=1', '-f', 'lavfi', '-i', 'sine=duration=1'],
    ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', input('clip.mp4')],
  );
  fs.writeFileSync(input('notes.mp4'), 'not a video\n');
  expect(cli(['workspace', 'create', 'Acme']).code).toBe(0);
}, 60_000);

describe('promogpt media', () => {
  it('adds files, prints each one with its probe data, and exits 1 when one is refused', () => {
    const r = cli(['--json', 'media', 'add', input('pic.png'), input('clip.mp4'), input('notes.mp4')]);
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout) as MediaAddResult[];
    expect(results.map((x) => x.ok)).toEqual([true, true, false]);
    expect(results[0]).toMatchObject({ ok: true, deduplicated: false, item: { kind: 'image', width: 320, height: 240 } });
    expect(results[1]).toMatchObject({ ok: true, item: { kind: 'video', videoCodec: 'h264', audioCodec: 'aac', frameRate: 25 } });
    expect(results[0]).toMatchObject({ item: { loudnessLufs: null } });
    expect(results[1]).toMatchObject({ item: { loudnessLufs: expect.any(Number) } });
    expect(results[2]).toMatchObject({ ok: false, path: input('notes.mp4'), error: { name: 'ValidationError' } });
  }, 60_000);

  it('exits 0 when everything is added or already there, and says so in plain text', () => {
    const r = cli(['media', 'add', input('pic.png')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^media_\S+ {2}image {2}[0-9a-f]{64} {2}320×240 png {2}"pic\.png" {2}\(already in the library\)\n$/);
  }, 60_000);

  it('lists the library, filters by kind, sets alt text and removes', () => {
    const all = JSON.parse(cli(['--json', 'media', 'list']).stdout) as MediaItem[];
    // Newest first.
    expect(all.map((i) => i.kind)).toEqual(['video', 'image']);
    const videos = JSON.parse(cli(['--json', 'media', 'list', '--kind', 'video']).stdout) as MediaItem[];
    expect(videos.map((i) => i.kind)).toEqual(['video']);
    const bad = cli(['--json', 'media', 'list', '--kind', 'gif']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { name: 'ValidationError' } });

    const picture = all.find((i) => i.kind === 'image') as MediaItem;
    const alt = cli(['--json', 'media', 'alt', picture.id, 'A test pattern']);
    expect(JSON.parse(alt.stdout)).toMatchObject({ id: picture.id, altText: 'A test pattern' });
    expect(cli(['--json', 'media', 'remove', picture.id]).code).toBe(0);
    expect((JSON.parse(cli(['--json', 'media', 'list']).stdout) as MediaItem[]).map((i) => i.kind)).toEqual(['video']);
  }, 60_000);

  it('tags items and finds them by tag or search', () => {
    const [video] = JSON.parse(cli(['--json', 'media', 'list', '--kind', 'video']).stdout) as MediaItem[];
    const tagged = JSON.parse(cli(['--json', 'media', 'tag', (video as MediaItem).id, 'Launch', 'teaser']).stdout) as MediaItem;
    expect(tagged.tags).toEqual(['launch', 'teaser']);
    expect((JSON.parse(cli(['--json', 'media', 'list', '--tag', 'teaser']).stdout) as MediaItem[]).map((i) => i.id)).toEqual([tagged.id]);
    expect((JSON.parse(cli(['--json', 'media', 'list', '--search', 'nothing-like-this']).stdout) as MediaItem[])).toEqual([]);
    expect(cli(['media', 'list', '--search', 'clip']).stdout).toContain('tags: launch, teaser');
    expect(cli(['media', 'list', '--search', 'clip']).stdout).toMatch(/ 25 fps \d+\.\d\d s -\d+\.\d LUFS {2}"clip\.mp4"/);
  }, 60_000);
});

describe('promogpt media render', () => {
  const clipId = () => (JSON.parse(cli(['--json', 'media', 'list', '--kind', 'video']).stdout) as MediaItem[])[0]?.id as string;

  it('trims a video and prints the new item with its path, probe data and lineage', () => {
    const clip = clipId();
    const r = cli(['--json', 'media', 'render', 'trim', '--video', clip, '--from', '0.2', '--to', '0.8']);
    expect(r.stderr).not.toContain('"error"');
    expect(r.code).toBe(0);
    const { render, item } = JSON.parse(r.stdout) as { render: { state: string; id: string }; item: MediaItem & { path: string } };
    expect(render.state).toBe('succeeded');
    expect(item).toMatchObject({ kind: 'video', lineage: { renderId: render.id, sourceIds: [clip] } });
    expect(item.durationSeconds).toBeCloseTo(0.6, 1);
    expect(fs.existsSync(item.path)).toBe(true);
    expect(item.path.startsWith(dataDir)).toBe(true);
  }, 60_000);

  it('attaches, shows and detaches caption files of a video', () => {
    const clip = clipId();
    const srt = path.join(inputs, 'talk.srt');
    fs.writeFileSync(srt, '1\n00:00:00,000 --> 00:00:00,900\nHello\n');
    const attached = cli(['--json', 'media', 'captions', 'attach', '--video', clip, '--srt', srt, '--lang', 'de']);
    expect(attached.code).toBe(0);
    expect((JSON.parse(attached.stdout) as MediaItem).captions).toEqual([{ lang: 'de', cues: 1 }]);
    const shown = cli(['media', 'captions', 'show', '--video', clip]);
    expect(shown.stdout).toContain('NOTE language: de\n\nWEBVTT\n\n00:00:00.000 --> 00:00:00.900\nHello');
    expect(cli(['media', 'list', '--kind', 'video']).stdout).toContain('captions: de');
    const detached = cli(['media', 'captions', 'detach', '--video', clip, '--lang', 'de']);
    expect(detached.stdout).toContain(`${clip} has no captions files.`);
    const bad = cli(['--json', 'media', 'captions', 'attach', '--video', clip, '--srt', srt, '--lang', 'German']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { name: 'ValidationError' } });
  }, 60_000);

  it('says what is wrong with a flag before rendering anything', () => {
    const bad = cli(['--json', 'media', 'render', 'trim', '--video', clipId(), '--from', 'soon', '--to', '1']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { name: 'ValidationError', message: '--from must be a number, not "soon".' } });
    const aspect = cli(['--json', 'media', 'render', 'image-to-video', '--image', 'media_x', '--aspect', '3:2']);
    expect(JSON.parse(aspect.stderr)).toMatchObject({ error: { message: '--aspect must be one of 9:16, 1:1, 4:5, 16:9, not "3:2".' } });
    const srt = cli(['--json', 'media', 'render', 'captions', '--video', clipId(), '--srt', input('missing.srt')]);
    expect(JSON.parse(srt.stderr)).toMatchObject({ error: { name: 'NotFound' } });
    const broken = path.join(inputs, 'broken.srt');
    fs.writeFileSync(broken, '1\n00:00:01,000 --> soon\nHello\n');
    const parse = cli(['--json', 'media', 'render', 'captions', '--video', clipId(), '--srt', broken]);
    expect(parse.code).toBe(1);
    expect(JSON.parse(parse.stderr)).toMatchObject({ error: { name: 'ValidationError' } });
  }, 60_000);

  it('prints a progress line a second on stderr, and Ctrl+C cancels leaving nothing behind', async () => {
    const [picture] = JSON.parse(cli(['--json', 'media', 'add', input('pic.png')]).stdout) as { item: MediaItem }[];
    const before = (JSON.parse(cli(['--json', 'media', 'list']).stdout) as MediaItem[]).length;
    const id = (picture as { item: MediaItem }).item.id;
    const run = promogptLongRunning(['--data-dir', dataDir, 'media', 'render', 'image-to-video', '--image', id, id, id, '--aspect', '16:9', '--seconds-per-image', '20']);
    run.firstLine.catch(() => undefined); // it prints nothing on stdout before it is stopped
    const exited = new Promise<number | null>((resolve) => run.child.on('exit', (code) => resolve(code)));
    await expect.poll(() => /image-to-video: \d+%/.test(run.stderr()), { timeout: 30_000, interval: 100 }).toBe(true);
    run.child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(run.stderr()).toContain('The render was cancelled; nothing was stored.');
    expect((JSON.parse(cli(['--json', 'media', 'list']).stdout) as MediaItem[]).length).toBe(before);
    const ws = fs.readdirSync(path.join(dataDir, 'workspaces'))[0] as string;
    expect(fs.readdirSync(path.join(dataDir, 'workspaces', ws, 'media')).filter((n) => n.startsWith('.incoming-'))).toEqual([]);
  }, 60_000);
});
