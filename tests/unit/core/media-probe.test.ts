import { describe, expect, it } from 'vitest';
import { displayFileName } from '../../../src-main/core/media/file-name';
import { classify } from '../../../src-main/core/media/probe';

type Probe = Parameters<typeof classify>[0];
const probe = (format_name: string, streams: Probe['streams'], duration?: string): Probe => ({ format: { format_name, ...(duration ? { duration } : {}) }, streams });
const video = { codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, avg_frame_rate: '30000/1001' };
const audio = { codec_type: 'audio', codec_name: 'aac' };

describe('classify (what a file is, from ffprobe output)', () => {
  it('takes single-frame picture formats as images', () => {
    expect(classify(probe('png_pipe', [{ codec_type: 'video', codec_name: 'png', width: 10, height: 20 }]))).toMatchObject({ kind: 'image', ext: 'png', width: 10, height: 20 });
    expect(classify(probe('image2', [{ codec_type: 'video', codec_name: 'mjpeg', width: 10, height: 20 }]))).toMatchObject({ kind: 'image', ext: 'jpg', mimeType: 'image/jpeg' });
  });

  it('takes a moving picture with a length as video, with its frame rate', () => {
    const v = classify(probe('mov,mp4,m4a,3gp,3g2,mj2', [video, audio], '12.5'));
    expect(v).toMatchObject({ kind: 'video', ext: 'mp4', videoCodec: 'h264', audioCodec: 'aac', durationSeconds: 12.5, frameRate: 29.97 });
    expect(() => classify(probe('mov,mp4,m4a,3gp,3g2,mj2', [video]))).toThrow(/no length/);
  });

  it('takes music with cover art as audio, not video', () => {
    const cover = { codec_type: 'video', codec_name: 'mjpeg', width: 500, height: 500, disposition: { attached_pic: 1 } };
    expect(classify(probe('mp3', [{ codec_type: 'audio', codec_name: 'mp3' }, cover], '180'))).toMatchObject({ kind: 'audio', ext: 'mp3', width: null, videoCodec: null });
  });

  it('refuses text, subtitles, absurd sizes and containers we do not take', () => {
    expect(() => classify(probe('tty', [{ codec_type: 'video', codec_name: 'ansi', width: 640, height: 400 }], '1'))).toThrow(/does not take/);
    expect(() => classify(probe('srt', [{ codec_type: 'subtitle', codec_name: 'subrip' }]))).toThrow(/neither a picture/);
    expect(() => classify(probe('png_pipe', [{ codec_type: 'video', codec_name: 'png', width: 16385, height: 1 }]))).toThrow(/16385×1 pixels/);
    expect(() => classify(probe('png_pipe', [{ codec_type: 'video', codec_name: 'png', width: 0, height: 0 }]))).toThrow(/no picture size/);
    expect(() => classify(probe('flv', [video], '3'))).toThrow(/flv format/);
  });
});

describe('displayFileName', () => {
  it('keeps the last segment, without control characters or separators', () => {
    expect(displayFileName('/tmp/x/../a"b;c\nd.png')).toBe('a"b;c d.png');
    expect(displayFileName('C:\\Users\\me\\pic.jpg')).toBe('pic.jpg');
    expect(displayFileName('../..')).toBe('untitled');
    expect(displayFileName('evil\u202egnp.exe')).toBe('evil gnp.exe');
    expect(Array.from(displayFileName(`${'x'.repeat(500)}.png`))).toHaveLength(200);
  });
});
