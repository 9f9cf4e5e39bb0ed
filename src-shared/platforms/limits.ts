// What each platform accepts in one post. Sources: /work/shared/platforms.md §1.2 (X), §8.2
// (Bluesky), §9.2 (Mastodon), plus the notes beside each value. Values marked UNCONFIRMED could
// not be confirmed from an official source; every value can be overridden (LimitOverrides).

import { type Platform } from './platform';

export type TextUnit = 'graphemes' | 'characters' | 'weighted characters';
/** How alt text is measured: grapheme clusters, or code points ("characters"). */
export type AltTextUnit = 'graphemes' | 'characters';

export interface PlatformLimits {
  platform: Platform;
  /** The Mastodon instance (host) these limits come from, shown in messages; null elsewhere. */
  instance: string | null;
  text: {
    max: number;
    unit: TextUnit;
    /** A second, byte limit on the UTF-8 text (Bluesky); null when there is none. */
    maxBytes: number | null;
    /** What one link counts as; null when links count at their full length (Bluesky). */
    charactersReservedPerUrl: number | null;
  };
  /** Attachments of any kind in one post. */
  maxAttachments: number;
  images: { max: number; maxBytes: number; mimeTypes: readonly string[] };
  /** X treats a GIF as its own kind (animated, alone, bigger); null: a GIF is an ordinary image. */
  gif: { max: number; maxBytes: number } | null;
  video: {
    allowed: boolean;
    max: number;
    maxBytes: number;
    minSeconds: number | null;
    maxSeconds: number | null;
    mimeTypes: readonly string[];
  };
  /** Whether images and a video (or X's GIF) may share one post. */
  mixedMedia: boolean;
  altText: { imageMax: number; videoMax: number; unit: AltTextUnit };
}

/** Partial replacement of a platform's limits: a Mastodon instance's own, X Premium's text, … */
export interface LimitOverrides {
  instance?: string;
  text?: Partial<Omit<PlatformLimits['text'], 'unit'>>;
  maxAttachments?: number;
  images?: Partial<PlatformLimits['images']>;
  gif?: Partial<NonNullable<PlatformLimits['gif']>>;
  video?: Partial<PlatformLimits['video']>;
  mixedMedia?: boolean;
  altText?: Partial<Omit<PlatformLimits['altText'], 'unit'>>;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<Record<Platform, PlatformLimits>> = {
  x: {
    platform: 'x',
    instance: null,
    // 280 weighted characters, a link = 23 (twitter-text v3). Premium allows more: override text.max.
    text: { max: 280, unit: 'weighted characters', maxBytes: null, charactersReservedPerUrl: 23 },
    maxAttachments: 4,
    // "4 photos, or 1 animated GIF, or 1 video"; "5 MB" / "15 MB" / "512 MB" read as MiB: UNCONFIRMED.
    images: { max: 4, maxBytes: 5 * MiB, mimeTypes: ['image/jpeg', 'image/png', 'image/webp'] },
    gif: { max: 1, maxBytes: 15 * MiB },
    // MP4 (H.264/AAC) per docs; MOV is in the upload API's media_type list.
    video: { allowed: true, max: 1, maxBytes: 512 * MiB, minSeconds: 0.5, maxSeconds: 140, mimeTypes: ['video/mp4', 'video/quicktime'] },
    mixedMedia: false,
    // Images: openapi CreateMediaMetadata alt_text maxLength 1000. Video alt text: UNCONFIRMED.
    altText: { imageMax: 1000, videoMax: 1000, unit: 'characters' },
  },
  bluesky: {
    platform: 'bluesky',
    instance: null,
    // app.bsky.feed.post text: maxGraphemes 300, maxLength 3000 (bytes).
    text: { max: 300, unit: 'graphemes', maxBytes: 3000, charactersReservedPerUrl: null },
    maxAttachments: 4,
    // app.bsky.embed.images: ≤4, maxSize 2,000,000, accept image/* (the formats listed are the
    // ones the app uploads; others: UNCONFIRMED).
    images: { max: 4, maxBytes: 2_000_000, mimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] },
    gif: null,
    // app.bsky.embed.video: video/mp4, maxSize 300,000,000 per platforms.md (atproto@d6296a1);
    // the lexicon in @atproto/api 0.19.19 says 100,000,000: UNCONFIRMED which the service enforces.
    // 10 minutes is the official app's cap (social-app VIDEO_MAX_DURATION_MS): UNCONFIRMED server-side.
    video: { allowed: true, max: 1, maxBytes: 300_000_000, minSeconds: null, maxSeconds: 600, mimeTypes: ['video/mp4'] },
    mixedMedia: false,
    // Image alt: the lexicon sets no maximum; 2000 graphemes is the official app's cap (social-app
    // MAX_ALT_TEXT): UNCONFIRMED as a server limit. Video alt: lexicon maxGraphemes 1000.
    altText: { imageMax: 2000, videoMax: 1000, unit: 'graphemes' },
  },
  mastodon: {
    platform: 'mastodon',
    instance: null,
    // Defaults of /api/v2/instance configuration; each instance may differ (mastodonInstanceOverrides).
    // Counted in grapheme clusters (StatusLengthValidator), shown to users as "characters".
    text: { max: 500, unit: 'characters', maxBytes: null, charactersReservedPerUrl: 23 },
    maxAttachments: 4,
    images: {
      max: 4,
      maxBytes: 16 * MiB, // IMAGE_LIMIT = 16.megabytes
      mimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/heic', 'image/heif', 'image/webp', 'image/avif'],
    },
    gif: null,
    // VIDEO_LIMIT = 99.megabytes; no duration limit; a video must be the only attachment.
    video: {
      allowed: true,
      max: 1,
      maxBytes: 99 * MiB,
      minSeconds: null,
      maxSeconds: null,
      mimeTypes: ['video/mp4', 'video/webm', 'video/quicktime', 'video/ogg'],
    },
    mixedMedia: false,
    // MediaAttachment::MAX_DESCRIPTION_LENGTH = 1500, a Rails length check (code points).
    altText: { imageMax: 1500, videoMax: 1500, unit: 'characters' },
  },
};

/** The limits for one platform, with any overrides applied (an `undefined` override changes nothing). */
export function limitsFor(platform: Platform, overrides: LimitOverrides = {}): PlatformLimits {
  const base = DEFAULT_LIMITS[platform];
  return {
    platform,
    instance: overrides.instance ?? base.instance,
    text: merge(base.text, overrides.text),
    maxAttachments: overrides.maxAttachments ?? base.maxAttachments,
    images: merge(base.images, overrides.images),
    gif: base.gif ? merge(base.gif, overrides.gif) : null,
    video: merge(base.video, overrides.video),
    mixedMedia: overrides.mixedMedia ?? base.mixedMedia,
    altText: merge(base.altText, overrides.altText),
  };
}

function merge<T extends object, P extends Partial<T>>(base: T, patch: P | undefined): T {
  const merged = { ...base };
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
