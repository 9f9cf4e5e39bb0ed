import { z } from 'zod';
import { MEDIA_KINDS, type MediaAddResult, type MediaItem } from '../domain';
import { entityId, method } from './define';

const mediaPath = z
  .string()
  .min(1, 'a path cannot be empty')
  .max(4096)
  .refine((s) => !s.includes('\0'), 'a path cannot contain NUL characters');

export const mediaContract = {
  /** Copies files into the workspace's library; each path is stored, found already there, or refused with the reason. */
  'media.add': method(
    z.strictObject({ workspaceId: entityId, paths: z.array(mediaPath).min(1, 'give at least one file').max(100, 'give at most 100 files at once') }),
  ).returns<MediaAddResult[]>(),
  'media.list': method(z.strictObject({ workspaceId: entityId, kind: z.enum(MEDIA_KINDS).optional() })).returns<MediaItem[]>(),
  'media.get': method(z.strictObject({ workspaceId: entityId, mediaId: entityId })).returns<MediaItem>(),
  /** Empty text clears it. */
  'media.setAltText': method(z.strictObject({ workspaceId: entityId, mediaId: entityId, altText: z.string().max(5000) })).returns<MediaItem>(),
  'media.remove': method(z.strictObject({ workspaceId: entityId, mediaId: entityId })).returns<{ id: string }>(),
};
