// What the calendar draws: one entry per (post, account), at that account's own time, shown in
// the calendar's zone, with the status that colours it. Pure, so grouping and filters are tested
// without a DOM.
import type { Post, PostTarget, TargetState } from '../../../src-shared/domain';
import type { Platform } from '../../../src-shared/platforms/platform';
import { utcToZoned, zonedToUtc, type LocalDate } from '../../../src-shared/schedule/zoned-time';

export const ENTRY_STATUSES = ['draft', 'scheduled', 'publishing', 'published', 'failed', 'needs_attention', 'cancelled'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const STATUS_LABELS: Record<EntryStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  publishing: 'Publishing',
  published: 'Published',
  failed: 'Failed',
  needs_attention: 'Needs attention',
  cancelled: 'Cancelled',
};

/** A target waiting in the queue is what the user calls scheduled. */
export function statusOfTarget(state: TargetState): EntryStatus {
  switch (state) {
    case 'queued':
      return 'scheduled';
    case 'publishing':
    case 'published':
    case 'failed':
    case 'needs_attention':
    case 'cancelled':
      return state;
    default:
      return missingState(state);
  }
}

export interface CalendarEntry {
  /** Unique per (post, account). */
  key: string;
  postId: string;
  /** Null for a draft placed on the calendar (it has no accounts yet). */
  targetId: string | null;
  accountId: string | null;
  platform: Platform | null;
  handle: string;
  status: EntryStatus;
  /** When it goes (or went) out: the account's own time, else the post's. */
  at: string;
  ms: number;
  /** The day and time in the calendar's zone. */
  day: LocalDate;
  time: string;
  /** The zone the post was scheduled in. */
  postTimeZone: string;
  /** The post's first line, for a chip. */
  excerpt: string;
  /** Whether it can still be moved to another time (by drag or the Move dialog). */
  movable: boolean;
}

// A failed or unsure copy is dealt with in its detail (retry, check), not by moving it.
const STILL_MOVABLE = new Set<TargetState>(['queued']);

/** A post moves as a whole: only while it is scheduled, nothing of it is going out right now, and this account's copy has not gone out. */
export function isMovable(post: Post, target: PostTarget | null): boolean {
  if (post.status !== 'scheduled') return false;
  if (post.targets.some((t) => t.state === 'publishing')) return false;
  return target !== null && STILL_MOVABLE.has(target.state);
}

const excerptOf = (text: string) => {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line || '(no text)';
};

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The day and time instants show in `zone`, fast enough for ten thousand entries: the zone's offset
 * is asked once per UTC day and reused when it is the same at both ends of that day (a day with a
 * DST change asks for each instant; real zones never change twice within a day and back).
 */
