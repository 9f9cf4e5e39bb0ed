// The duplicate guard: before scheduling, warn when the same text is already going to (or went to)
// the same account close in time. Platforms flag repeated posts as spam; X refuses exact repeats.

import { toEpochMs } from './zoned-time';

export interface ScheduledText {
  postId: string;
  accountId: string;
  text: string;
  /** When it is (or was) published, ISO instant. */
  at: string;
}

export interface DuplicateCheck {
  text: string;
  accountId: string;
  at: string;
  /** How close in time counts as a duplicate, either side of `at`. */
  windowHours: number;
  existing: readonly ScheduledText[];
  /** The post being edited, so it never clashes with itself. */
  postId?: string;
}

export interface DuplicateClash {
  postId: string;
  at: string;
  /** Minutes between the two, always ≥ 0. */
  minutesApart: number;
}

/** Text as the guard compares it: Unicode NFC, trimmed, runs of whitespace as one space, lower case. */
export function normalizePostText(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/**
 * The posts for the same account with the same (normalised) text within `windowHours` of `at`,
 * closest first. Empty text never clashes.
 */
export function findDuplicates(check: DuplicateCheck): DuplicateClash[] {
  const wanted = normalizePostText(check.text);
  if (wanted === '') return [];
  const atMs = toEpochMs(check.at);
  const windowMs = Math.max(0, check.windowHours) * 3_600_000;
  const clashes: (DuplicateClash & { ms: number })[] = [];
  for (const other of check.existing) {
    if (other.accountId !== check.accountId) continue;
    if (check.postId !== undefined && other.postId === check.postId) continue;
    const ms = Math.abs(toEpochMs(other.at) - atMs);
    if (ms > windowMs) continue;
    if (normalizePostText(other.text) !== wanted) continue;
    clashes.push({ postId: other.postId, at: other.at, minutesApart: Math.round(ms / 60_000), ms });
  }
  return clashes.sort((a, b) => a.ms - b.ms).map(({ ms: _ms, ...clash }) => clash);
}
