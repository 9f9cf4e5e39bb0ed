import { describe, expect, it } from 'vitest';
import { findDuplicates, normalizePostText, type ScheduledText } from '../../../src-shared/schedule/duplicates';
import { nextEvergreenAt, pickEvergreen } from '../../../src-shared/schedule/evergreen';

const NOW = '2025-06-30T12:00:00.000Z';
const daysAgo = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

describe('pickEvergreen', () => {
  it('takes a never-queued post first, in pool order', () => {
    const pool = [
      { postId: 'a', lastQueuedAt: daysAgo(100) },
      { postId: 'b', lastQueuedAt: null },
      { postId: 'c', lastQueuedAt: null },
    ];
    expect(pickEvergreen({ pool, now: NOW, minGapDays: 30 })).toBe('b');
  });

  it('otherwise the least recently queued', () => {
    const pool = [
      { postId: 'a', lastQueuedAt: daysAgo(40) },
      { postId: 'b', lastQueuedAt: daysAgo(90) },
      { postId: 'c', lastQueuedAt: daysAgo(60) },
    ];
    expect(pickEvergreen({ pool, now: NOW, minGapDays: 30 })).toBe('b');
  });

  it('never a post queued within the gap; the gap boundary itself is allowed', () => {
    const pool = [
      { postId: 'recent', lastQueuedAt: daysAgo(29.9) },
      { postId: 'exactly', lastQueuedAt: daysAgo(30) },
    ];
    expect(pickEvergreen({ pool, now: NOW, minGapDays: 30 })).toBe('exactly');
    expect(pickEvergreen({ pool: pool.slice(0, 1), now: NOW, minGapDays: 30 })).toBeNull();
  });

  it('null for an empty pool or when all are too recent (a future time counts as recent)', () => {
    expect(pickEvergreen({ pool: [], now: NOW, minGapDays: 7 })).toBeNull();
    const pool = [
      { postId: 'a', lastQueuedAt: daysAgo(1) },
      { postId: 'b', lastQueuedAt: daysAgo(-3) },
    ];
    expect(pickEvergreen({ pool, now: new Date(NOW), minGapDays: 7 })).toBeNull();
  });

  it('nextEvergreenAt says when the next post becomes eligible', () => {
    expect(nextEvergreenAt({ pool: [], now: NOW, minGapDays: 7 })).toBeNull();
    expect(nextEvergreenAt({ pool: [{ postId: 'a', lastQueuedAt: null }], now: NOW, minGapDays: 7 })).toBe(NOW);
    expect(nextEvergreenAt({ pool: [{ postId: 'a', lastQueuedAt: daysAgo(5) }, { postId: 'b', lastQueuedAt: daysAgo(2) }], now: NOW, minGapDays: 7 })).toBe(daysAgo(-2));
  });
});

describe('findDuplicates', () => {
  const base = { accountId: 'acc1', at: '2025-06-30T12:00:00Z', windowHours: 24 };
  const existing: ScheduledText[] = [
    { postId: 'p1', accountId: 'acc1', text: '  Big   NEWS:\nwe launched! ', at: '2025-06-30T20:00:00Z' },
    { postId: 'p2', accountId: 'acc1', text: 'big news: we launched!', at: '2025-06-30T13:00:00Z' },
    { postId: 'p3', accountId: 'acc2', text: 'Big news: we launched!', at: '2025-06-30T12:00:00Z' },
    { postId: 'p4', accountId: 'acc1', text: 'Big news: we launched!', at: '2025-07-02T12:00:00Z' },
    { postId: 'p5', accountId: 'acc1', text: 'Big news: we launched!!', at: '2025-06-30T12:00:00Z' },
  ];

  it('matches the same text for the same account within the window, ignoring case and whitespace, closest first', () => {
    expect(findDuplicates({ ...base, text: 'Big news: we launched!', existing })).toEqual([
      { postId: 'p2', at: '2025-06-30T13:00:00Z', minutesApart: 60 },
      { postId: 'p1', at: '2025-06-30T20:00:00Z', minutesApart: 480 },
    ]);
  });

  it('looks both ways in time and includes the window edge', () => {
    const earlier = [{ postId: 'old', accountId: 'acc1', text: 'hello', at: '2025-06-29T12:00:00Z' }];
    expect(findDuplicates({ ...base, text: 'Hello', existing: earlier })).toEqual([{ postId: 'old', at: '2025-06-29T12:00:00Z', minutesApart: 1440 }]);
    expect(findDuplicates({ ...base, windowHours: 23, text: 'Hello', existing: earlier })).toEqual([]);
  });

  it('never matches the post being edited, nor empty text', () => {
    expect(findDuplicates({ ...base, postId: 'p2', text: 'big news: we launched!', existing }).map((c) => c.postId)).toEqual(['p1']);
    expect(findDuplicates({ ...base, text: '   ', existing: [{ postId: 'e', accountId: 'acc1', text: '', at: base.at }] })).toEqual([]);
  });

  it('normalizes NFC, whitespace and case', () => {
    expect(normalizePostText(' Caf\u0065\u0301\t\n  OK ')).toBe('caf\u00e9 ok');
  });
});
