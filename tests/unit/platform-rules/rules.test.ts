import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../../src-shared/platforms/platform';
import {
  DEFAULT_LIMITS,
  limitsFor,
  mastodonInstanceOverrides,
  textCounter,
  validatePost,
  type MediaDraft,
  type PostDraft,
} from '../../../src-shared/platforms/rules';

const MiB = 1024 * 1024;
const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}'; // 1 grapheme, 25 bytes
const jpeg = (bytes = 100_000, altText = 'a cat'): MediaDraft => ({ mimeType: 'image/jpeg', bytes, altText });
const mp4 = (durationSeconds?: number, bytes = 1_000_000): MediaDraft => ({ mimeType: 'video/mp4', bytes, altText: 'a clip', durationSeconds });
const post = (text: string, media: MediaDraft[] = []): PostDraft => ({ text, media });
const messages = (platform: Parameters<typeof validatePost>[0], draft: PostDraft, overrides?: Parameters<typeof validatePost>[2]) =>
  validatePost(platform, draft, overrides).map((issue) => issue.message);

describe('validatePost: text', () => {
  it.each(PLATFORMS)('%s: a short post with described images has no issues', (platform) => {
    expect(validatePost(platform, post('Hello 👋', [jpeg(), jpeg()]))).toEqual([]);
  });

  it('Bluesky: exactly 300 graphemes passes, 312 fails in graphemes', () => {
    expect(validatePost('bluesky', post('a'.repeat(300)))).toEqual([]);
    expect(validatePost('bluesky', post('a'.repeat(312)))).toEqual([
      {
        platform: 'bluesky',
        field: 'text',
        rule: 'text-length',
        message: 'Bluesky: 312 of 300 graphemes',
        severity: 'error',
        count: 312,
        limit: 300,
      },
    ]);
  });

  it('Bluesky: 3,000 bytes pass, 3,105 bytes fail even under 300 graphemes', () => {
    expect(validatePost('bluesky', post(FAMILY.repeat(120)))).toEqual([]);
    const issues = validatePost('bluesky', post(`${FAMILY.repeat(124)}aaaaa`));
    expect(issues.map((i) => [i.rule, i.message, i.count, i.limit])).toEqual([['text-bytes', 'Bluesky: 3,105 of 3,000 bytes', 3105, 3000]]);
  });

  it('Bluesky: counts the text as sent (NFD é is 1 grapheme but 3 bytes)', () => {
    expect(validatePost('bluesky', post('e\u0301'.repeat(300)))).toEqual([]);
    expect(messages('bluesky', post('e\u0301'.repeat(1001)))).toEqual(['Bluesky: 1,001 of 300 graphemes', 'Bluesky: 3,003 of 3,000 bytes']);
  });

  it('X: 280 weighted characters pass, 281 fail; CJK and emoji weigh 2', () => {
    expect(validatePost('x', post('a'.repeat(280)))).toEqual([]);
    expect(messages('x', post('a'.repeat(281)))).toEqual(['X: 281 of 280 weighted characters']);
    expect(validatePost('x', post('日'.repeat(140)))).toEqual([]);
    expect(messages('x', post('日'.repeat(141)))).toEqual(['X: 282 of 280 weighted characters']);
    expect(messages('x', post(FAMILY.repeat(141)))).toEqual(['X: 282 of 280 weighted characters']);
  });

  it('X: a long link counts 23', () => {
    const link = `https://example.com/${'p'.repeat(300)}`;
    expect(validatePost('x', post(`${'a'.repeat(256)} ${link}`))).toEqual([]);
    expect(messages('x', post(`${'a'.repeat(257)} ${link}`))).toEqual(['X: 281 of 280 weighted characters']);
  });

  it('Mastodon: 500 characters pass, 512 fail, named with the instance', () => {
    const overrides = { instance: 'mastodon.social' };
    expect(validatePost('mastodon', post('a'.repeat(500)), overrides)).toEqual([]);
    expect(messages('mastodon', post('a'.repeat(512)), overrides)).toEqual(['Mastodon (mastodon.social): 512 of 500 characters']);
    expect(messages('mastodon', post('a'.repeat(501)))).toEqual(['Mastodon: 501 of 500 characters']);
  });

  it.each(PLATFORMS)('%s: an empty post is refused; empty text with media is fine', (platform) => {
    const issues = validatePost(platform, post(''));
    expect(issues.map((i) => [i.field, i.rule, i.severity])).toEqual([['text', 'post-empty', 'error']]);
    expect(validatePost(platform, post('  \n ')).map((i) => i.rule)).toEqual(['post-empty']);
    expect(validatePost(platform, post('', [jpeg()]))).toEqual([]);
  });

  it('RTL text with a link counts per platform', () => {
    const text = `שלום עולם https://example.com/${'x'.repeat(40)}`;
    expect(textCounter('x', text).used).toBe(9 + 1 + 23);
    expect(textCounter('mastodon', text).used).toBe(9 + 1 + 23);
    expect(textCounter('bluesky', text).used).toBe(text.length);
  });
});

