import type { Platform } from '../../../src-shared/platforms/platform';
import type { ValidationIssue } from '../../../src-shared/platforms/rules';

// A thread reads well when each post ends where a sentence or clause does. The model does the
// split; this checks it locally, so a part that stops mid-sentence is pointed out, not posted
// unread. (A single sentence longer than the limit cannot be split well: then it is a warning.)

/** Ends a sentence or a clause, or closes a quote or bracket after one. */
const CLAUSE_END = /[.!?…:;,\u2014\u2013-]["'»”’)\]]*$/u;
/** "1/3", "(2/5)", a thread marker: written by people to end a part on purpose. */
const COUNTER = /\(?\d+\s*\/\s*\d*\)?$/u;
/** An emoji, a hashtag or a link at the end also closes a thought in social posts. */
const CLOSER = /(\p{Extended_Pictographic}\uFE0F?|#[\p{L}\p{N}_]+|https?:\/\/\S+)$/u;

export function endsMidSentence(part: string): boolean {
  const end = part.trim();
  return end.length > 0 && !CLAUSE_END.test(end) && !COUNTER.test(end) && !CLOSER.test(end);
}

/** A warning on each part but the last that stops mid-sentence, quoting its last words. */
export function threadBreakIssues(platform: Platform, parts: readonly string[]): ValidationIssue[][] {
  return parts.map((part, n) => {
    if (n === parts.length - 1 || !endsMidSentence(part)) return [];
    const tail = part.trim().split(/\s+/).slice(-4).join(' ');
    return [{ platform, field: 'text', rule: 'thread-break', severity: 'warning', message: `Part ${n + 1} stops mid-sentence (“…${tail}”). Move the break to the end of a sentence before posting.` }];
  });
}
