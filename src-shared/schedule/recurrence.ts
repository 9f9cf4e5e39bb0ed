// Recurring posts: "every N days" or "every N weeks on these weekdays", expanded in the user's zone
// so the wall-clock time stays put when DST starts or ends (09:00 in Berlin is 09:00 in March and
// in October alike; only the UTC instant moves).

import { z } from 'zod';
import { AppError } from '../errors';
import {
  type LocalDateTime,
  type Weekday,
  dateOfEpochDay,
  epochDay,
  isValidLocalDate,
  toEpochMs,
  utcToZoned,
  weekdayOfEpochDay,
  zonedToUtc,
} from './zoned-time';

const weekday = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6), z.literal(7)]);

/** The most occurrences one call returns, and the most a rule may count. */
export const MAX_OCCURRENCES = 1000;

export const recurrenceSchema = z
  .strictObject({
    every: z.number().int().min(1, 'every must be at least 1').max(52, 'every can be at most 52'),
    unit: z.enum(['day', 'week']),
    /** For weeks: which weekdays, 1 = Monday … 7 = Sunday; the start's weekday when absent. */
    weekdays: z.array(weekday).min(1, 'choose at least one weekday').max(7).optional(),
    /** The last date (YYYY-MM-DD in the rule's zone) an occurrence may fall on, inclusive. */
    until: z.string().refine(isValidLocalDate, 'until must be a date written YYYY-MM-DD').optional(),
    /** How many occurrences in all, counted from the start (those before `after` included). */
    count: z.number().int().min(1).max(MAX_OCCURRENCES).optional(),
  })
  .refine((r) => r.unit === 'week' || r.weekdays === undefined, { message: 'weekdays only go with unit "week"', path: ['weekdays'] });

export type Recurrence = z.infer<typeof recurrenceSchema>;

export interface OccurrenceOptions {
  /** Only occurrences strictly after this instant. */
  after?: string;
  /** How many to return at most: 100 unless given, never more than MAX_OCCURRENCES. */
  limit?: number;
}

/**
 * The UTC instants (ISO strings) a recurring post runs at, in order.
 *
 * `start` is the first date and the wall-clock time, given as an instant (read in `zone`) or as a
 * local { date, time }. Prefer the local form when the user picked a time that a DST change skips
 * on the start date (02:30 on a spring-forward day): an instant cannot remember 02:30, only 03:00.
 * Every occurrence keeps that wall-clock time in `zone`; on a day when it does not exist it moves
 * forward to the first valid minute, and when it happens twice the first one is used (see zoned-time).
 *
 * Dates: every `every` days from the start date; or, for weeks, the chosen weekdays of every
 * `every`-th week (weeks start on Monday, counted from the start's week), never before the start
 * date. The start itself is an occurrence only when it fits the rule. Times are to the minute.
 */
export function occurrences(start: string | LocalDateTime, zone: string, rule: Recurrence, options: OccurrenceOptions = {}): string[] {
  const parsed = recurrenceSchema.safeParse(rule);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError('ValidationError', `The repeat rule is not valid: ${first?.message ?? 'unknown problem'}.`, { rule });
  }
  const { every, unit, until, count } = parsed.data;
  const local = typeof start === 'string' ? utcToZoned(start, zone) : start;
  const time = local.time;
  const startDay = epochDay(local.date);
  const untilDay = until === undefined ? Infinity : epochDay(until);
  const afterMs = options.after === undefined ? -Infinity : toEpochMs(options.after);
  const limit = Math.max(0, Math.min(MAX_OCCURRENCES, Math.floor(options.limit ?? 100)));
  if (limit === 0) return [];

  // Within each period (a day, or a week from Monday), the day offsets that occur.
  const period = unit === 'day' ? every : 7 * every;
  const firstDay = unit === 'day' ? startDay : startDay - (weekdayOfEpochDay(startDay) - 1);
  const offsets: number[] =
    unit === 'day' ? [0] : [...new Set(parsed.data.weekdays ?? [weekdayOfEpochDay(startDay)])].sort((a, b) => a - b).map((d: Weekday) => d - 1);

  // Without a count nothing before `after` matters, so start a period or two before it.
  let index = 0;
  if (count === undefined && afterMs !== -Infinity) {
    const afterDay = epochDay(utcToZoned(new Date(afterMs), zone).date) - 2;
    index = Math.max(0, Math.floor((afterDay - firstDay) / period));
  }

  const result: string[] = [];
  let seen = 0;
  for (; ; index += 1) {
    const base = firstDay + index * period;
    for (const offset of offsets) {
      const day = base + offset;
      if (day < startDay) continue;
      if (day > untilDay) return result;
      seen += 1;
      if (count !== undefined && seen > count) return result;
      const iso = zonedToUtc({ date: dateOfEpochDay(day), time, zone });
      if (Date.parse(iso) > afterMs) {
        result.push(iso);
        if (result.length >= limit) return result;
      }
    }
  }
}

/** The first occurrence strictly after `after`; null when the rule has ended. */
export function nextOccurrence(start: string | LocalDateTime, zone: string, rule: Recurrence, after: string): string | null {
  return occurrences(start, zone, rule, { after, limit: 1 })[0] ?? null;
}
