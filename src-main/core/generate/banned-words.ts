import type { ValidationIssue } from '../../../src-shared/platforms/rules';
import type { Platform } from '../../../src-shared/platforms/platform';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The brand voice's banned words found in a text, as issues like the platform rules' ones: the
 * text is flagged, never edited, so the person decides. Whole words only, any case ("sale" does
 * not flag "wholesale").
 */
export function bannedWordIssues(platform: Platform, text: string, banned: readonly string[]): ValidationIssue[] {
  const found = banned.filter((word) => {
    const w = word.trim();
    return w && new RegExp(`(?<![\\p{L}\\p{N}_])${escape(w)}(?![\\p{L}\\p{N}_])`, 'iu').test(text);
  });
  if (found.length === 0) return [];
  return [
    {
      platform,
      field: 'text',
      rule: 'banned-word',
      severity: 'error',
      message: `Uses ${found.length === 1 ? 'a banned word' : 'banned words'} from the brand voice: ${found.map((w) => `"${w.trim()}"`).join(', ')}. Edit it or write again.`,
      count: found.length,
    },
  ];
}
