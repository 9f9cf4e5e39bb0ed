import { describe, expect, it } from 'vitest';
import {
  addDays,
  isValidTimeZone,
  normalizeTimeZone,
  parseInstant,
  parseLocalDateTime,
  resolveZoned,
  utcToZoned,
  weekdayOf,
  zonedToUtc,
} from '../../../src-shared/schedule/zoned-time';

const at = (date: string, time: string, zone: string) => zonedToUtc({ date, time, zone });

describe('isValidTimeZone / normalizeTimeZone', () => {
  it.each(['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC', 'Etc/GMT+5'])('accepts %s', (zone) => {
    expect(isValidTimeZone(zone)).toBe(true);
  });

  it.each(['', 'Mars/Olympus', 'Berlin', '+05:00', '-0500', ' Europe/Berlin', 'Europe/Berlin ', 'GMT+25'])('refuses %j', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isValidTimeZone(undefined)).toBe(false);
    expect(isValidTimeZone(42)).toBe(false);
  });

  it('stores the usual spelling and keeps aliases the user wrote', () => {
    expect(normalizeTimeZone(' europe/berlin ')).toBe('Europe/Berlin');
    expect(normalizeTimeZone('utc')).toBe('UTC');
    expect(normalizeTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(normalizeTimeZone('Nowhere/Special')).toBeNull();
  });
});

describe('zonedToUtc', () => {
  it('converts ordinary wall-clock times, winter and summer', () => {
    expect(at('2025-01-15', '09:00', 'Europe/Berlin')).toBe('2025-01-15T08:00:00.000Z');
    expect(at('2025-07-15', '09:00', 'Europe/Berlin')).toBe('2025-07-15T07:00:00.000Z');
    expect(at('2025-01-15', '09:00', 'America/New_York')).toBe('2025-01-15T14:00:00.000Z');
    expect(at('2025-07-15', '09:00', 'America/New_York')).toBe('2025-07-15T13:00:00.000Z');
    expect(at('2025-07-15', '09:00', 'Asia/Kolkata')).toBe('2025-07-15T03:30:00.000Z');
    expect(at('2025-07-15', '09:00:30', 'UTC')).toBe('2025-07-15T09:00:30.000Z');
  });

  it('moves a time in a spring-forward gap to the first valid minute after it', () => {
    // New York, 9 March 2025: 02:00 EST → 03:00 EDT
    expect(resolveZoned({ date: '2025-03-09', time: '02:30', zone: 'America/New_York' })).toEqual({ iso: '2025-03-09T07:00:00.000Z', resolution: 'gap' });
    expect(at('2025-03-09', '02:00', 'America/New_York')).toBe('2025-03-09T07:00:00.000Z');
    expect(at('2025-03-09', '03:00', 'America/New_York')).toBe('2025-03-09T07:00:00.000Z');
    expect(at('2025-03-09', '01:59', 'America/New_York')).toBe('2025-03-09T06:59:00.000Z');
    // Berlin, 30 March 2025: 02:00 CET → 03:00 CEST
    expect(at('2025-03-30', '02:30', 'Europe/Berlin')).toBe('2025-03-30T01:00:00.000Z');
    // Lord Howe, 5 October 2025: 02:00 (+10:30) → 02:30 (+11), a 30-minute gap
    expect(resolveZoned({ date: '2025-10-05', time: '02:15', zone: 'Australia/Lord_Howe' })).toEqual({ iso: '2025-10-04T15:30:00.000Z', resolution: 'gap' });
    expect(utcToZoned('2025-10-04T15:30:00.000Z', 'Australia/Lord_Howe')).toMatchObject({ date: '2025-10-05', time: '02:30', offsetMinutes: 660 });
  });

  it('takes the first occurrence of a time repeated when clocks fall back', () => {
    // New York, 2 November 2025: 01:30 happens at EDT (-4) and again at EST (-5)
    expect(resolveZoned({ date: '2025-11-02', time: '01:30', zone: 'America/New_York' })).toEqual({ iso: '2025-11-02T05:30:00.000Z', resolution: 'ambiguous' });
    // Berlin, 26 October 2025: 02:30 CEST, then 02:30 CET
    expect(at('2025-10-26', '02:30', 'Europe/Berlin')).toBe('2025-10-26T00:30:00.000Z');
    // Lord Howe, 6 April 2025: 01:30–02:00 happens at +11, then at +10:30
    expect(resolveZoned({ date: '2025-04-06', time: '01:45', zone: 'Australia/Lord_Howe' })).toEqual({ iso: '2025-04-05T14:45:00.000Z', resolution: 'ambiguous' });
  });

  it('reports exact times as exact', () => {
    expect(resolveZoned({ date: '2025-11-02', time: '03:00', zone: 'America/New_York' }).resolution).toBe('exact');
  });

  it('refuses bad dates, times and zones', () => {
    expect(() => at('2025-02-29', '09:00', 'UTC')).toThrow(/not a date/);
    expect(() => at('2025-13-01', '09:00', 'UTC')).toThrow(/not a date/);
    expect(() => at('2025-01-01', '24:00', 'UTC')).toThrow(/not a time/);
    expect(() => at('2025-01-01', '9:00', 'UTC')).toThrow(/not a time/);
    expect(() => at('2025-01-01', '09:00', 'Mars/Base')).toThrow(/not a time zone/);
    expect(at('2024-02-29', '09:00', 'UTC')).toBe('2024-02-29T09:00:00.000Z');
  });
});

