// The evergreen pool: posts a workspace re-queues on a cadence, least recently queued first, never
// one that was queued less than `minGapDays` ago.

import { toEpochMs } from './zoned-time';

export interface EvergreenEntry {
  postId: string;
  /** When the post was last put in the queue (ISO instant); null when never. */
  lastQueuedAt: string | null;
}

export interface EvergreenInput {
  pool: readonly EvergreenEntry[];
  now: string | Date;
  /** Days (of 24 hours) that must pass before the same post is queued again. */
  minGapDays: number;
}

const DAY = 86_400_000;

/**
 * The post to re-queue next: one never queued first (in pool order), otherwise the one queued
 * longest ago, provided at least `minGapDays` have passed since (a post "queued" in the future
 * counts as too recent). Null when the pool is empty or every post is too recent.
 */
export function pickEvergreen({ pool, now, minGapDays }: EvergreenInput): string | null {
  const cutoff = toEpochMs(now) - Math.max(0, minGapDays) * DAY;
  let best: { postId: string; at: number } | null = null;
  for (const entry of pool) {
    const at = entry.lastQueuedAt === null ? -Infinity : toEpochMs(entry.lastQueuedAt);
    if (at > cutoff) continue;
    if (best === null || at < best.at) best = { postId: entry.postId, at };
  }
  return best?.postId ?? null;
}

/**
 * When the next post of the pool becomes eligible: `now` if one already is, otherwise the earliest
 * moment a post's gap runs out; null for an empty pool. Lets a scheduler sleep until then.
 */
export function nextEvergreenAt({ pool, now, minGapDays }: EvergreenInput): string | null {
  const nowMs = toEpochMs(now);
  let earliest = Infinity;
  for (const entry of pool) {
    const due = entry.lastQueuedAt === null ? nowMs : Math.max(nowMs, toEpochMs(entry.lastQueuedAt) + Math.max(0, minGapDays) * DAY);
    earliest = Math.min(earliest, due);
  }
  return earliest === Infinity ? null : new Date(earliest).toISOString();
}
