import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MediaAddResult, MediaItem } from '../../src-shared/domain';
import { assertBuilt, promogpt } from '../helpers/cli';
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
    expect(results[2]).toMatchObject({ ok: false, path: input('notes.mp4'), error: { name: 'ValidationError' } });
  });

  it('exits 0 when everything is added or already there, and says so in plain text', () => {
    const r = cli(['media', 'add', input('pic.png')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^media_\S+ {2}image {2}[0-9a-f]{64} {2}320×240 png {2}"pic\.png" {2}\(already in the library\)\n$/);
  });

  it('lists the library, filters by kind, sets alt text and removes', () => {
    const all = JSON.parse(cli(['--json', 'media', 'list']).stdout) as MediaItem[];
    expect(all.map((i) => i.kind)).toEqual(['image', 'video']);
    const videos = JSON.parse(cli(['--json', 'media', 'list', '--kind', 'video']).stdout) as MediaItem[];
    expect(videos.map((i) => i.kind)).toEqual(['video']);
    const bad = cli(['--json', 'media', 'list', '--kind', 'gif']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { name: 'ValidationError' } });

    const picture = all[0] as MediaItem;
    const alt = cli(['--json', 'media', 'alt', picture.id, 'A test pattern']);
    expect(JSON.parse(alt.stdout)).toMatchObject({ id: picture.id, altText: 'A test pattern' });
    expect(cli(['--json', 'media', 'remove', picture.id]).code).toBe(0);
    expect((JSON.parse(cli(['--json', 'media', 'list']).stdout) as MediaItem[]).map((i) => i.kind)).toEqual(['video']);
  });
});
