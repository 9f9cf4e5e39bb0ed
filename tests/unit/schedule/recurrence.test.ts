import { describe, expect, it } from 'vitest';
import { nextOccurrence, occurrences, recurrenceSchema, type Recurrence } from '../../../src-shared/schedule/recurrence';
import { utcToZoned, zonedToUtc } from '../../../src-shared/schedule/zoned-time';

const daily: Recurrence = { every: 1, unit: 'day' };
const wallTimes = (isos: string[], zone: string) => isos.map((iso) => { const z = utcToZoned(iso, zone); return `${z.date} ${z.time}`; });

describe('occurrences: the wall-clock time survives DST', () => {
  it('Europe/Berlin, 09:00 daily across the March change', () => {
    const start = zonedToUtc({ date: '2025-03-28', time: '09:00', zone: 'Europe/Berlin' });
    const list = occurrences(start, 'Europe/Berlin', daily, { limit: 5 });
    expect(list).toEqual(['2025-03-28T08:00:00.000Z', '2025-03-29T08:00:00.000Z', '2025-03-30T07:00:00.000Z', '2025-03-31T07:00:00.000Z', '2025-04-01T07:00:00.000Z']);
    expect(wallTimes(list, 'Europe/Berlin').every((t) => t.endsWith('09:00'))).toBe(true);
  });

  it('Europe/Berlin, 09:00 every Sunday across the October change', () => {
    const start = zonedToUtc({ date: '2025-10-19', time: '09:00', zone: 'Europe/Berlin' });
    expect(occurrences(start, 'Europe/Berlin', { every: 1, unit: 'week' }, { limit: 3 })).toEqual([
      '2025-10-19T07:00:00.000Z',
      '2025-10-26T08:00:00.000Z',
      '2025-11-02T08:00:00.000Z',
    ]);
  });

  it('America/New_York, 09:00 daily across both changes', () => {
    const spring = occurrences({ date: '2025-03-08', time: '09:00' }, 'America/New_York', daily, { limit: 3 });
    expect(spring).toEqual(['2025-03-08T14:00:00.000Z', '2025-03-09T13:00:00.000Z', '2025-03-10T13:00:00.000Z']);
    const autumn = occurrences({ date: '2025-11-01', time: '09:00' }, 'America/New_York', daily, { limit: 3 });
    expect(autumn).toEqual(['2025-11-01T13:00:00.000Z', '2025-11-02T14:00:00.000Z', '2025-11-03T14:00:00.000Z']);
  });

  it('America/New_York, 02:30 daily: the spring-forward day moves to 03:00, the next day is 02:30 again', () => {
    const start = zonedToUtc({ date: '2025-03-08', time: '02:30', zone: 'America/New_York' });
    const list = occurrences(start, 'America/New_York', daily, { limit: 3 });
    expect(list).toEqual(['2025-03-08T07:30:00.000Z', '2025-03-09T07:00:00.000Z', '2025-03-10T06:30:00.000Z']);
    expect(wallTimes(list, 'America/New_York')).toEqual(['2025-03-08 02:30', '2025-03-09 03:00', '2025-03-10 02:30']);
  });

  it('America/New_York, starting at 02:30 on the spring-forward day: a local start keeps 02:30, an instant cannot', () => {
    expect(occurrences({ date: '2025-03-09', time: '02:30' }, 'America/New_York', daily, { limit: 2 })).toEqual(['2025-03-09T07:00:00.000Z', '2025-03-10T06:30:00.000Z']);
    expect(occurrences('2025-03-09T07:00:00.000Z', 'America/New_York', daily, { limit: 2 })).toEqual(['2025-03-09T07:00:00.000Z', '2025-03-10T07:00:00.000Z']);
  });

  it('America/New_York, 01:30 daily on the fall-back day takes the first 01:30', () => {
    expect(occurrences({ date: '2025-11-01', time: '01:30' }, 'America/New_York', daily, { limit: 3 })).toEqual([
      '2025-11-01T05:30:00.000Z',
      '2025-11-02T05:30:00.000Z',
      '2025-11-03T06:30:00.000Z',
    ]);
  });

  it('Australia/Lord_Howe (30-minute DST): 09:00 stays 09:00 in April and October', () => {
    const april = occurrences({ date: '2025-04-05', time: '09:00' }, 'Australia/Lord_Howe', daily, { limit: 2 });
    expect(april).toEqual(['2025-04-04T22:00:00.000Z', '2025-04-05T22:30:00.000Z']);
    const october = occurrences({ date: '2025-10-04', time: '09:00' }, 'Australia/Lord_Howe', daily, { limit: 2 });
    expect(october).toEqual(['2025-10-03T22:30:00.000Z', '2025-10-04T22:00:00.000Z']);
    expect(wallTimes([...april, ...october], 'Australia/Lord_Howe').every((t) => t.endsWith('09:00'))).toBe(true);
    // 02:15 does not exist on 5 October (02:00 → 02:30)
    expect(wallTimes(occurrences({ date: '2025-10-04', time: '02:15' }, 'Australia/Lord_Howe', daily, { limit: 3 }), 'Australia/Lord_Howe')).toEqual([
      '2025-10-04 02:15',
      '2025-10-05 02:30',
      '2025-10-06 02:15',
    ]);
  });

  it('Asia/Tokyo (no DST): the same UTC time all year', () => {
    const list = occurrences({ date: '2025-03-01', time: '18:00' }, 'Asia/Tokyo', { every: 30, unit: 'day' }, { limit: 12 });
    expect(list).toHaveLength(12);
    expect(list.every((iso) => iso.endsWith('T09:00:00.000Z'))).toBe(true);
  });
});

