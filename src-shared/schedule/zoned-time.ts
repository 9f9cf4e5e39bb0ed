// Wall-clock time in an IANA zone <-> UTC instants, with Intl only (no library): every engine we
// run on (Node 20 with its full ICU, Electron's Chromium, current browsers) carries the tz database.
//
// A post's time is stored as a UTC instant plus the zone the user meant. Two local times need a rule:
// - a time that does not exist (the hour skipped when clocks spring forward, e.g. 02:30 in New York on
//   the second Sunday of March) moves forward to the first minute that exists after the gap (03:00);
// - a time that happens twice (the hour repeated when clocks fall back, e.g. 01:30 in New York on the
//   first Sunday of November) means its first occurrence (01:30 EDT, before the clocks go back).

import { AppError } from '../errors';

/** A calendar date, YYYY-MM-DD. */
export type LocalDate = string;
/** A wall-clock time, HH:mm or HH:mm:ss (24-hour). */
export type LocalTime = string;
/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface LocalDateTime {
  date: LocalDate;
  time: LocalTime;
}

export interface ZonedDateTime {
  date: LocalDate;
  /** HH:mm (seconds dropped). */
  time: string;
  weekday: Weekday;
  /** The zone's offset from UTC at that instant, e.g. 120 for CEST, -300 for EST, 630 for Lord Howe's standard time. */
  offsetMinutes: number;
}

/** How a local time mapped to an instant: exactly, moved past a spring-forward gap, or the first of two. */
export type ZonedResolution = 'exact' | 'gap' | 'ambiguous';

const MINUTE = 60_000;
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Time zones

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * Whether `zone` names an IANA time zone the engine knows ("Europe/Berlin", "UTC", "Etc/GMT+5").
 * Offsets such as "+05:00" are refused: they are not zones (they have no DST rules) and older
 * engines reject them anyway. Intl matches names case-insensitively, so "europe/berlin" passes;
 * use normalizeTimeZone to store the usual spelling.
 */
export function isValidTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string') return false;
  const name = zone.trim();
  if (name === '' || name !== zone || /^[+\-\u2212]/.test(name) || name.length > 64) return false;
  if (formatters.has(name)) return true;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

let knownZones: Map<string, string> | null = null;

/** The zone as it should be stored: trimmed, in its usual case ("europe/berlin" → "Europe/Berlin"); null when not a zone. */
/** This machine's IANA zone, or UTC when the engine does not name one it knows. */
export function systemTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isValidTimeZone(zone) ? zone : 'UTC';
}

export function normalizeTimeZone(zone: string): string | null {
  const name = zone.trim();
  if (!isValidTimeZone(name)) return null;
  if (!knownZones) {
    const supported = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    knownZones = new Map([...supported, 'UTC'].map((z) => [z.toLowerCase(), z]));
  }
  const known = knownZones.get(name.toLowerCase());
  if (known) return known;
  // An alias the list leaves out (e.g. Asia/Kolkata, which V8 canonicalises to Asia/Calcutta): keep the user's name.
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
}

function requireZone(zone: string): void {
  if (!isValidTimeZone(zone)) {
    throw new AppError('ValidationError', `"${zone}" is not a time zone. Use an IANA name such as Europe/Berlin or America/New_York.`, { zone });
  }
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function fieldsAt(utcMs: number, zone: string): Fields {
  const fields: Fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(zone).formatToParts(utcMs)) {
    if (part.type in fields) fields[part.type as keyof Fields] = Number(part.value);
  }
  if (fields.hour === 24) fields.hour = 0; // engines that predate hourCycle h23
  return fields;
}

function wallMs(f: Fields): number {
  const d = new Date(0);
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  d.setUTCHours(f.hour, f.minute, f.second, 0);
  return d.getTime();
}

/** The zone's offset from UTC at an instant, in milliseconds (local = utc + offset), asked of Intl. */
function offsetFromIntl(utcMs: number, zone: string): number {
  const wholeSecond = Math.floor(utcMs / 1000) * 1000;
  return wallMs(fieldsAt(wholeSecond, zone)) - wholeSecond;
}

// Intl is slow (tens of microseconds a call) and a CSV import converts tens of thousands of times.
// Per zone and UTC day: the offset when it is the same at the day's first and last second (no
// change that day), or null when it changes and each instant must be asked. Real zones never
// change twice within one day and back.
const dayOffsets = new Map<string, Map<number, number | null>>();
const MAX_CACHED_DAYS = 20_000;

