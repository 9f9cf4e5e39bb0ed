// Calendar arithmetic on plain dates (YYYY-MM-DD): which days a view shows, how it moves, and
// what instants bound it in the zone the calendar is shown in. Weeks start on Monday.
import { addDays, utcToZoned, weekdayOf, zonedToUtc, type LocalDate } from '../../../src-shared/schedule/zoned-time';

export type CalendarView = 'month' | 'week' | 'list';

export const CALENDAR_VIEWS: readonly { id: CalendarView; label: string }[] = [
  { id: 'month', label: 'Month' },
  { id: 'week', label: 'Week' },
  { id: 'list', label: 'List' },
];

/** The days a view covers: `start` up to, not including, `end`. */
export interface DayRange {
  start: LocalDate;
  end: LocalDate;
}

const pad = (n: number) => String(n).padStart(2, '0');

export const startOfWeek = (date: LocalDate): LocalDate => addDays(date, 1 - weekdayOf(date));

export const startOfMonth = (date: LocalDate): LocalDate => `${date.slice(0, 7)}-01`;

/** The first day of the month `months` after the month of `date`. */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${pad((index % 12) + 1)}-01`;
}

export const sameMonth = (a: LocalDate, b: LocalDate): boolean => a.slice(0, 7) === b.slice(0, 7);

/** The month as whole Monday-to-Sunday weeks: four to six rows of seven days. */
export function monthWeeks(anchor: LocalDate): LocalDate[][] {
  const first = startOfMonth(anchor);
  const next = addMonths(anchor, 1);
  const weeks: LocalDate[][] = [];
  for (let monday = startOfWeek(first); monday < next; monday = addDays(monday, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(monday, i)));
  }
  return weeks;
}

/** Monday to Sunday of the week holding `anchor`. */
export const weekDays = (anchor: LocalDate): LocalDate[] => Array.from({ length: 7 }, (_, i) => addDays(startOfWeek(anchor), i));

/** The days a view shows: the month's whole weeks, the week, or the month for the list. */
export function rangeOf(view: CalendarView, anchor: LocalDate): DayRange {
  switch (view) {
    case 'month': {
      const weeks = monthWeeks(anchor);
      return { start: weeks[0]?.[0] ?? startOfMonth(anchor), end: addDays(weeks[weeks.length - 1]?.[6] ?? anchor, 1) };
    }
    case 'week': {
      const start = startOfWeek(anchor);
      return { start, end: addDays(start, 7) };
    }
    case 'list':
      return { start: startOfMonth(anchor), end: addMonths(anchor, 1) };
    default:
      return missingView(view);
  }
}

/** The anchor one step back (-1) or forward (1): a month for month and list, seven days for week. */
export function shiftAnchor(view: CalendarView, anchor: LocalDate, step: -1 | 1): LocalDate {
  if (view === 'week') return addDays(anchor, 7 * step);
  // Keep the day of month (or the month's last day), so switching back to week lands near where the user was.
  const first = addMonths(anchor, step);
  const last = addDays(addMonths(anchor, step + 1), -1);
  const day = Math.min(Number(anchor.slice(8, 10)), Number(last.slice(8, 10)));
  return `${first.slice(0, 8)}${pad(day)}`;
}

/** The instants that bound a range of days in `zone`, for post.list (`to` inclusive). */
export function instantRange(range: DayRange, zone: string): { from: string; to: string } {
  const from = zonedToUtc({ date: range.start, time: '00:00', zone });
  const end = zonedToUtc({ date: range.end, time: '00:00', zone });
  return { from, to: new Date(Date.parse(end) - 1).toISOString() };
}

export const todayIn = (zone: string, now: Date = new Date()): LocalDate => utcToZoned(now, zone).date;

/** The zone this machine is set to: the calendar shows every time in it. */

// Plain dates are formatted as UTC midnights, so the machine's zone never shifts them a day.
const formats = {
  month: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }),
  dayMonth: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long' }),
  dayMonthYear: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }),
  weekdayDayMonth: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }),
  weekdayShort: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short' }),
};
const utcDate = (date: LocalDate) => new Date(`${date}T00:00:00Z`);

/** "March 2026" */
export const monthTitle = (date: LocalDate): string => formats.month.format(utcDate(date));
/** "Tuesday 10 March" */
export const dayTitle = (date: LocalDate): string => formats.weekdayDayMonth.format(utcDate(date));
/** "10 March 2026" */
export const dateTitle = (date: LocalDate): string => formats.dayMonthYear.format(utcDate(date));
/** "Tue" */
export const weekdayShort = (date: LocalDate): string => formats.weekdayShort.format(utcDate(date));
/** The day of month, "10". */
export const dayOfMonth = (date: LocalDate): string => String(Number(date.slice(8, 10)));

/** What the toolbar calls the span shown: "March 2026" or "9 – 15 March 2026". */
export function viewTitle(view: CalendarView, anchor: LocalDate): string {
  if (view !== 'week') return monthTitle(anchor);
  const days = weekDays(anchor);
  const first = days[0] as LocalDate;
  const last = days[6] as LocalDate;
  if (first.slice(0, 4) !== last.slice(0, 4)) return `${dateTitle(first)} – ${dateTitle(last)}`;
  if (!sameMonth(first, last)) return `${formats.dayMonth.format(utcDate(first))} – ${dateTitle(last)}`;
  return `${dayOfMonth(first)} – ${dateTitle(last)}`;
}

function missingView(view: never): never {
  throw new Error(`No such calendar view: ${String(view)}`);
}

/** "Tuesday 10 March 2026, 09:00": an instant as seen in `zone`. */
export function whenText(iso: string, zone: string): string {
  const local = utcToZoned(iso, zone);
  return `${dayTitle(local.date)} ${local.date.slice(0, 4)}, ${local.time}`;
}

/** "10 March 2026, 09:00": shorter, for tables. */
export function shortWhenText(iso: string, zone: string): string {
  const local = utcToZoned(iso, zone);
  return `${dateTitle(local.date)}, ${local.time}`;
}
