import { describe, expect, it } from 'vitest';
import type { Post, PostTarget } from '../../../src-shared/domain';
import {
  countByStatus,
  entriesOf,
  filterEntries,
  groupByDay,
  groupByHour,
  NO_FILTERS,
  rescheduleInput,
  statusOfTarget,
} from '../../../src-renderer/features/calendar/calendar-entries';
import { instantRange, monthWeeks, rangeOf, shiftAnchor, viewTitle, weekDays } from '../../../src-renderer/features/calendar/date-grid';

const target = (over: Partial<PostTarget> & Pick<PostTarget, 'id'>): PostTarget => ({
  accountId: 'acct-1',
  platform: 'bluesky',
  handle: 'acme.bsky.social',
  state: 'queued',
  scheduledAt: null,
  text: '',
  message: null,
  action: null,
  remoteUrl: null,
  publishedAt: null,
  attempts: [],
  ...over,
});

const post = (over: Partial<Post> & Pick<Post, 'id'>): Post => ({
  status: 'scheduled',
  text: 'Fresh beans today\nsecond line',
  scheduledAt: null,
  timeZone: 'Europe/Berlin',
  source: 'app',
  recurrence: null,
  seriesId: null,
  draft: null,
  evergreen: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  targets: [],
  ...over,
});

describe('calendar entries', () => {
  it('makes one entry per (post, account) at the account’s own time, falling back to the post’s', () => {
    const entries = entriesOf(
      [
        post({
          id: 'p1',
          scheduledAt: '2026-03-10T08:00:00.000Z',
          targets: [
            target({ id: 't1' }),
            target({ id: 't2', accountId: 'acct-2', platform: 'x', handle: '@acme', scheduledAt: '2026-03-10T12:30:00.000Z', state: 'published' }),
          ],
        }),
      ],
      'Europe/Berlin',
    );
    expect(entries.map((e) => [e.key, e.day, e.time, e.status, e.excerpt])).toEqual([
      ['p1:t1', '2026-03-10', '09:00', 'scheduled', 'Fresh beans today'],
      ['p1:t2', '2026-03-10', '13:30', 'published', 'Fresh beans today'],
    ]);
    // Only what has not gone out moves; the published copy stays put.
    expect(entries.map((e) => e.movable)).toEqual([true, false]);
  });

  it('maps every target state to a status the legend names (queued is scheduled)', () => {
    expect(statusOfTarget('queued')).toBe('scheduled');
    expect(statusOfTarget('needs_attention')).toBe('needs_attention');
    expect(statusOfTarget('cancelled')).toBe('cancelled');
  });

  it('leaves out series and drafts without a time, and nothing of a post being published moves', () => {
    const entries = entriesOf(
      [
        post({ id: 'series', status: 'recurring', recurrence: { every: 1, unit: 'week' } }),
        post({ id: 'draft', status: 'draft' }),
        post({
          id: 'busy',
          scheduledAt: '2026-03-10T08:00:00.000Z',
          targets: [target({ id: 't1', state: 'publishing' }), target({ id: 't2', accountId: 'acct-2' })],
        }),
      ],
      'UTC',
    );
    expect(entries.map((e) => [e.key, e.movable])).toEqual([
      ['busy:t1', false],
      ['busy:t2', false],
    ]);
  });

  it('groups by the local day across a DST change: 23:30 UTC is the next day in Berlin, the same day in New York', () => {
    // Berlin goes to summer time on 2026-03-29 at 02:00; New York on 2026-03-08.
    const posts = [
      post({ id: 'a', scheduledAt: '2026-03-28T23:30:00.000Z', targets: [target({ id: 'ta' })] }), // 00:30 CET on the 29th
      post({ id: 'b', scheduledAt: '2026-03-29T22:30:00.000Z', targets: [target({ id: 'tb' })] }), // 00:30 CEST on the 30th
      post({ id: 'c', scheduledAt: '2026-03-29T01:30:00.000Z', targets: [target({ id: 'tc' })] }), // 03:30 CEST: 02:00–03:00 does not exist
    ];
    const berlin = groupByDay(entriesOf(posts, 'Europe/Berlin'));
    expect([...berlin.entries()].map(([day, list]) => [day, list.map((e) => `${e.postId}@${e.time}`)])).toEqual([
      ['2026-03-29', ['a@00:30', 'c@03:30']],
      ['2026-03-30', ['b@00:30']],
    ]);
    const newYork = groupByDay(entriesOf(posts, 'America/New_York'));
    expect([...newYork.entries()].map(([day, list]) => [day, list.map((e) => `${e.postId}@${e.time}`)])).toEqual([
      ['2026-03-28', ['a@19:30', 'c@21:30']],
      ['2026-03-29', ['b@18:30']],
    ]);
    expect([...groupByHour(berlin.get('2026-03-29') ?? []).keys()]).toEqual([0, 3]);
  });

  it('filters by accounts, platform and status; cancelled shows only when asked for', () => {
    const entries = entriesOf(
      [
        post({
          id: 'p1',
          scheduledAt: '2026-03-10T08:00:00.000Z',
          targets: [
            target({ id: 't1', state: 'failed' }),
            target({ id: 't2', accountId: 'acct-2', platform: 'x', handle: '@acme' }),
            target({ id: 't3', accountId: 'acct-3', platform: 'mastodon', handle: '@acme@mastodon.social', state: 'cancelled' }),
          ],
        }),
      ],
      'UTC',
    );
    const keys = (filters: Parameters<typeof filterEntries>[1]) => filterEntries(entries, filters).map((e) => e.targetId);
    expect(keys(NO_FILTERS)).toEqual(['t2', 't1']); // same time: by handle
    expect(keys({ ...NO_FILTERS, accountIds: ['acct-2', 'acct-3'] })).toEqual(['t2']);
    expect(keys({ ...NO_FILTERS, platform: 'bluesky' })).toEqual(['t1']);
    expect(keys({ ...NO_FILTERS, status: 'failed' })).toEqual(['t1']);
    expect(keys({ ...NO_FILTERS, status: 'cancelled' })).toEqual(['t3']);
    expect(countByStatus(entries)).toMatchObject({ failed: 1, scheduled: 1, cancelled: 1, published: 0 });
  });

  it('writes a move in the post’s own zone: 09:00 in Berlin is 03:00 in New York, across Europe’s DST change', () => {
    expect(rescheduleInput('America/New_York', '2026-03-30', '09:00', 'Europe/Berlin')).toEqual({
      at: '2026-03-30 03:00',
      timeZone: 'America/New_York',
      instant: '2026-03-30T07:00:00.000Z',
    });
    // A week earlier Berlin is still on winter time: one hour apart in UTC, the same wall clock in Berlin.
    expect(rescheduleInput('Europe/Berlin', '2026-03-23', '09:00', 'Europe/Berlin')).toEqual({
      at: '2026-03-23 09:00',
      timeZone: 'Europe/Berlin',
      instant: '2026-03-23T08:00:00.000Z',
    });
  });
});

