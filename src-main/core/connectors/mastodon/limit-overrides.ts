import type { LimitOverrides } from '../../../../src-shared/platforms/limits';
import type { MastodonInstanceLimits } from './instance';

/** The instance's limits in the shape the composer's rules take (src-shared/platforms/rules.ts). */
export function limitOverrides(instanceUrl: string, limits: MastodonInstanceLimits): LimitOverrides {
  const types = limits.supportedMimeTypes.map((t) => t.toLowerCase());
  return {
    instance: new URL(instanceUrl).host,
    text: { max: limits.maxCharacters, charactersReservedPerUrl: limits.charactersReservedPerUrl },
    maxAttachments: limits.maxMediaAttachments,
    images: { max: limits.maxMediaAttachments, maxBytes: limits.imageSizeLimit, mimeTypes: types.filter((t) => t.startsWith('image/')) },
    video: { maxBytes: limits.videoSizeLimit, mimeTypes: types.filter((t) => t.startsWith('video/')) },
    altText: { imageMax: limits.descriptionLimit, videoMax: limits.descriptionLimit },
  };
}
