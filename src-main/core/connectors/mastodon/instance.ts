// A Mastodon instance: its URL as the user typed it, and the limits the composer checks against.
import { z } from 'zod';
import { AppError } from '../../../../src-shared/errors';
import { mastodonFetch, parseBody, type MastodonDeps } from './wire';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The instance origin from what the user typed ("mastodon.social", "https://mastodon.social/").
 * HTTPS only, except on this machine (tests and local instances).
 */
export function normalizeInstanceUrl(input: string): string {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new AppError('ValidationError', `"${trimmed.slice(0, 100)}" is not a Mastodon server address. Type it like mastodon.social.`);
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!secure || url.username || url.password || !url.hostname) {
    throw new AppError('ValidationError', `"${trimmed.slice(0, 100)}" is not a Mastodon server address PromoGPT can use: it must be an https:// address.`);
  }
  return url.origin;
}

/** What the composer checks a Mastodon post against (platforms.md §9.2). */
export interface MastodonInstanceLimits {
  maxCharacters: number;
  maxMediaAttachments: number;
  charactersReservedPerUrl: number;
  supportedMimeTypes: string[];
  imageSizeLimit: number;
  imageMatrixLimit: number;
  videoSizeLimit: number;
  videoFrameRateLimit: number;
  videoMatrixLimit: number;
  descriptionLimit: number;
  version?: string;
  /** 'instance' when read from /api/v2/instance; 'defaults' when the server has no v2 endpoint (Mastodon < 4.0). */
  source: 'instance' | 'defaults';
}

export const MASTODON_DEFAULT_LIMITS: MastodonInstanceLimits = {
  maxCharacters: 500,
  maxMediaAttachments: 4,
  charactersReservedPerUrl: 23,
  supportedMimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'video/mp4', 'video/webm', 'video/quicktime'],
  imageSizeLimit: 16_777_216,
  imageMatrixLimit: 33_177_600,
  videoSizeLimit: 103_809_024,
  videoFrameRateLimit: 120,
  videoMatrixLimit: 8_294_400,
  descriptionLimit: 1500,
  source: 'defaults',
};

const num = z.number().int().positive().optional();
const InstanceSchema = z.object({
  version: z.string().optional(),
  configuration: z
    .object({
      statuses: z.object({ max_characters: num, max_media_attachments: num, characters_reserved_per_url: num }).partial().optional(),
      media_attachments: z
        .object({
          supported_mime_types: z.array(z.string()).optional(),
          image_size_limit: num,
          image_matrix_limit: num,
          video_size_limit: num,
          video_frame_rate_limit: num,
          video_matrix_limit: num,
          description_limit: num,
        })
        .partial()
        .optional(),
    })
    .optional(),
});

/** Reads the instance's limits from GET /api/v2/instance; documented defaults fill any gap. */
export async function fetchInstanceLimits(instanceUrl: string, deps: MastodonDeps): Promise<MastodonInstanceLimits> {
  const base = normalizeInstanceUrl(instanceUrl);
  let body: unknown;
  try {
    body = (await mastodonFetch(deps, { method: 'GET', url: `${base}/api/v2/instance` })).body;
  } catch (error) {
    if (error instanceof AppError && error.name === 'PlatformRejected' && error.details?.status === 404) return { ...MASTODON_DEFAULT_LIMITS };
    throw error;
  }
  const parsed = parseBody(InstanceSchema, body, 'its instance information');
  const s = parsed.configuration?.statuses ?? {};
  const m = parsed.configuration?.media_attachments ?? {};
  const d = MASTODON_DEFAULT_LIMITS;
  return {
    maxCharacters: s.max_characters ?? d.maxCharacters,
    maxMediaAttachments: s.max_media_attachments ?? d.maxMediaAttachments,
    charactersReservedPerUrl: s.characters_reserved_per_url ?? d.charactersReservedPerUrl,
    supportedMimeTypes: m.supported_mime_types ?? d.supportedMimeTypes,
    imageSizeLimit: m.image_size_limit ?? d.imageSizeLimit,
    imageMatrixLimit: m.image_matrix_limit ?? d.imageMatrixLimit,
    videoSizeLimit: m.video_size_limit ?? d.videoSizeLimit,
    videoFrameRateLimit: m.video_frame_rate_limit ?? d.videoFrameRateLimit,
    videoMatrixLimit: m.video_matrix_limit ?? d.videoMatrixLimit,
    descriptionLimit: m.description_limit ?? d.descriptionLimit,
    ...(parsed.version ? { version: parsed.version } : {}),
    source: 'instance',
  };
}
