// The platform rules checked when a post is scheduled, so a post that can only fail is refused
// now, with the platform and the rule named, rather than at its time. What needs the files
// themselves (sizes, video length) is checked again just before publishing.
import type { Account } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { validatePost } from '../../../src-shared/platforms/rules';
import { limitOverridesOf } from '../publishing/validate';
import { partLabel, variantParts, type Variant } from '../publishing/variant';

/** Rules that can be judged without reading the files. */
const CHECKED_NOW = new Set(['post-empty', 'text-length', 'text-bytes', 'media-count', 'media-mixed', 'media-type', 'alt-text-length']);

export function assertFits(account: Account, extras: string, variant: Variant): void {
  const overrides = limitOverridesOf(account.platform, extras);
  for (const part of variantParts(variant)) {
    const media = part.media.map((m) => ({ mimeType: m.mimeType, bytes: 1, ...(m.altText ? { altText: m.altText } : {}) }));
    const issue = validatePost(account.platform, { text: part.text, media }, overrides).find((i) => i.severity === 'error' && CHECKED_NOW.has(i.rule));
    if (issue) {
      const where = part.index === 0 ? '' : ` (${partLabel(part)})`;
      throw new AppError('ValidationError', `${issue.message}${where} for ${account.handle}. Shorten or change it for this account, then schedule again.`, { accountId: account.id, rule: issue.rule });
    }
  }
}