describe('utcToZoned', () => {
  it('gives date, time, ISO weekday and offset', () => {
    expect(utcToZoned('2025-03-30T00:59:00Z', 'Europe/Berlin')).toEqual({ date: '2025-03-30', time: '01:59', weekday: 7, offsetMinutes: 60 });
    expect(utcToZoned('2025-03-30T01:00:00Z', 'Europe/Berlin')).toEqual({ date: '2025-03-30', time: '03:00', weekday: 7, offsetMinutes: 120 });
    expect(utcToZoned('2025-04-05T15:00:00.000Z', 'Australia/Lord_Howe')).toEqual({ date: '2025-04-06', time: '01:30', weekday: 7, offsetMinutes: 630 });
    expect(utcToZoned('2025-01-05T23:30:00+00:00', 'Asia/Kolkata')).toEqual({ date: '2025-01-06', time: '05:00', weekday: 1, offsetMinutes: 330 });
    expect(utcToZoned(new Date('2025-01-01T00:00:00Z'), 'America/New_York')).toEqual({ date: '2024-12-31', time: '19:00', weekday: 2, offsetMinutes: -300 });
  });

  it('round-trips every hour across a DST change', () => {
    for (let h = 0; h < 48; h += 1) {
      const iso = new Date(Date.UTC(2025, 9, 25, 12) + h * 3_600_000).toISOString();
      const local = utcToZoned(iso, 'Europe/Berlin');
      const back = zonedToUtc({ date: local.date, time: local.time, zone: 'Europe/Berlin' });
      // The repeated hour maps back to its first occurrence; everything else exactly.
      if (local.date === '2025-10-26' && local.time === '02:00' && local.offsetMinutes === 60) expect(back).toBe('2025-10-26T00:00:00.000Z');
      else expect(back).toBe(iso);
    }
  });

  it('refuses what is not an instant', () => {
    expect(() => utcToZoned('2025-01-01 09:00', 'UTC')).toThrow(/not a point in time/);
    expect(() => utcToZoned('2025-01-01T09:00:00Z', 'Nope/Nope')).toThrow(/not a time zone/);
  });
});

describe('parseLocalDateTime', () => {
  it('reads wall-clock times with a space or a T, with or without seconds', () => {
    expect(parseLocalDateTime('2025-06-01 09:30')).toEqual({ kind: 'local', date: '2025-06-01', time: '09:30' });
    expect(parseLocalDateTime('2025-06-01T09:30')).toEqual({ kind: 'local', date: '2025-06-01', time: '09:30' });
    expect(parseLocalDateTime('2025-06-01 09:30:00')).toEqual({ kind: 'local', date: '2025-06-01', time: '09:30' });
    expect(parseLocalDateTime('2025-06-01T09:30:15')).toEqual({ kind: 'local', date: '2025-06-01', time: '09:30:15' });
    expect(parseLocalDateTime(' 2025-06-01 9:30 ')).toEqual({ kind: 'local', date: '2025-06-01', time: '09:30' });
  });

  it('reads a text with Z or an offset as an instant', () => {
    expect(parseLocalDateTime('2025-06-01T09:30:00Z')).toEqual({ kind: 'instant', instant: '2025-06-01T09:30:00.000Z' });
    expect(parseLocalDateTime('2025-06-01T09:30+02:00')).toEqual({ kind: 'instant', instant: '2025-06-01T07:30:00.000Z' });
    expect(parseLocalDateTime('2025-06-01 09:30:00.250-0500')).toEqual({ kind: 'instant', instant: '2025-06-01T14:30:00.250Z' });
    expect(parseLocalDateTime('2025-06-01T09:30:00.000z')).toEqual({ kind: 'instant', instant: '2025-06-01T09:30:00.000Z' });
  });

  it.each(['', '2025-06-01', '09:30', '01/06/2025 09:30', '2025-06-31 09:30', '2025-06-01 25:00', '2025-06-01 09:60', '2025-06-01 09:30:00.5', '2025-06-01T09:30+25:00', 'tomorrow'])(
    'refuses %j',
    (text) => {
      expect(parseLocalDateTime(text)).toBeNull();
    },
  );

  it('parseInstant is strict', () => {
    expect(parseInstant('2025-06-01T09:30:00.123456Z')).toBe(Date.UTC(2025, 5, 1, 9, 30, 0, 123));
    expect(parseInstant('2025-06-01T09:30:00')).toBeNull();
    expect(parseInstant('2025-02-30T09:30:00Z')).toBeNull();
  });
});

describe('plain dates', () => {
  it('adds days across months, years and leap days; knows weekdays', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(weekdayOf('2025-03-30')).toBe(7);
    expect(weekdayOf('2025-03-31')).toBe(1);
    expect(weekdayOf('1970-01-01')).toBe(4);
    expect(weekdayOf('1969-12-29')).toBe(1);
  });
});