export function localClock(zone: string): (ms: number) => { date: LocalDate; time: string } {
  const offsets = new Map<number, number | null>();
  const offsetAt = (ms: number) => utcToZoned(new Date(ms), zone).offsetMinutes * 60_000;
  return (ms) => {
    const day = Math.floor(ms / DAY);
    let offset = offsets.get(day);
    if (offset === undefined) {
      const first = offsetAt(day * DAY);
      offset = first === offsetAt(day * DAY + DAY - 60_000) ? first : null;
      offsets.set(day, offset);
    }
    if (offset === null) {
      const local = utcToZoned(new Date(ms), zone);
      return { date: local.date, time: local.time };
    }
    const d = new Date(Math.floor(ms / 60_000) * 60_000 + offset);
    return {
      date: `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
      time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
    };
  };
}

/** Every (post, account) with a time, in time order, as seen from `zone`. Series and drafts without a time are left out. */
export function entriesOf(posts: Iterable<Post>, zone: string): CalendarEntry[] {
  const entries: CalendarEntry[] = [];
  const clock = localClock(zone);
  const push = (post: Post, target: PostTarget | null, at: string, status: EntryStatus) => {
    const ms = Date.parse(at);
    if (!Number.isFinite(ms)) return;
    const local = clock(ms);
    entries.push({
      key: `${post.id}:${target?.id ?? 'draft'}`,
      postId: post.id,
      targetId: target?.id ?? null,
      accountId: target?.accountId ?? null,
      platform: target?.platform ?? null,
      handle: target?.handle ?? 'No account yet',
      status,
      at,
      ms,
      day: local.date,
      time: local.time,
      postTimeZone: post.timeZone,
      excerpt: excerptOf(post.text),
      movable: isMovable(post, target),
    });
  };
  for (const post of posts) {
    if (post.status === 'recurring') continue;
    if (post.status === 'draft' || post.targets.length === 0) {
      if (post.scheduledAt) push(post, null, post.scheduledAt, post.status === 'cancelled' ? 'cancelled' : 'draft');
      continue;
    }
    for (const target of post.targets) {
      const at = target.scheduledAt ?? post.scheduledAt ?? target.publishedAt;
      if (at) push(post, target, at, statusOfTarget(target.state));
    }
  }
  return entries.sort((a, b) => a.ms - b.ms || a.handle.localeCompare(b.handle) || a.key.localeCompare(b.key));
}

export interface EntryFilters {
  /** Empty: every account. */
  accountIds: readonly string[];
  platform: Platform | null;
  /** Null: everything but cancelled posts. */
  status: EntryStatus | null;
}

export const NO_FILTERS: EntryFilters = { accountIds: [], platform: null, status: null };

export const isFiltered = (filters: EntryFilters): boolean => filters.accountIds.length > 0 || filters.platform !== null || filters.status !== null;

export function filterEntries(entries: readonly CalendarEntry[], filters: EntryFilters): CalendarEntry[] {
  const accounts = filters.accountIds.length > 0 ? new Set(filters.accountIds) : null;
  return entries.filter(
    (e) =>
      (accounts === null || (e.accountId !== null && accounts.has(e.accountId))) &&
      (filters.platform === null || e.platform === filters.platform) &&
      (filters.status === null ? e.status !== 'cancelled' : e.status === filters.status),
  );
}

/** Entries by the day they fall on in the calendar's zone, each day in time order (as given). */
export function groupByDay(entries: readonly CalendarEntry[]): Map<LocalDate, CalendarEntry[]> {
  const days = new Map<LocalDate, CalendarEntry[]>();
  for (const entry of entries) {
    const list = days.get(entry.day);
    if (list) list.push(entry);
    else days.set(entry.day, [entry]);
  }
  return days;
}

/** Entries of one day by hour (0–23), in time order. */
export function groupByHour(entries: readonly CalendarEntry[]): Map<number, CalendarEntry[]> {
  const hours = new Map<number, CalendarEntry[]>();
  for (const entry of entries) {
    const hour = Number(entry.time.slice(0, 2));
    const list = hours.get(hour);
    if (list) list.push(entry);
    else hours.set(hour, [entry]);
  }
  return hours;
}

export function countByStatus(entries: readonly CalendarEntry[]): Record<EntryStatus, number> {
  const counts = Object.fromEntries(ENTRY_STATUSES.map((s) => [s, 0])) as Record<EntryStatus, number>;
  for (const entry of entries) counts[entry.status] += 1;
  return counts;
}

/** What post.reschedule needs to move a post to `date` `time` as seen in `displayZone`: that instant, written in the post's own zone. */
export function rescheduleInput(
  postTimeZone: string,
  date: LocalDate,
  time: string,
  displayZone: string,
): { at: string; timeZone: string; instant: string } {
  const instant = zonedToUtc({ date, time, zone: displayZone });
  const local = utcToZoned(instant, postTimeZone);
  return { at: `${local.date} ${local.time}`, timeZone: postTimeZone, instant };
}

function missingState(state: never): never {
  throw new Error(`No calendar status for target state ${String(state)}`);
}
