// What one target publishes: the variant JSON kept in post_targets.variant, and the parts a
// publish is made of (the post, each thread reply, the first comment), in the order they go out.
import path from 'node:path';
import { z } from 'zod';
import { missingCaseError } from '../../../src-shared/assert';
import { AppError } from '../../../src-shared/errors';
import type { MediaFile } from '../connectors/types';

export const VariantMediaSchema = z.object({
  path: z.string().min(1).max(4096),
  /** '' when the composer did not know it: read from the file name at publish time. */
  mimeType: z.string().max(100).default(''),
  altText: z.string().max(5000).optional(),
  /** From the library: the picture or video's size, and a video's caption files. */
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  captions: z
    .array(z.object({ lang: z.string().max(40), vtt: z.string().max(500_000) }))
    .max(50)
    .optional(),
});

export const VariantSchema = z.object({
  text: z.string().max(100_000),
  media: z.array(VariantMediaSchema).max(20).default([]),
  /** Further posts, each a reply to the one before. */
  thread: z.array(z.string().max(100_000)).max(25).default([]),
  /** A reply to the last post of the thread (or to the post), e.g. the link that would hurt reach in the post. */
  firstComment: z.string().max(100_000).optional(),
});

export type Variant = z.infer<typeof VariantSchema>;
export type VariantMedia = z.infer<typeof VariantMediaSchema>;

/** Reads a stored variant; a malformed one is a ValidationError that says what to do. */
export function parseVariant(json: string): Variant {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new AppError('ValidationError', 'This post\'s content could not be read (it is not valid JSON). Edit the post, then retry.', { field: 'variant' });
  }
  const parsed = VariantSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'content';
    throw new AppError('ValidationError', `This post's ${where} is not valid (${issue?.message ?? 'unknown problem'}). Edit the post, then retry.`, { field: 'variant' });
  }
  return parsed.data;
}

export function serializeVariant(variant: Variant): string {
  return JSON.stringify(VariantSchema.parse(variant));
}

const TYPES_BY_EXTENSION: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.heic': 'image/heic',
  '.heif': 'image/heif',
  '.avif': 'image/avif',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
};

/** The media type as given, or guessed from the file name ('' when unknown: the rules then refuse it by name). */
export function mediaTypeOf(media: VariantMedia): string {
  const given = media.mimeType.trim().toLowerCase();
  if (given) return given;
  return TYPES_BY_EXTENSION[path.extname(media.path).toLowerCase()] ?? '';
}

export type PartKind = 'post' | 'thread' | 'firstComment';

export interface VariantPart {
  /** 0 is the post; each later part replies to the one before it. */
  index: number;
  kind: PartKind;
  text: string;
  media: MediaFile[];
}

/** The parts in publishing order: the post, the thread replies, then the first comment (when it has text). */
export function variantParts(variant: Variant): VariantPart[] {
  const media: MediaFile[] = variant.media.map((m) => ({ ...m, mimeType: mediaTypeOf(m) }));
  const parts: VariantPart[] = [{ index: 0, kind: 'post', text: variant.text, media }];
  for (const text of variant.thread) parts.push({ index: parts.length, kind: 'thread', text, media: [] });
  if (variant.firstComment?.trim()) parts.push({ index: parts.length, kind: 'firstComment', text: variant.firstComment, media: [] });
  return parts;
}

/** How a part is named in messages: "the post", "part 2 of the thread", "the first comment". */
export function partLabel(part: Pick<VariantPart, 'index' | 'kind'>): string {
  switch (part.kind) {
    case 'post':
      return 'the post';
    case 'thread':
      return `part ${part.index + 1} of the thread`;
    case 'firstComment':
      return 'the first comment';
    default:
      throw missingCaseError(part.kind);
  }
}