describe('validatePost: media', () => {
  it('X: 5 images, at most 4', () => {
    const issues = validatePost('x', post('hi', [jpeg(), jpeg(), jpeg(), jpeg(), jpeg()]));
    expect(issues).toEqual([
      { platform: 'x', field: 'media', rule: 'media-count', message: 'X: 5 images, at most 4', severity: 'error', count: 5, limit: 4 },
    ]);
  });

  it('X: image 2 is 6.2 MB, at most 5 MB; exactly 5 MB passes', () => {
    expect(validatePost('x', post('hi', [jpeg(), jpeg(5 * MiB)]))).toEqual([]);
    const issues = validatePost('x', post('hi', [jpeg(), jpeg(6_500_000)]));
    expect(issues).toEqual([
      {
        platform: 'x',
        field: 'media',
        rule: 'media-size',
        message: 'X: image 2 is 6.2 MB, at most 5 MB',
        severity: 'error',
        count: 6_500_000,
        limit: 5 * MiB,
        mediaIndex: 1,
      },
    ]);
  });

  it('shows enough digits that a size just over the limit does not read as equal', () => {
    expect(messages('x', post('hi', [jpeg(5 * MiB + 1)]))).toEqual(['X: image 1 is 5.000001 MB, at most 5 MB']);
    expect(messages('bluesky', post('hi', [jpeg(2_040_000)]))).toEqual(['Bluesky: image 1 is 2.04 MB, at most 2 MB']);
  });

  it('Bluesky: image 1 has no alt text (a warning, and blank counts as none)', () => {
    const issues = validatePost('bluesky', post('hi', [{ mimeType: 'image/png', bytes: 1000 }, jpeg(1000, '   ')]));
    expect(issues).toEqual([
      { platform: 'bluesky', field: 'altText', rule: 'alt-text-missing', message: 'Bluesky: image 1 has no alt text', severity: 'warning', mediaIndex: 0 },
      { platform: 'bluesky', field: 'altText', rule: 'alt-text-missing', message: 'Bluesky: image 2 has no alt text', severity: 'warning', mediaIndex: 1 },
    ]);
  });

  it('refuses types the platform does not take', () => {
    expect(messages('x', post('hi', [{ mimeType: 'image/tiff', bytes: 10, altText: 'x' }]))).toEqual([
      'X: image 1 is image/tiff; X takes JPEG, PNG, WebP or GIF',
    ]);
    expect(messages('x', post('hi', [{ mimeType: 'application/pdf', bytes: 10 }]))).toEqual([
      'X: attachment 1 is application/pdf; X takes JPEG, PNG, WebP or GIF images and MP4 or MOV video',
    ]);
    expect(messages('bluesky', post('hi', [{ ...mp4(10), mimeType: 'video/webm' }]))).toEqual(['Bluesky: video 1 is WebM; Bluesky takes MP4']);
    expect(validatePost('mastodon', post('hi', [{ ...mp4(), mimeType: 'video/webm' }]))).toEqual([]);
  });

  it('accepts MIME aliases, parameters and upper case', () => {
    for (const mimeType of ['image/JPG', 'image/jpeg; charset=binary', 'IMAGE/PNG']) {
      expect(validatePost('x', post('hi', [{ mimeType, bytes: 10, altText: 'x' }]))).toEqual([]);
    }
  });

  it('X: a GIF is its own kind — alone, one at a time, up to 15 MB', () => {
    const gif = (bytes: number): MediaDraft => ({ mimeType: 'image/gif', bytes, altText: 'dancing' });
    expect(validatePost('x', post('hi', [gif(15 * MiB)]))).toEqual([]);
    expect(messages('x', post('hi', [gif(16 * MiB)]))).toEqual(['X: GIF 1 is 16 MB, at most 15 MB']);
    expect(messages('x', post('hi', [gif(10), gif(10)]))).toEqual(['X: 2 GIFs, at most 1']);
    expect(messages('x', post('hi', [gif(10), jpeg()]))).toEqual(['X: a post can have up to 4 images, or 1 GIF, or 1 video, not a mix']);
    // Elsewhere a GIF is an image.
    expect(validatePost('bluesky', post('hi', [gif(10), gif(10), jpeg()]))).toEqual([]);
  });

  it.each(PLATFORMS)('%s: images and a video cannot share a post; two videos cannot either', (platform) => {
    expect(validatePost(platform, post('hi', [jpeg(), mp4(10)])).map((i) => i.rule)).toEqual(['media-mixed']);
    expect(validatePost(platform, post('hi', [mp4(10), mp4(10)])).map((i) => [i.rule, i.count, i.limit])).toEqual([['media-count', 2, 1]]);
  });

  it('X: video length 0.5 s to 2 min 20 s', () => {
    expect(validatePost('x', post('hi', [mp4(140)]))).toEqual([]);
    expect(validatePost('x', post('hi', [mp4(0.5)]))).toEqual([]);
    expect(messages('x', post('hi', [mp4(150)]))).toEqual(['X: video 1 is 2 min 30 s, at most 2 min 20 s']);
    expect(messages('x', post('hi', [mp4(140.04)]))).toEqual(['X: video 1 is 2 min 20.04 s, at most 2 min 20 s']);
    expect(messages('x', post('hi', [mp4(0.3)]))).toEqual(['X: video 1 is 0.3 s, at least 0.5 s']);
    const unknown = validatePost('x', post('hi', [mp4(undefined)]));
    expect(unknown.map((i) => [i.rule, i.severity, i.message])).toEqual([
      ['video-duration-unknown', 'warning', 'X: the length of video 1 is unknown; X takes 0.5 s to 2 min 20 s'],
    ]);
  });

  it('Mastodon sets no video length, so an unknown length is fine', () => {
    expect(validatePost('mastodon', post('hi', [mp4(undefined)]))).toEqual([]);
    expect(validatePost('mastodon', post('hi', [mp4(3600)]))).toEqual([]);
  });

  it('video size limits per platform', () => {
    expect(validatePost('bluesky', post('hi', [mp4(60, 300_000_000)]))).toEqual([]);
    expect(validatePost('bluesky', post('hi', [mp4(60, 300_000_001)])).map((i) => i.rule)).toEqual(['media-size']);
    expect(messages('mastodon', post('hi', [mp4(60, 100 * MiB)]))).toEqual(['Mastodon: video 1 is 100 MB, at most 99 MB']);
    expect(messages('x', post('hi', [mp4(60, 600 * MiB)]))).toEqual(['X: video 1 is 600 MB, at most 512 MB']);
  });

  it('an unknown size is an error, not a pass', () => {
    expect(messages('x', post('hi', [jpeg(Number.NaN)]))).toEqual(['X: the size of image 1 is unknown']);
    expect(messages('x', post('hi', [jpeg(-1)]))).toEqual(['X: the size of image 1 is unknown']);
  });
});

