// A Mastodon instance announces its own limits in GET /api/v2/instance → configuration
// (platforms.md §9.2). Those answers come from a server we do not control, so each field is
// parsed on its own: a missing or odd value keeps the default instead of failing the whole.

import { z } from 'zod';
import { type LimitOverrides } from './limits';

const count = z.number().int().positive().max(100_000_000).optional().catch(undefined);
const bytes = z.number().int().positive().max(1e13).optional().catch(undefined);
const host = z.string().trim().min(1).max(253).optional().catch(undefined);

const instanceSchema = z.object({
  domain: host, // v2
  uri: host, // v1: the host, sometimes with a scheme
  max_toot_chars: count, // Pleroma and Akkoma
  configuration: z
    .object({
      statuses: z
        .object({
          max_characters: count,
          max_media_attachments: count,
          characters_reserved_per_url: z.number().int().min(0).max(10_000).optional().catch(undefined),
        })
        .optional()
        .catch(undefined),
      media_attachments: z
        .object({
          supported_mime_types: z.array(z.string().max(200)).max(1000).optional().catch(undefined),
          image_size_limit: bytes,
          video_size_limit: bytes,
          description_limit: count,
        })
        .optional()
        .catch(undefined),
    })
    .optional()
    .catch(undefined),
});

/** Overrides for `limitsFor('mastodon', …)` from an /api/v2/instance (or v1) response; {} when unusable. */
export function mastodonInstanceOverrides(response: unknown): LimitOverrides {
  const parsed = instanceSchema.safeParse(response);
  if (!parsed.success) return {};
  const { domain, uri, max_toot_chars: maxTootChars, configuration } = parsed.data;
  const statuses = configuration?.statuses;
  const media = configuration?.media_attachments;
  const mimeTypes = media?.supported_mime_types?.map((type) => type.trim().toLowerCase());

  return {
    instance: domain ?? uri?.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, ''),
    text: {
      max: statuses?.max_characters ?? maxTootChars,
      charactersReservedPerUrl: statuses?.characters_reserved_per_url,
    },
    maxAttachments: statuses?.max_media_attachments,
    images: {
      max: statuses?.max_media_attachments,
      maxBytes: media?.image_size_limit,
      mimeTypes: mimeTypes?.filter((type) => type.startsWith('image/')),
    },
    video: {
      maxBytes: media?.video_size_limit,
      mimeTypes: mimeTypes?.filter((type) => type.startsWith('video/')),
    },
    altText: { imageMax: media?.description_limit, videoMax: media?.description_limit },
  };
}
