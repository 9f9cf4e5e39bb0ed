import { z } from 'zod';
import {
  type CaptionTrack,
  ASPECTS,
  CAPTION_POSITIONS,
  MEDIA_KINDS,
  MOTIONS,
  WATERMARK_POSITIONS,
  type MediaAddResult,
  type MediaCapabilities,
  type MediaItem,
  type RenderRequest,
  type RenderStatus,
} from '../domain';
import { PLATFORMS } from '../platforms/platform';
import { entityId, method } from './define';

const mediaPath = z
  .string()
  .min(1, 'a path cannot be empty')
  .max(4096)
  .refine((s) => !s.includes('\0'), 'a path cannot contain NUL characters');

const seconds = z.number().finite().min(0, 'must be 0 or more').max(24 * 3600, 'must be at most 24 hours');
const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #ffffff');
const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'a tag cannot be empty')
  .max(40, 'a tag has at most 40 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, 'a tag has letters, digits, spaces, - and _ only');

/** Every render's options, checked here so that the core gets only values it can put in a filter graph. */
export const renderRequest = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('image-to-video'),
    imageIds: z.array(entityId).min(1, 'choose at least one picture').max(50, 'choose at most 50 pictures'),
    aspect: z.enum(ASPECTS),
    secondsPerImage: z.number().finite().min(1, 'each picture shows for at least 1 second').max(30, 'each picture shows for at most 30 seconds').optional(),
    motion: z.enum(MOTIONS).optional(),
    transition: z.enum(['fade', 'none']).optional(),
    musicId: entityId.optional(),
    voiceId: entityId.optional(),
  }),
  z.strictObject({
    kind: z.literal('enhance'),
    videoId: entityId,
    denoise: z.boolean().optional(),
    sharpen: z.boolean().optional(),
    brightness: z.number().finite().min(-1).max(1).optional(),
    contrast: z.number().finite().min(0).max(3).optional(),
    saturation: z.number().finite().min(0).max(3).optional(),
    deflicker: z.boolean().optional(),
    stabilise: z.boolean().optional(),
    loudnorm: z.number().finite().min(-40, 'a loudness target is between -40 and -5 LUFS').max(-5, 'a loudness target is between -40 and -5 LUFS').optional(),
    upscale: z.literal(1080).optional(),
    preview: z.strictObject({ fromSeconds: seconds, seconds: z.number().finite().min(1).max(15, 'a preview is at most 15 seconds') }).optional(),
  }),
  z.strictObject({
    kind: z.literal('reformat'),
    videoId: entityId,
    platform: z.enum(PLATFORMS),
    aspect: z.enum(ASPECTS).optional(),
    fit: z.enum(['crop', 'pad-blur']).optional(),
  }),
  z.strictObject({
    kind: z.literal('captions'),
    videoId: entityId,
    captions: z.string().min(1, 'the captions are empty').max(1_000_000, 'captions are at most 1 MB of text'),
    style: z
      .strictObject({
        size: z.number().int().min(12).max(160).optional(),
        colour: hexColour.optional(),
        outline: hexColour.optional(),
        position: z.enum(CAPTION_POSITIONS).optional(),
      })
      .optional(),
  }),
  z.strictObject({ kind: z.literal('trim'), videoId: entityId, fromSeconds: seconds, toSeconds: seconds }).refine((r) => r.toSeconds > r.fromSeconds, {
    message: 'the end must come after the start',
    path: ['toSeconds'],
  }),
  z.strictObject({ kind: z.literal('cut-silence'), videoId: entityId }),
  z.strictObject({ kind: z.literal('frame'), videoId: entityId, atSeconds: seconds }),
  z.strictObject({ kind: z.literal('extract-audio'), videoId: entityId }),
  z.strictObject({
    kind: z.literal('watermark'),
    videoId: entityId,
    imageId: entityId,
    position: z.enum(WATERMARK_POSITIONS).optional(),
    opacity: z.number().finite().min(0.1).max(1).optional(),
    scale: z.number().finite().min(0.05).max(0.5).optional(),
  }),
]) satisfies z.ZodType<RenderRequest>;

/** BCP 47 as platforms take it: en, de, pt-BR. */
const captionLang = z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/, 'give a language tag like en, de or pt-BR');

export const mediaContract = {
  /** Copies files into the workspace's library; each path is stored, found already there, or refused with the reason. */
  'media.add': method(
    z.strictObject({ workspaceId: entityId, paths: z.array(mediaPath).min(1, 'give at least one file').max(100, 'give at most 100 files at once') }),
  ).returns<MediaAddResult[]>(),
  /** `search` matches the file name, alt text and tags. */
  'media.list': method(
    z.strictObject({ workspaceId: entityId, kind: z.enum(MEDIA_KINDS).optional(), tag: tag.optional(), search: z.string().max(200).optional() }),
  ).returns<MediaItem[]>(),
  'media.get': method(z.strictObject({ workspaceId: entityId, mediaId: entityId })).returns<MediaItem>(),
  /** Empty text clears it. */
  'media.setAltText': method(z.strictObject({ workspaceId: entityId, mediaId: entityId, altText: z.string().max(5000) })).returns<MediaItem>(),
  /** Replaces the item's tags (lower-cased, duplicates dropped). */
  'media.setTags': method(z.strictObject({ workspaceId: entityId, mediaId: entityId, tags: z.array(tag).max(30, 'at most 30 tags') })).returns<MediaItem>(),
  'media.remove': method(z.strictObject({ workspaceId: entityId, mediaId: entityId })).returns<{ id: string }>(),
  /** Keeps SRT or WebVTT text as the video's captions file in `lang`, sent beside the video where a platform takes one. */
  'media.setCaptions': method(z.strictObject({ workspaceId: entityId, mediaId: entityId, lang: captionLang, text: z.string().min(1).max(500_000) })).returns<MediaItem>(),
  'media.removeCaptions': method(z.strictObject({ workspaceId: entityId, mediaId: entityId, lang: captionLang })).returns<MediaItem>(),
  /** The video's captions files as WebVTT, by language. */
  'media.getCaptions': method(z.strictObject({ workspaceId: entityId, mediaId: entityId })).returns<CaptionTrack[]>(),
  'media.capabilities': method(z.strictObject({})).returns<MediaCapabilities>(),
  /** Queues a render; it runs in the background, one at a time, and reports through `media.renderChanged`. */
  'media.render': method(z.strictObject({ workspaceId: entityId, request: renderRequest })).returns<RenderStatus>(),
  /** The workspace's renders, newest first (the last 50). */
  'media.renders': method(z.strictObject({ workspaceId: entityId })).returns<RenderStatus[]>(),
  'media.getRender': method(z.strictObject({ workspaceId: entityId, renderId: entityId })).returns<RenderStatus>(),
  /** Stops a queued or running render; it leaves no file behind. */
  'media.cancelRender': method(z.strictObject({ workspaceId: entityId, renderId: entityId })).returns<RenderStatus>(),
};
