import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, limitsFor, mastodonInstanceOverrides } from '../../../src-shared/platforms/rules';

// Shape of GET /api/v2/instance (mastodon/documentation methods/instance.md), trimmed.
const V2 = {
  domain: 'mastodon.social',
  title: 'Mastodon',
  configuration: {
    urls: { streaming: 'wss://mastodon.social' },
    statuses: { max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 },
    media_attachments: {
      supported_mime_types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'video/webm', 'video/mp4', 'audio/mpeg'],
      image_size_limit: 16_777_216,
      image_matrix_limit: 33_177_600,
      video_size_limit: 103_809_024,
      video_frame_rate_limit: 120,
      video_matrix_limit: 8_294_400,
      description_limit: 1500,
    },
  },
};

describe('mastodonInstanceOverrides', () => {
  it('reads an /api/v2/instance response', () => {
    const limits = limitsFor('mastodon', mastodonInstanceOverrides(V2));
    expect(limits.instance).toBe('mastodon.social');
    expect(limits.text).toEqual({ max: 500, unit: 'characters', maxBytes: null, charactersReservedPerUrl: 23 });
    expect(limits.maxAttachments).toBe(4);
    expect(limits.images).toEqual({ max: 4, maxBytes: 16_777_216, mimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] });
    expect(limits.video).toMatchObject({ maxBytes: 103_809_024, mimeTypes: ['video/webm', 'video/mp4'] });
    expect(limits.altText).toEqual({ imageMax: 1500, videoMax: 1500, unit: 'characters' });
  });

  it('reads a v1 response (host in uri) and Pleroma max_toot_chars', () => {
    const overrides = mastodonInstanceOverrides({ uri: 'https://pleroma.example/', max_toot_chars: 5000 });
    expect(overrides.instance).toBe('pleroma.example');
    expect(limitsFor('mastodon', overrides).text.max).toBe(5000);
  });

  it.each([
    ['null', null],
    ['a string', 'not json'],
    ['an array', [1, 2]],
    ['HTML error page text', '<html>502</html>'],
  ])('keeps every default for %s', (_name, response) => {
    expect(limitsFor('mastodon', mastodonInstanceOverrides(response))).toEqual(DEFAULT_LIMITS.mastodon);
  });

  it('ignores odd fields one by one and keeps the good ones', () => {
    const overrides = mastodonInstanceOverrides({
      domain: 42,
      configuration: {
        statuses: { max_characters: -5, max_media_attachments: '6', characters_reserved_per_url: 1.5 },
        media_attachments: { supported_mime_types: 'image/jpeg', image_size_limit: 1e20, video_size_limit: 50 * 1024 * 1024, description_limit: Number.NaN },
      },
    });
    const limits = limitsFor('mastodon', overrides);
    expect(limits.instance).toBeNull();
    expect(limits.text).toEqual(DEFAULT_LIMITS.mastodon.text);
    expect(limits.maxAttachments).toBe(4);
    expect(limits.images).toEqual(DEFAULT_LIMITS.mastodon.images);
    expect(limits.video.maxBytes).toBe(50 * 1024 * 1024);
    expect(limits.altText).toEqual(DEFAULT_LIMITS.mastodon.altText);
  });
});