describe('occurrences: rules', () => {
  it('every 2 weeks on Mon, Wed, Fri; the start week counts from Monday, earlier days are skipped', () => {
    // 2025-01-01 is a Wednesday
    const list = occurrences({ date: '2025-01-01', time: '18:00' }, 'Asia/Tokyo', { every: 2, unit: 'week', weekdays: [5, 1, 3] }, { limit: 6 });
    expect(wallTimes(list, 'Asia/Tokyo')).toEqual(['2025-01-01 18:00', '2025-01-03 18:00', '2025-01-13 18:00', '2025-01-15 18:00', '2025-01-17 18:00', '2025-01-27 18:00']);
  });

  it('a start that does not fit the weekdays is not an occurrence', () => {
    const list = occurrences({ date: '2025-01-01', time: '10:00' }, 'UTC', { every: 1, unit: 'week', weekdays: [2] }, { limit: 2 });
    expect(list).toEqual(['2025-01-07T10:00:00.000Z', '2025-01-14T10:00:00.000Z']);
  });

  it('weekly without weekdays uses the start weekday', () => {
    expect(occurrences('2025-01-01T10:00:00Z', 'UTC', { every: 3, unit: 'week' }, { limit: 3 })).toEqual([
      '2025-01-01T10:00:00.000Z',
      '2025-01-22T10:00:00.000Z',
      '2025-02-12T10:00:00.000Z',
    ]);
  });

  it('until is an inclusive local date', () => {
    const list = occurrences({ date: '2025-03-28', time: '23:30' }, 'Europe/Berlin', { every: 1, unit: 'day', until: '2025-03-31' }, { limit: 50 });
    expect(wallTimes(list, 'Europe/Berlin')).toEqual(['2025-03-28 23:30', '2025-03-29 23:30', '2025-03-30 23:30', '2025-03-31 23:30']);
  });

  it('count counts from the start, also when `after` skips some', () => {
    const rule: Recurrence = { every: 1, unit: 'day', count: 5 };
    expect(occurrences('2025-01-01T10:00:00Z', 'UTC', rule)).toHaveLength(5);
    expect(occurrences('2025-01-01T10:00:00Z', 'UTC', rule, { after: '2025-01-03T10:00:00Z' })).toEqual(['2025-01-04T10:00:00.000Z', '2025-01-05T10:00:00.000Z']);
  });

  it('after is strict, skips ahead without counting, and limit caps', () => {
    const list = occurrences({ date: '2020-01-01', time: '09:00' }, 'Europe/Berlin', { every: 2, unit: 'day' }, { after: '2025-03-30T07:00:00Z', limit: 2 });
    // 2020-01-01 + an even number of days: 2025-03-30 is day 1915 (odd), so 03-31 and 04-02
    expect(list).toEqual(['2025-03-31T07:00:00.000Z', '2025-04-02T07:00:00.000Z']);
    expect(occurrences('2025-01-01T10:00:00Z', 'UTC', daily, { after: '2025-01-01T10:00:00Z', limit: 1 })).toEqual(['2025-01-02T10:00:00.000Z']);
    expect(occurrences('2025-01-01T10:00:00Z', 'UTC', daily)).toHaveLength(100);
    expect(occurrences('2025-01-01T10:00:00Z', 'UTC', daily, { limit: 5000 })).toHaveLength(1000);
    expect(occurrences('2025-01-01T10:00:00Z', 'UTC', daily, { limit: 0 })).toEqual([]);
  });

  it('nextOccurrence gives the next one, or null after the end', () => {
    const rule: Recurrence = { every: 1, unit: 'week', weekdays: [1], until: '2025-01-31' };
    expect(nextOccurrence('2025-01-06T10:00:00Z', 'UTC', rule, '2025-01-07T00:00:00Z')).toBe('2025-01-13T10:00:00.000Z');
    expect(nextOccurrence('2025-01-06T10:00:00Z', 'UTC', rule, '2025-01-27T10:00:00Z')).toBeNull();
  });

  it('the schema refuses bad rules, and occurrences says why', () => {
    expect(recurrenceSchema.safeParse({ every: 0, unit: 'day' }).success).toBe(false);
    expect(recurrenceSchema.safeParse({ every: 53, unit: 'week' }).success).toBe(false);
    expect(recurrenceSchema.safeParse({ every: 1, unit: 'month' }).success).toBe(false);
    expect(recurrenceSchema.safeParse({ every: 1, unit: 'week', weekdays: [0] }).success).toBe(false);
    expect(recurrenceSchema.safeParse({ every: 1, unit: 'week', weekdays: [] }).success).toBe(false);
    expect(recurrenceSchema.safeParse({ every: 1, unit: 'day', weekdays: [1] }).success).toBe(false);
    expect(recurrenceSchema.safeParse({ every: 1, unit: 'day', until: '2025-02-30' }).success).toBe(false);
    expect(recurrenceSchema.safeParse({ every: 1, unit: 'day', extra: true }).success).toBe(false);
    expect(recurrenceSchema.safeParse({ every: 2, unit: 'week', weekdays: [1, 3], until: '2025-12-31', count: 10 }).success).toBe(true);
    expect(() => occurrences('2025-01-01T10:00:00Z', 'UTC', { every: 1, unit: 'day', weekdays: [1] })).toThrow(/weekdays only go with unit "week"/);
    expect(() => occurrences('2025-01-01T10:00:00Z', 'Nope/Nope', daily)).toThrow(/not a time zone/);
  });
});
