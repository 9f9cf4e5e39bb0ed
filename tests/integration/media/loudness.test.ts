import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { measureLoudness } from '../../../src-main/core/media/loudness';
import type { MediaAddResult, MediaItem } from '../../../src-shared/domain';
import { tempDir, testCore } from '../../helpers/core';

const cores: { close(): void }[] = [];
afterEach(() => cores.splice(0).forEach((c) => c.close()));

const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args]);
let inputs: string;
const input = (name: string) => path.join(inputs, name);

beforeAll(() => {
  inputs = tempDir('promogpt-loudness-in-');
  // A 1 kHz sine at amplitude 1/8 is -21.1 LUFS (K-weighting is ~0 dB at 1 kHz); the same 10 dB down is -31.1.
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=1000:duration=3', '-c:a', 'libmp3lame', input('tone.mp3'));
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=1000:duration=3', '-af', 'volume=-10dB', input('quiet.wav'));
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=25', '-frames:v', '1', input('pic.png'));
  ffmpeg(...['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=25:duration=2', '-f', 'lavfi', '-i', 'sine=frequency=1000:duration=2'], ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', input('clip.mp4')]);
  ffmpeg(...['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=25:duration=2', '-f', 'lavfi', '-i', 'anullsrc=duration=2'], ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', input('silent.mp4')]);
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=25:duration=2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', input('mute.mp4'));
  // 16 minutes of tone, made cheap: 8 kHz mono at 8 kb/s (about 1 MB, under 2 s to make).
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=8000:duration=960', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '8k', input('long.mp3'));
}, 60_000);

function added(result: MediaAddResult | undefined): MediaItem {
  if (!result?.ok) throw new Error(`expected the file to be added, got ${JSON.stringify(result)}`);
  return result.item;
}

async function addAll(names: string[], env?: NodeJS.ProcessEnv): Promise<MediaItem[]> {
  const core = testCore(env ? { env } : {});
  cores.push(core);
  const ws = await core.call('workspace.create', { name: 'Acme' });
  const results = await core.call('media.add', { workspaceId: ws.id, paths: names.map(input) });
  return results.map(added);
}

describe('loudness measured when a file is added', () => {
  it('measures a tone at its known level, and the same tone 10 dB down 10 LU lower', async () => {
    const [tone, quiet] = await addAll(['tone.mp3', 'quiet.wav']);
    expect(tone?.loudnessLufs).not.toBeNull();
    expect(Math.abs((tone?.loudnessLufs ?? 0) - -21.1)).toBeLessThanOrEqual(1);
    expect(Math.abs((quiet?.loudnessLufs ?? 0) - -31.1)).toBeLessThanOrEqual(1);
    expect(Math.abs((tone?.loudnessLufs ?? 0) - (quiet?.loudnessLufs ?? 0) - 10)).toBeLessThanOrEqual(1);
    // And it is what measuring the file on its own says.
    expect(await measureLoudness('ffmpeg', input('quiet.wav'))).toBe(quiet?.loudnessLufs);
  }, 60_000);

  it('measures a video by its sound', async () => {
    const [clip] = await addAll(['clip.mp4']);
    expect(Math.abs((clip?.loudnessLufs ?? 0) - -21.1)).toBeLessThanOrEqual(1);
  }, 60_000);

  it('gives null for a picture, a video without sound and a silent video', async () => {
    const [pic, mute, silent] = await addAll(['pic.png', 'mute.mp4', 'silent.mp4']);
    expect(pic?.loudnessLufs).toBeNull();
    expect(mute?.loudnessLufs).toBeNull();
    expect(silent?.audioCodec).toBe('aac');
    expect(silent?.loudnessLufs).toBeNull();
  }, 60_000);

  it('does not measure a file longer than 15 minutes, though it could', async () => {
    const [long] = await addAll(['long.mp3']);
    expect(long?.durationSeconds).toBeGreaterThan(15 * 60);
    expect(long?.loudnessLufs).toBeNull();
    // Not for want of sound: measured on its own, it has a loudness.
    expect(await measureLoudness('ffmpeg', input('long.mp3'))).toEqual(expect.any(Number));
  }, 60_000);

  it('gives null, never a failed upload, when ffmpeg cannot run', async () => {
    const [tone] = await addAll(['tone.mp3'], { ...process.env, FFMPEG_BIN: path.join(inputs, 'no-such-ffmpeg') });
    expect(tone?.kind).toBe('audio');
    expect(tone?.loudnessLufs).toBeNull();
    expect(await measureLoudness(path.join(inputs, 'no-such-ffmpeg'), input('tone.mp3'))).toBeNull();
    expect(await measureLoudness('ffmpeg', input('does-not-exist.mp3'))).toBeNull();
  }, 60_000);
});
