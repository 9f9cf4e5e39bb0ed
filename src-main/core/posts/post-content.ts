// A post's content as the composer holds it (main text and media, plus overrides per platform),
// and the variant each account publishes: the main content with its platform's overrides on top.
import type { ComposerDraft, ComposerMedia, LibraryFileFacts } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { Platform } from '../../../src-shared/platforms/platform';
import type { Variant } from '../publishing/variant';

export type PostContent = ComposerDraft;

/** An attachment as a file on this computer: what publishing reads. */
export type FileMedia = Extract<ComposerMedia, { path: string }>;

/** Turns a library attachment into its stored file (and type); throws when the item is gone. */
export type MediaResolver = (mediaId: string) => { path: string; mimeType: string; altText: string | null } & LibraryFileFacts;

/**
 * The content with every library attachment replaced by its stored file, for the targets'
 * variants; the content kept with the post keeps the ids, so a draft reopens with the items.
 */
export function resolveContent(content: PostContent, resolve: MediaResolver): PostContent {
  const files = (media: readonly ComposerMedia[]): FileMedia[] =>
    media.map((m) => {
      if (!('mediaId' in m)) return m;
      const { altText: libraryAlt, ...file } = resolve(m.mediaId);
      const altText = m.altText ?? libraryAlt ?? undefined;
      return { ...file, ...(altText ? { altText } : {}) };
    });
  const variants: PostContent['variants'] = {};
  for (const [platform, override] of Object.entries(content.variants) as [keyof PostContent['variants'], NonNullable<PostContent['variants'][keyof PostContent['variants']]>][]) {
    variants[platform] = override.media ? { ...override, media: files(override.media) } : override;
  }
  return { ...content, media: files(content.media), variants };
}

/** Every library item the content uses, main post and variants. */
export function mediaIdsOf(content: PostContent): string[] {
  const all = [content.media, ...Object.values(content.variants).map((v) => v?.media ?? [])].flat();
  return [...new Set(all.flatMap((m) => ('mediaId' in m ? [m.mediaId] : [])))];
}

export function variantFor(content: PostContent, platform: Platform): Variant {
  const override = content.variants[platform] ?? {};
  const media = override.media ?? content.media;
  const firstComment = override.firstComment ?? content.firstComment;
  return {
    text: override.text ?? content.text,
    media: media.map((m) => {
      // resolveContent runs first; an id here is a bug, never a file to publish.
      if ('mediaId' in m) throw new AppError('Internal', `Media item ${m.mediaId} was not turned into its file before publishing.`);
      const { path, mimeType = '', altText, width, height, captions } = m;
      return { path, mimeType, ...(altText ? { altText } : {}), ...(width && height ? { width, height } : {}), ...(captions?.length ? { captions } : {}) };
    }),
    thread: override.thread ?? content.thread,
    ...(firstComment ? { firstComment } : {}),
  };
}

/** Reads a stored content column; null for a post made before content was kept, or unreadable. */
export function readContent(json: string | null): PostContent | null {
  if (!json) return null;
  try {
    const raw = JSON.parse(json) as Partial<PostContent>;
    return {
      accountIds: raw.accountIds ?? [],
      text: raw.text ?? '',
      media: raw.media ?? [],
      thread: raw.thread ?? [],
      variants: raw.variants ?? {},
      ...(raw.firstComment ? { firstComment: raw.firstComment } : {}),
      ...(raw.when ? { when: raw.when } : {}),
    };
  } catch {
    return null;
  }
}
