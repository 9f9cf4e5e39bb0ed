import { describe, expect, it } from 'vitest';
import { nextFreeSlot, type QueueSlot } from '../../../src-shared/schedule/queue-slots';

const BERLIN = 'Europe/Berlin';
// Monday 09:00 and Wednesday 17:30, Berlin time
const slots: QueueSlot[] = [
  { weekday: 3, time: '17:30' },
  { weekday: 1, time: '09:00' },
];

describe('nextFreeSlot', () => {
  it('gives the first slot after `after`', () => {
    // Monday 2025-03-24 10:00 CET: Monday's slot has passed, Wednesday's is next
    expect(nextFreeSlot({ slots, zone: BERLIN, after: '2025-03-24T09:00:00Z', taken: [] })).toBe('2025-03-26T16:30:00.000Z');
    // Monday 08:59 CET: Monday's own slot
    expect(nextFreeSlot({ slots, zone: BERLIN, after: '2025-03-24T07:59:00Z', taken: [] })).toBe('2025-03-24T08:00:00.000Z');
  });

  it('is strictly after `after`', () => {
    expect(nextFreeSlot({ slots, zone: BERLIN, after: '2025-03-24T08:00:00Z', taken: [] })).toBe('2025-03-26T16:30:00.000Z');
  });

  it('skips taken slots, and keeps the wall-clock time across the DST change', () => {
    // Wednesday is taken; next Monday (31 March) is in CEST: 09:00 is 07:00Z
    expect(nextFreeSlot({ slots, zone: BERLIN, after: '2025-03-24T09:00:00Z', taken: ['2025-03-26T16:30:00.000Z'] })).toBe('2025-03-31T07:00:00.000Z');
  });

  it('a post within a minute of a slot takes it', () => {
    const taken = ['2025-03-26T16:30:40Z'];
    expect(nextFreeSlot({ slots, zone: BERLIN, after: '2025-03-24T09:00:00Z', taken })).toBe('2025-03-31T07:00:00.000Z');
    expect(nextFreeSlot({ slots, zone: BERLIN, after: '2025-03-24T09:00:00Z', taken: ['2025-03-26T16:31:00Z'] })).toBe('2025-03-26T16:30:00.000Z');
  });

  it('minGapMinutes widens what counts as taken, either side', () => {
    const after = '2025-03-24T09:00:00Z';
    expect(nextFreeSlot({ slots, zone: BERLIN, after, taken: ['2025-03-26T17:00:00Z'], minGapMinutes: 60 })).toBe('2025-03-31T07:00:00.000Z');
    expect(nextFreeSlot({ slots, zone: BERLIN, after, taken: ['2025-03-26T16:00:00Z'], minGapMinutes: 60 })).toBe('2025-03-31T07:00:00.000Z');
    expect(nextFreeSlot({ slots, zone: BERLIN, after, taken: ['2025-03-26T15:30:00Z'], minGapMinutes: 60 })).toBe('2025-03-26T16:30:00.000Z');
  });

  it('reads slots in the account zone, whose date may differ from UTC', () => {
    // Tokyo Monday 07:00 is Sunday 22:00 UTC
    const tokyo: QueueSlot[] = [{ weekday: 1, time: '07:00' }];
    expect(nextFreeSlot({ slots: tokyo, zone: 'Asia/Tokyo', after: '2025-03-23T12:00:00Z', taken: [] })).toBe('2025-03-23T22:00:00.000Z');
  });

  it('a slot inside the spring-forward gap moves to the first valid minute', () => {
    const ny: QueueSlot[] = [{ weekday: 7, time: '02:30' }];
    expect(nextFreeSlot({ slots: ny, zone: 'America/New_York', after: '2025-03-08T12:00:00Z', taken: [] })).toBe('2025-03-09T07:00:00.000Z');
  });

  it('null without slots, or when every slot in the next 8 weeks is taken', () => {
    expect(nextFreeSlot({ slots: [], zone: BERLIN, after: '2025-03-24T09:00:00Z', taken: [] })).toBeNull();
    const weekly: QueueSlot[] = [{ weekday: 1, time: '12:00' }];
    const taken = Array.from({ length: 9 }, (_, i) => new Date(Date.UTC(2025, 0, 6 + 7 * i, 11)).toISOString());
    expect(nextFreeSlot({ slots: weekly, zone: BERLIN, after: '2025-01-01T00:00:00Z', taken })).toBeNull();
    expect(nextFreeSlot({ slots: weekly, zone: BERLIN, after: '2025-01-01T00:00:00Z', taken: taken.slice(0, 7) })).toBe('2025-02-24T11:00:00.000Z');
  });

  it('refuses bad slots and zones', () => {
    expect(() => nextFreeSlot({ slots: [{ weekday: 8 as 1, time: '09:00' }], zone: BERLIN, after: '2025-01-01T00:00:00Z', taken: [] })).toThrow(/slots are not valid/);
    expect(() => nextFreeSlot({ slots: [{ weekday: 1, time: '25:00' }], zone: BERLIN, after: '2025-01-01T00:00:00Z', taken: [] })).toThrow(/slots are not valid/);
    expect(() => nextFreeSlot({ slots, zone: 'Nope/Nope', after: '2025-01-01T00:00:00Z', taken: [] })).toThrow(/not a time zone/);
  });
});