describe('date grid', () => {
  it('lays a month out in Monday-first weeks', () => {
    const weeks = monthWeeks('2026-03-17');
    expect(weeks).toHaveLength(6);
    expect(weeks[0]?.[0]).toBe('2026-02-23');
    expect(weeks[5]?.[6]).toBe('2026-04-05');
    expect(monthWeeks('2021-02-10')).toHaveLength(4); // February 2021 starts on a Monday and has 28 days
    expect(weekDays('2026-03-29')).toEqual(['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29']);
  });

  it('bounds each view in the calendar’s zone, DST included', () => {
    expect(rangeOf('week', '2026-03-29')).toEqual({ start: '2026-03-23', end: '2026-03-30' });
    expect(rangeOf('list', '2026-03-29')).toEqual({ start: '2026-03-01', end: '2026-04-01' });
    expect(instantRange(rangeOf('week', '2026-03-29'), 'Europe/Berlin')).toEqual({
      from: '2026-03-22T23:00:00.000Z',
      to: '2026-03-29T21:59:59.999Z',
    });
  });

  it('steps by month (keeping the day where it exists) or by week, and titles the span', () => {
    expect(shiftAnchor('month', '2026-01-31', 1)).toBe('2026-02-28');
    expect(shiftAnchor('list', '2026-12-15', 1)).toBe('2027-01-15');
    expect(shiftAnchor('week', '2026-03-29', -1)).toBe('2026-03-22');
    expect(viewTitle('month', '2026-03-10')).toBe('March 2026');
    expect(viewTitle('week', '2026-03-10')).toBe('9 – 15 March 2026');
    expect(viewTitle('week', '2026-03-31')).toBe('30 March – 5 April 2026');
    expect(viewTitle('week', '2026-12-31')).toBe('28 December 2026 – 3 January 2027');
  });
});
