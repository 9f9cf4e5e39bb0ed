// An account's posting queue: weekly time slots in the account's zone ("Mon 09:00, Wed 17:30"), and
// the next one that nothing is scheduled in yet.

import { z } from 'zod';
import { AppError } from '../errors';
import { dateOfEpochDay, epochDay, isValidLocalTime, toEpochMs, utcToZoned, weekdayOfEpochDay, type Weekday, zonedToUtc } from './zoned-time';

export const queueSlotSchema = z.strictObject({
  weekday: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6), z.literal(7)]),
  time: z.string().regex(/^\d{2}:\d{2}$/, 'write the time as HH:mm').refine(isValidLocalTime, 'not a time of day'),
});

/** A weekly slot: weekday 1 = Monday … 7 = Sunday, time HH:mm in the account's zone. */
export type QueueSlot = z.infer<typeof queueSlotSchema>;

export const queueSlotsSchema = z.array(queueSlotSchema).max(7 * 48, 'at most 336 slots a week');

/** How far ahead nextFreeSlot looks. */
export const QUEUE_SEARCH_WEEKS = 8;

export interface NextFreeSlotInput {
  slots: readonly QueueSlot[];
  /** The account's IANA zone: slots are wall-clock times there, so DST never moves them. */
  zone: string;
  /** Only slots strictly after this instant. */
  after: string;
  /** Instants already scheduled for this account. */
  taken: readonly string[];
  /**
   * A slot is taken when something is scheduled less than this many minutes from it, either side.
   * Default 1: only a post in the same minute takes a slot.
   */
  minGapMinutes?: number;
}

/**
 * The first slot instant (ISO, UTC) after `after` with nothing scheduled within `minGapMinutes`,
 * searching the next QUEUE_SEARCH_WEEKS weeks; null when there are no slots or all are taken.
 * A slot in a spring-forward gap moves to the first valid minute after it; a slot in a repeated
 * hour uses its first occurrence.
 */
export function nextFreeSlot(input: NextFreeSlotInput): string | null {
  const slots = queueSlotsSchema.safeParse(input.slots);
  if (!slots.success) {
    throw new AppError('ValidationError', `The queue slots are not valid: ${slots.error.issues[0]?.message ?? 'unknown problem'}.`);
  }
  if (slots.data.length === 0) return null;
  const afterMs = toEpochMs(input.after);
  const gapMs = Math.max(1, input.minGapMinutes ?? 1) * 60_000;
  const taken = input.taken.map((iso) => toEpochMs(iso)).sort((a, b) => a - b);

  const byWeekday = new Map<Weekday, string[]>();
  for (const slot of slots.data) byWeekday.set(slot.weekday, [...(byWeekday.get(slot.weekday) ?? []), slot.time]);
  for (const times of byWeekday.values()) times.sort();

  // Start the day before `after` in the zone: a slot late that day can still be after it.
  const firstDay = epochDay(utcToZoned(new Date(afterMs), input.zone).date) - 1;
  const endMs = afterMs + QUEUE_SEARCH_WEEKS * 7 * 86_400_000;
  for (let day = firstDay; day <= firstDay + QUEUE_SEARCH_WEEKS * 7 + 1; day += 1) {
    const times = byWeekday.get(weekdayOfEpochDay(day));
    if (!times) continue;
    const date = dateOfEpochDay(day);
    for (const time of times) {
      const ms = Date.parse(zonedToUtc({ date, time, zone: input.zone }));
      if (ms <= afterMs) continue;
      if (ms > endMs) return null;
      if (!isTaken(taken, ms, gapMs)) return new Date(ms).toISOString();
    }
  }
  return null;
}

/** Whether a sorted list holds an instant less than `gapMs` from `ms`. */
function isTaken(sorted: readonly number[], ms: number, gapMs: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) < ms) lo = mid + 1;
    else hi = mid;
  }
  const next = sorted[lo];
  const previous = sorted[lo - 1];
  return (next !== undefined && next - ms < gapMs) || (previous !== undefined && ms - previous < gapMs);
}
