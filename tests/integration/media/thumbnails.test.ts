import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeThumbnail, thumbnailArgs, thumbnailExt } from '../../../src-main/core/media/thumbnails';
import { AppError } from '../../../src-shared/errors';
import { tempDir } from '../../helpers/core';

const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);

/** What ffprobe sees in a picture: its codec and size. */
function picture(file: string): { codec: string; width: number; height: number } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', file], { encoding: 'utf8' });
  const [s] = (JSON.parse(out) as { streams: { codec_name: string; width: number; height: number }[] }).streams;
  return { codec: s?.codec_name ?? '', width: s?.width ?? 0, height: s?.height ?? 0 };
}

let dir: string;
const at = (name: string) => path.join(dir, name);
const leftovers = () => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

beforeAll(() => {
  dir = tempDir('promogpt-thumbs-');
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=1280x720:rate=25', '-frames:v', '1', at('wide.png'));
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=300x900:rate=25', '-frames:v', '1', at('tall.jpg'));
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=200x100:rate=25', '-frames:v', '1', at('small.png'));
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25:duration=3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', at('clip.mp4'));
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'libmp3lame', at('tone.mp3'));
  ffmpeg('-f', 'lavfi', '-i', 'color=black@0.0:size=100x100,format=rgba', '-frames:v', '1', at('clear.png'));
  ffmpeg('-f', 'lavfi', '-i', 'color=red:size=2x4000', '-frames:v', '1', at('strip.png'));
  // A name that looks like an option and has a space, to prove the path is passed as one argument.
  fs.copyFileSync(at('small.png'), at('-i odd name.png'));
  fs.writeFileSync(at('corrupt.mp4'), 'this is not a video at all\n'.repeat(50));
}, 60_000);

describe('thumbnails', () => {
  it('names pictures and video .jpg and audio .png', () => {
    expect(thumbnailExt('image')).toBe('jpg');
    expect(thumbnailExt('video')).toBe('jpg');
    expect(thumbnailExt('audio')).toBe('png');
  });

  it('fits pictures inside 480x480 as JPEG, keeping the aspect ratio', async () => {
    await makeThumbnail('ffmpeg', at('wide.png'), 'image', at('wide.thumb.jpg'));
    expect(picture(at('wide.thumb.jpg'))).toEqual({ codec: 'mjpeg', width: 480, height: 270 });
    await makeThumbnail('ffmpeg', at('tall.jpg'), 'image', at('tall.thumb.jpg'));
    expect(picture(at('tall.thumb.jpg'))).toEqual({ codec: 'mjpeg', width: 160, height: 480 });
  });

  it('does not enlarge a small picture', async () => {
    await makeThumbnail('ffmpeg', at('small.png'), 'image', at('small.thumb.jpg'));
    expect(picture(at('small.thumb.jpg'))).toEqual({ codec: 'mjpeg', width: 200, height: 100 });
  });

  it('draws see-through pixels white, and keeps a thin strip at least 1 pixel wide', async () => {
    await makeThumbnail('ffmpeg', at('clear.png'), 'image', at('clear.thumb.jpg'));
    const rgb = execFileSync('ffmpeg', ['-v', 'error', '-i', at('clear.thumb.jpg'), '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
    expect(Math.min(...rgb.subarray(0, 3))).toBeGreaterThan(240);
    await makeThumbnail('ffmpeg', at('strip.png'), 'image', at('strip.thumb.jpg'));
    expect(picture(at('strip.thumb.jpg'))).toEqual({ codec: 'mjpeg', width: 1, height: 480 });
  });

  it('takes a video frame at 10 % of its length, and still makes one when the length is wrong', async () => {
    await makeThumbnail('ffmpeg', at('clip.mp4'), 'video', at('clip.thumb.jpg'), { durationSeconds: 3 });
    expect(picture(at('clip.thumb.jpg'))).toEqual({ codec: 'mjpeg', width: 480, height: 270 });
    await makeThumbnail('ffmpeg', at('clip.mp4'), 'video', at('clip-late.thumb.jpg'), { durationSeconds: 3000 });
    expect(picture(at('clip-late.thumb.jpg'))).toEqual({ codec: 'mjpeg', width: 480, height: 270 });
    await makeThumbnail('ffmpeg', at('clip.mp4'), 'video', at('clip-0.thumb.jpg'), { durationSeconds: null });
    expect(fs.statSync(at('clip-0.thumb.jpg')).size).toBeGreaterThan(0);
  });

  it('draws audio as a 640x160 PNG waveform', async () => {
    await makeThumbnail('ffmpeg', at('tone.mp3'), 'audio', at('tone.thumb.png'));
    expect(picture(at('tone.thumb.png'))).toEqual({ codec: 'png', width: 640, height: 160 });
    expect(fs.readFileSync(at('tone.thumb.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('passes a path that looks like an option as one plain argument', async () => {
    await makeThumbnail('ffmpeg', at('-i odd name.png'), 'image', at('odd.thumb.jpg'));
    expect(picture(at('odd.thumb.jpg')).width).toBe(200);
    const args = thumbnailArgs('/x/-i odd name.png', 'image', '/x/out.tmp');
    expect(args).toContain('file:/x/-i odd name.png');
    expect(args.slice(0, 4)).toEqual(['-nostdin', '-v', 'error', '-y']);
    // Video seeks before opening the input (fast), to the time it is given.
    const video = thumbnailArgs('/x/clip.mp4', 'video', '/x/out.tmp', 0.3);
    expect(video.slice(4, 8)).toEqual(['-ss', '0.300', '-i', 'file:/x/clip.mp4']);
    expect(thumbnailArgs('/x/clip.mp4', 'video', '/x/out.tmp')).not.toContain('-ss');
  });

  it('fails cleanly on a corrupt file: an AppError, no thumbnail, no temp file', async () => {
    const error = await makeThumbnail('ffmpeg', at('corrupt.mp4'), 'video', at('corrupt.thumb.jpg'), { durationSeconds: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/No thumbnail/);
    expect((error as AppError).message).not.toContain(dir);
    expect(fs.existsSync(at('corrupt.thumb.jpg'))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('fails cleanly on audio asked for as a picture, and on a missing ffmpeg', async () => {
    await expect(makeThumbnail('ffmpeg', at('tone.mp3'), 'image', at('tone-as-image.jpg'))).rejects.toBeInstanceOf(AppError);
    expect(fs.existsSync(at('tone-as-image.jpg'))).toBe(false);
    await expect(makeThumbnail(at('no-such-ffmpeg'), at('small.png'), 'image', at('x.jpg'))).rejects.toMatchObject({ name: 'DependencyMissing' });
    expect(leftovers()).toEqual([]);
  });

  it('stops when cancelled and leaves nothing behind', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(makeThumbnail('ffmpeg', at('clip.mp4'), 'video', at('cancelled.jpg'), { signal: controller.signal })).rejects.toThrow(/cancelled/);
    const late = new AbortController();
    const running = makeThumbnail('ffmpeg', at('clip.mp4'), 'video', at('cancelled2.jpg'), { signal: late.signal });
    late.abort();
    await expect(running).rejects.toMatchObject({ name: 'Cancelled' });
    expect(fs.existsSync(at('cancelled.jpg'))).toBe(false);
    expect(fs.existsSync(at('cancelled2.jpg'))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('replaces an older thumbnail whole', async () => {
    fs.writeFileSync(at('replace.jpg'), 'old');
    await makeThumbnail('ffmpeg', at('small.png'), 'image', at('replace.jpg'));
    expect(picture(at('replace.jpg')).codec).toBe('mjpeg');
  });
});