/** The zone's offset from UTC at an instant, in milliseconds (local = utc + offset). */
function offsetAt(utcMs: number, zone: string): number {
  const day = Math.floor(utcMs / DAY);
  let days = dayOffsets.get(zone);
  if (!days) {
    days = new Map();
    dayOffsets.set(zone, days);
  }
  let offset = days.get(day);
  if (offset === undefined) {
    const first = offsetFromIntl(day * DAY, zone);
    const last = offsetFromIntl(day * DAY + DAY - 1000, zone);
    offset = first === last ? first : null;
    if (days.size >= MAX_CACHED_DAYS) days.clear();
    days.set(day, offset);
  }
  return offset ?? offsetFromIntl(utcMs, zone);
}

// ---------------------------------------------------------------------------------------------
// Plain dates and times

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month - 1] ?? 0);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function splitDate(date: string): [number, number, number] | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return [year, month, day];
}

function splitTime(time: string): [number, number, number] | null {
  const m = TIME_RE.exec(time);
  if (!m) return null;
  const [hour, minute, second] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  return [hour, minute, second];
}

/** Whether `date` is a real calendar date written YYYY-MM-DD. */
export function isValidLocalDate(date: string): boolean {
  return splitDate(date) !== null;
}

/** Whether `time` is a 24-hour wall-clock time written HH:mm or HH:mm:ss. */
export function isValidLocalTime(time: string): boolean {
  return splitTime(time) !== null;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date (the date must be valid). */
export function epochDay(date: LocalDate): number {
  const parts = splitDate(date);
  if (!parts) throw new AppError('ValidationError', `"${date}" is not a date; write it as YYYY-MM-DD.`, { date });
  return Math.round(wallMs({ year: parts[0], month: parts[1], day: parts[2], hour: 0, minute: 0, second: 0 }) / DAY);
}

/** The YYYY-MM-DD date of a day number from epochDay. */
export function dateOfEpochDay(day: number): LocalDate {
  const d = new Date(day * DAY);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `date` moved by `days` calendar days. */
export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOfEpochDay(epochDay(date) + days);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
export function weekdayOf(date: LocalDate): Weekday {
  return weekdayOfEpochDay(epochDay(date));
}

export function weekdayOfEpochDay(day: number): Weekday {
  // 1970-01-01 was a Thursday (4).
  return ((((((day + 3) % 7) + 7) % 7) + 1) as Weekday);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

// ---------------------------------------------------------------------------------------------
// Conversions

/**
 * The instant a wall-clock time in `zone` means, and how it got there. A time inside a spring-forward
 * gap becomes the first valid instant after the gap ('gap'); a time that occurs twice becomes the
 * first occurrence ('ambiguous'). Throws a ValidationError for a bad date, time or zone.
 */
export function resolveZoned(local: LocalDateTime & { zone: string }): { iso: string; resolution: ZonedResolution } {
  const { date, time, zone } = local;
  requireZone(zone);
  const d = splitDate(date);
  if (!d) throw new AppError('ValidationError', `"${date}" is not a date; write it as YYYY-MM-DD.`, { date });
  const t = splitTime(time);
  if (!t) throw new AppError('ValidationError', `"${time}" is not a time; write it as HH:mm (24-hour).`, { time });
  const wall = wallMs({ year: d[0], month: d[1], day: d[2], hour: t[0], minute: t[1], second: t[2] });

  // The offsets in force a day either side and at the wall time itself: each one whose instant
  // really shows this wall time is a match. Real zones never change twice within two days.
  const before = offsetAt(wall - DAY, zone);
  const after = offsetAt(wall + DAY, zone);
  const offsets = [...new Set([before, offsetAt(wall, zone), after])];
  const matches = offsets.map((o) => wall - o).filter((utc) => offsetAt(utc, zone) === wall - utc).sort((a, b) => a - b);

  const first = matches[0];
  if (first !== undefined) {
    return { iso: new Date(first).toISOString(), resolution: matches.length > 1 ? 'ambiguous' : 'exact' };
  }
  // In a gap: the answer is the transition itself, the first instant with the later offset.
  let lo = wall - DAY; // offset `before`
  let hi = wall + DAY; // offset `after`
  if (before === after) return { iso: new Date(wall - before).toISOString(), resolution: 'gap' };
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetAt(mid, zone) === before) lo = mid;
    else hi = mid;
  }
  return { iso: new Date(hi).toISOString(), resolution: 'gap' };
}

/**
 * The UTC instant (ISO string) of a wall-clock time in an IANA zone. A time skipped by a spring-forward
 * change moves forward to the first valid minute after the gap (New York 02:30 → 03:00 EDT); a time
 * repeated by a fall-back change takes its first occurrence (New York 01:30 → 01:30 EDT).
 */
export function zonedToUtc(local: LocalDateTime & { zone: string }): string {
  return resolveZoned(local).iso;
}

function instantMs(iso: string | number | Date): number {
  const ms = typeof iso === 'number' ? iso : typeof iso === 'string' ? parseInstant(iso) : iso.getTime();
  if (ms === null || !Number.isFinite(ms)) {
    throw new AppError('ValidationError', `"${String(iso)}" is not a point in time; write it as an ISO date-time with Z or an offset.`, { value: String(iso) });
  }
  return ms;
}

/** The wall-clock date, time, weekday and offset an instant shows in `zone`. */
export function utcToZoned(iso: string | Date, zone: string): ZonedDateTime {
  requireZone(zone);
  const ms = instantMs(iso);
  const offset = offsetAt(ms, zone);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  return {
    date,
    time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
    weekday: weekdayOf(date),
    offsetMinutes: Math.round(offset / MINUTE),
  };
}

// ---------------------------------------------------------------------------------------------
// Parsing what people type

/** What a date-time text means: a wall-clock time (to be read in some zone) or an instant it names itself. */
export type ParsedDateTime = ({ kind: 'local' } & LocalDateTime) | { kind: 'instant'; instant: string };

const DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Reads "YYYY-MM-DD HH:mm" or "YYYY-MM-DDTHH:mm", optionally with ":ss", as a wall-clock time
 * (`time` is HH:mm, or HH:mm:ss when the seconds are not zero). With "Z" or an offset ("+02:00",
 * "-0500") the text names an instant, returned as a UTC ISO string. Fractions of a second are
 * accepted only on instants. Anything else, or an impossible date or time, gives null.
 */
export function parseLocalDateTime(text: string): ParsedDateTime | null {
  const m = DATE_TIME_RE.exec(text.trim());
  if (!m) return null;
  const [, date = '', hh = '', mm = '', ss, fraction, offset] = m;
  const time = `${hh.padStart(2, '0')}:${mm}${ss && ss !== '00' ? `:${ss}` : ''}`;
  if (!splitDate(date) || !splitTime(time)) return null;
  if (!offset) {
    if (fraction !== undefined) return null;
    return { kind: 'local', date, time };
  }
  const ms = parseInstant(`${date}T${hh.padStart(2, '0')}:${mm}:${ss ?? '00'}${fraction ? `.${fraction.slice(0, 3)}` : ''}${normalizeOffset(offset)}`);
  return ms === null ? null : { kind: 'instant', instant: new Date(ms).toISOString() };
}

function normalizeOffset(offset: string): string {
  if (/^z$/i.test(offset)) return 'Z';
  const digits = offset.slice(1).replace(':', '');
  return `${offset[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds of a strict ISO instant (date, time, and Z or ±HH:mm); null for anything else. */
export function parseInstant(iso: string): number | null {
  const text = iso.toUpperCase();
  const m = INSTANT_RE.exec(text);
  if (!m) return null;
  const [, date = '', hh = '', mm = '', ss = '00', fraction = '', offset = ''] = m;
  if (!splitDate(date) || !splitTime(`${hh}:${mm}:${ss}`)) return null;
  if (offset !== 'Z') {
    const [oh, om] = [Number(offset.slice(1, 3)), Number(offset.slice(4, 6))];
    if (oh > 23 || om > 59) return null;
  }
  const ms = Date.parse(`${date}T${hh}:${mm}:${ss}.${fraction.slice(0, 3).padEnd(3, '0')}${offset}`);
  return Number.isFinite(ms) ? ms : null;
}

/** Whether `iso` is a strict ISO instant (with Z or an offset). */
export function isInstant(iso: string): boolean {
  return parseInstant(iso) !== null;
}

/** Milliseconds of an instant given as an ISO string or a Date; throws a ValidationError for anything else. */
export function toEpochMs(value: string | Date): number {
  return instantMs(value);
}
