// The last check before anything is uploaded: every part against the platform's rules (and a
// Mastodon instance's own limits), with the media files read from disk as they are now.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Platform } from '../../../src-shared/platforms/platform';
import { validatePost, type LimitOverrides, type MediaDraft } from '../../../src-shared/platforms/rules';
import { partLabel, type VariantPart } from './variant';

/** Rules whose fix is to make something shorter. */
export const SHORTEN_RULES: ReadonlySet<string> = new Set(['text-length', 'text-bytes', 'alt-text-length']);

export interface RuleFailure {
  rule: string;
  /** Why, and what to do: "X: 312 of 280 weighted characters. Shorten it, then retry." */
  message: string;
}

/** The limits a Mastodon account was connected with (its instance's own), from the account's extras. */
export function limitOverridesOf(platform: Platform, extras: string): LimitOverrides | undefined {
  if (platform !== 'mastodon') return undefined;
  try {
    const parsed = JSON.parse(extras) as { limits?: unknown };
    if (typeof parsed.limits !== 'string') return undefined;
    const limits = JSON.parse(parsed.limits) as unknown;
    return limits && typeof limits === 'object' && !Array.isArray(limits) ? (limits as LimitOverrides) : undefined;
  } catch {
    return undefined;
  }
}

function fixFor(rule: string): string {
  if (SHORTEN_RULES.has(rule)) return rule === 'alt-text-length' ? 'Shorten the alt text, then retry.' : 'Shorten it, then retry.';
  if (rule === 'post-empty') return 'Add text or media, then retry.';
  return 'Change the media, then retry.';
}

/** The first part that the platform would refuse, or null when every part fits. */
export async function checkParts(platform: Platform, parts: VariantPart[], overrides?: LimitOverrides): Promise<RuleFailure | null> {
  for (const part of parts) {
    const where = part.index === 0 ? '' : ` (${partLabel(part)})`;
    const drafts: MediaDraft[] = [];
    for (const m of part.media) {
      let bytes: number;
      try {
        const stat = await fs.stat(m.path);
        if (!stat.isFile()) throw new Error('not a file');
        bytes = stat.size;
      } catch {
        return { rule: 'media-missing', message: `The file ${path.basename(m.path)} is no longer on this computer${where}. Add it to the post again, then retry.` };
      }
      drafts.push({ mimeType: m.mimeType, bytes, ...(m.altText ? { altText: m.altText } : {}) });
    }
    const issue = validatePost(platform, { text: part.text, media: drafts }, overrides).find((i) => i.severity === 'error');
    if (issue) return { rule: issue.rule, message: `${issue.message}${where}. ${fixFor(issue.rule)}` };
  }
  return null;
}
