import type { Platform } from '../../../../src-shared/platforms/platform';

/**
 * Picture rules a platform puts on an uploaded video, beyond the size, length and types in
 * src-shared/platforms/limits.ts. Source: /work/shared/platforms.md.
 */
export interface PlatformVideoRules {
  /** Widest and tallest accepted aspect (width / height). */
  minAspect: number;
  maxAspect: number;
  /** The frame must fit in maxWidth×maxHeight (either orientation where noted). */
  maxWidth: number;
  maxHeight: number;
  /** Whether the box may be turned for a portrait video. */
  rotatable: boolean;
  minSide: number;
  maxFps: number;
}

export const PLATFORM_VIDEO_RULES: Readonly<Record<Platform, PlatformVideoRules>> = {
  // §1.2 Limits: "32×32 to 1280×1024, ≤60 fps, aspect 1:3 to 3:1, H.264 + AAC-LC, YUV 4:2:0".
  // (The brief's 1:2.39–2.39:1 and 1920×1200 are not in platforms.md; the stricter doc values win.)
  x: { minAspect: 1 / 3, maxAspect: 3, maxWidth: 1280, maxHeight: 1024, rotatable: false, minSide: 32, maxFps: 60 },
  // §8.2 gives only type and size (mp4, ≤300,000,000 bytes); picture rules UNCONFIRMED, so we keep
  // to 1080p either way round and 60 fps, which the official app produces.
  bluesky: { minAspect: 1 / 3, maxAspect: 3, maxWidth: 1920, maxHeight: 1080, rotatable: true, minSide: 32, maxFps: 60 },
  // §9.2: per instance (`video_matrix_limit`, `video_frame_rate_limit`; examples 120 fps, older 60).
  // We keep to 1080p and the older 60 fps so any instance takes it.
  mastodon: { minAspect: 1 / 3, maxAspect: 3, maxWidth: 1920, maxHeight: 1080, rotatable: true, minSide: 32, maxFps: 60 },
};
