// A post's content as the composer holds it (main text and media, plus overrides per platform),
// and the variant each account publishes: the main content with its platform's overrides on top.
import type { ComposerDraft } from '../../../src-shared/domain';
import type { Platform } from '../../../src-shared/platforms/platform';
import type { Variant } from '../publishing/variant';

export type PostContent = ComposerDraft;

export function variantFor(content: PostContent, platform: Platform): Variant {
  const override = content.variants[platform] ?? {};
  const media = override.media ?? content.media;
  const firstComment = override.firstComment ?? content.firstComment;
  return {
    text: override.text ?? content.text,
    media: media.map((m) => ({ path: m.path, mimeType: m.mimeType ?? '', ...(m.altText ? { altText: m.altText } : {}) })),
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
