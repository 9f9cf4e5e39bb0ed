import { describe, expect, it } from 'vitest';
import { bytesText, durationText, etaText, itemFacts, settingsText, slideshowSeconds, sourceIdsOf, speedText } from '../../../src-renderer/features/media/media-words';
import { mediaUrl, thumbnailUrl, uploadUrl } from '../../../src-renderer/features/media/media-url';

describe('media in words', () => {
  it('gives a pictures-to-video render’s length as n·s less the crossfades', () => {
    expect(slideshowSeconds(1, 3, 'fade')).toBe(3);
    expect(slideshowSeconds(4, 3, 'fade')).toBe(10.5);
    expect(slideshowSeconds(4, 3, 'none')).toBe(12);
    expect(slideshowSeconds(0, 3, 'fade')).toBe(0);
  });

  it('says sizes, lengths, time left and speed the way people read them', () => {
    expect(bytesText(999)).toBe('999 B');
    expect(bytesText(33.4)).toBe('33 B');
    expect(bytesText(1_536)).toBe('1.5 KB');
    expect(bytesText(12_500_000)).toBe('12.5 MB');
    expect(bytesText(4_200_000_000)).toBe('4.2 GB');
    expect(durationText(75.4)).toBe('1:15');
    expect(durationText(3725)).toBe('1:02:05');
    expect(durationText(4.25, true)).toBe('0:04.3');
    expect(etaText(0.2)).toBe('about 1 s left');
    expect(etaText(89)).toBe('about 89 s left');
    expect(etaText(600)).toBe('about 10 min left');
    expect(speedText(2.54)).toBe('2.5× real time');
    expect(speedText(14.2)).toBe('14× real time');
    expect(
      itemFacts({ width: null, height: null, durationSeconds: 30, bytes: 480_000 } as never),
    ).toBe('0:30 · 480 KB');
  });

  it('puts every render’s settings in words', () => {
    expect(settingsText({ kind: 'image-to-video', imageIds: ['a'], aspect: '9:16' })).toBe('9:16, 3 s per picture, auto motion, fade between pictures');
    expect(settingsText({ kind: 'image-to-video', imageIds: ['a'], aspect: '1:1', transition: 'none', musicId: 'm', voiceId: 'v', motion: 'pan-left' })).toBe(
      '1:1, 3 s per picture, pan left motion, hard cuts, with music, with a voiceover',
    );
    expect(settingsText({ kind: 'enhance', videoId: 'v', denoise: true, brightness: 0.1, loudnorm: -14, upscale: 1080, preview: { fromSeconds: 10, seconds: 5 } })).toBe(
      'denoise, brightness +0.1, loudness -14 LUFS, upscale to 1080p, a 5 s preview from 0:10',
    );
    expect(settingsText({ kind: 'reformat', videoId: 'v', platform: 'mastodon', fit: 'crop' })).toBe('for Mastodon, its own aspect where allowed, cropped');
    expect(settingsText({ kind: 'captions', videoId: 'v', captions: 'x' })).toBe('48 px text, #ffffff with a #000000 outline, at the bottom');
    expect(settingsText({ kind: 'trim', videoId: 'v', fromSeconds: 2.5, toSeconds: 30 })).toBe('from 0:02.5 to 0:30');
    expect(settingsText({ kind: 'frame', videoId: 'v', atSeconds: 12 })).toBe('at 0:12');
    expect(settingsText({ kind: 'watermark', videoId: 'v', imageId: 'i' })).toBe('bottom right, 80% opacity, 15% of the width');
    expect(sourceIdsOf({ kind: 'watermark', videoId: 'v', imageId: 'i' })).toEqual(['v', 'i']);
    expect(sourceIdsOf({ kind: 'image-to-video', imageIds: ['a', 'b'], aspect: '9:16', voiceId: 'v' })).toEqual(['a', 'b', 'v']);
  });

  it('builds the media route’s addresses with every part encoded', () => {
    expect(mediaUrl('ws-1', 'media-2')).toBe('/media/ws-1/media-2');
    expect(thumbnailUrl('ws-1', 'media-2')).toBe('/media/ws-1/media-2/thumbnail');
    expect(uploadUrl('ws 1', '../etc/passwd?x=1&y#z.jpg')).toBe('/media/ws%201/upload?name=..%2Fetc%2Fpasswd%3Fx%3D1%26y%23z.jpg');
    expect(mediaUrl('ws-1', '../../secret')).toBe('/media/ws-1/..%2F..%2Fsecret');
  });
});