describe('validatePost: alt text', () => {
  it('Mastodon: 1,500 characters, counted in code points', () => {
    expect(validatePost('mastodon', post('hi', [jpeg(10, 'a'.repeat(1500))]))).toEqual([]);
    expect(validatePost('mastodon', post('hi', [jpeg(10, '\u{1F600}'.repeat(1500))]))).toEqual([]);
    const issues = validatePost('mastodon', post('hi', [jpeg(), jpeg(10, 'a'.repeat(1612))]), { instance: 'mastodon.social' });
    expect(issues).toEqual([
      {
        platform: 'mastodon',
        field: 'altText',
        rule: 'alt-text-length',
        message: 'Mastodon (mastodon.social): alt text of image 2 is 1,612 of 1,500 characters',
        severity: 'error',
        count: 1612,
        limit: 1500,
        mediaIndex: 1,
      },
    ]);
  });

  it('X: 1,000 characters', () => {
    expect(validatePost('x', post('hi', [jpeg(10, 'a'.repeat(1000))]))).toEqual([]);
    expect(messages('x', post('hi', [jpeg(10, 'a'.repeat(1001))]))).toEqual(['X: alt text of image 1 is 1,001 of 1,000 characters']);
  });

  it('Bluesky: 2,000 graphemes for images and 1,000 for video, counted as graphemes', () => {
    expect(validatePost('bluesky', post('hi', [jpeg(10, FAMILY.repeat(2000))]))).toEqual([]);
    expect(messages('bluesky', post('hi', [jpeg(10, 'a'.repeat(2001))]))).toEqual(['Bluesky: alt text of image 1 is 2,001 of 2,000 graphemes']);
    expect(validatePost('bluesky', post('hi', [{ ...mp4(10), altText: 'a'.repeat(1000) }]))).toEqual([]);
    expect(messages('bluesky', post('hi', [{ ...mp4(10), altText: 'a'.repeat(1001) }]))).toEqual([
      'Bluesky: alt text of video 1 is 1,001 of 1,000 graphemes',
    ]);
  });

  it('Bluesky image alt text limit is configurable', () => {
    expect(validatePost('bluesky', post('hi', [jpeg(10, 'a'.repeat(1500))]), { altText: { imageMax: 1000 } }).map((i) => i.rule)).toEqual([
      'alt-text-length',
    ]);
  });

  it('a video without a description gets a warning too', () => {
    expect(messages('mastodon', post('hi', [{ ...mp4(10), altText: undefined }]))).toEqual(['Mastodon: video 1 has no alt text']);
  });
});

describe('per-instance Mastodon limits', () => {
  const fosstodon = mastodonInstanceOverrides({
    domain: 'fosstodon.org',
    configuration: {
      statuses: { max_characters: 5000, max_media_attachments: 6, characters_reserved_per_url: 30 },
      media_attachments: {
        supported_mime_types: ['image/jpeg', 'image/png', 'video/mp4', 'audio/mpeg'],
        image_size_limit: 8 * MiB,
        video_size_limit: 40 * MiB,
        description_limit: 1000,
      },
    },
  });

  it('takes text length, link weight and attachment count from the instance', () => {
    expect(validatePost('mastodon', post('a'.repeat(5000)), fosstodon)).toEqual([]);
    expect(messages('mastodon', post('a'.repeat(5001)), fosstodon)).toEqual(['Mastodon (fosstodon.org): 5,001 of 5,000 characters']);
    expect(textCounter('mastodon', `https://example.com/${'x'.repeat(50)}`, fosstodon)).toEqual({
      used: 30,
      limit: 5000,
      unit: 'characters',
      over: false,
    });
    const six = Array.from({ length: 6 }, () => jpeg());
    expect(validatePost('mastodon', post('hi', six), fosstodon)).toEqual([]);
    expect(messages('mastodon', post('hi', [...six, jpeg()]), fosstodon)).toEqual(['Mastodon (fosstodon.org): 7 images, at most 6']);
  });

  it('takes sizes, types and the alt text limit from the instance', () => {
    expect(messages('mastodon', post('hi', [jpeg(10 * MiB)]), fosstodon)).toEqual(['Mastodon (fosstodon.org): image 1 is 10 MB, at most 8 MB']);
    expect(messages('mastodon', post('hi', [{ mimeType: 'image/webp', bytes: 10, altText: 'x' }]), fosstodon)).toEqual([
      'Mastodon (fosstodon.org): image 1 is WebP; Mastodon takes JPEG or PNG',
    ]);
    expect(messages('mastodon', post('hi', [mp4(10, 41 * MiB)]), fosstodon)).toEqual(['Mastodon (fosstodon.org): video 1 is 41 MB, at most 40 MB']);
    expect(messages('mastodon', post('hi', [jpeg(10, 'a'.repeat(1001))]), fosstodon)).toEqual([
      'Mastodon (fosstodon.org): alt text of image 1 is 1,001 of 1,000 characters',
    ]);
  });

  it('without an instance, uses the documented defaults', () => {
    expect(validatePost('mastodon', post('a'.repeat(5000))).map((i) => i.rule)).toEqual(['text-length']);
    expect(messages('mastodon', post('hi', [jpeg(), jpeg(), jpeg(), jpeg(), jpeg()]))).toEqual(['Mastodon: 5 images, at most 4']);
  });
});

describe('textCounter', () => {
  it('X: weighted characters', () => {
    expect(textCounter('x', '日本語 👋')).toEqual({ used: 9, limit: 280, unit: 'weighted characters', over: false });
    expect(textCounter('x', 'a'.repeat(281)).over).toBe(true);
  });

  it('Bluesky: graphemes, with bytes as a second limit', () => {
    expect(textCounter('bluesky', FAMILY)).toEqual({ used: 1, limit: 300, unit: 'graphemes', over: false, bytes: { used: 25, limit: 3000 } });
    const heavy = textCounter('bluesky', FAMILY.repeat(121));
    expect(heavy).toMatchObject({ used: 121, over: true, bytes: { used: 3025, limit: 3000 } });
    expect(textCounter('bluesky', 'a'.repeat(301)).over).toBe(true);
  });

  it('empty text is not over', () => {
    for (const platform of PLATFORMS) expect(textCounter(platform, '')).toMatchObject({ used: 0, over: false });
  });

  it('X Premium: a longer text limit by override', () => {
    expect(textCounter('x', 'a'.repeat(4000), { text: { max: 25_000 } })).toMatchObject({ used: 4000, limit: 25_000, over: false });
  });
});

describe('limitsFor', () => {
  it('leaves defaults alone for undefined overrides', () => {
    expect(limitsFor('mastodon', { text: { max: undefined }, maxAttachments: undefined })).toEqual(DEFAULT_LIMITS.mastodon);
  });

  it('can turn video off (a Bluesky account without a verified email)', () => {
    const issues = validatePost('bluesky', post('hi', [mp4(10)]), { video: { allowed: false } });
    expect(issues.map((i) => [i.rule, i.message])).toEqual([['video-allowed', 'Bluesky: video 1 cannot be posted: this account cannot post video']]);
  });
});
