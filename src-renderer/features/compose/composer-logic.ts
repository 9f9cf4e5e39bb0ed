// What the composer computes from what the user typed: each platform's variant, its issues, the
// `when` the core takes and the times it will mean. Pure: no React, no store, no calls.

import type { Input } from '../../../src-shared/contract';
import type { Account, ComposerDraft, ComposerMedia, MediaItem as LibraryItem, VariantOverride } from '../../../src-shared/domain';
import { PLATFORM_NAMES, PLATFORMS, type Platform } from '../../../src-shared/platforms/platform';
import { limitsFor, textCounter, validatePost, type LimitOverrides, type MediaDraft, type TextCounter, type ValidationIssue } from '../../../src-shared/platforms/rules';
import { occurrences, type Recurrence } from '../../../src-shared/schedule/recurrence';
import { isValidLocalDate, isValidLocalTime, isValidTimeZone, systemTimeZone, type Weekday, zonedToUtc } from '../../../src-shared/schedule/zoned-time';

/** One attachment: a file by path, or a library item by id. */
export type Attachment = ComposerMedia;
export type LibraryAttachment = Extract<ComposerMedia, { mediaId: string }>;

export const isLibrary = (m: Attachment): m is LibraryAttachment => 'mediaId' in m;

/** Whether an attachment is there to send: a library item, or a path that is not blank. */
export const isFilled = (m: Attachment): boolean => isLibrary(m) || m.path.trim() !== '';

/** The library items the composer knows, by id (facts for the rules, names and thumbnails). */
export type LibraryItems = ReadonlyMap<string, LibraryItem>;

/** Rules a reformatted video can fix: its length, its size or its format. */
export const REFORMAT_RULES: ReadonlySet<string> = new Set(['video-duration', 'media-size', 'media-type']);

export const EMPTY_DRAFT: ComposerDraft = { accountIds: [], text: '', media: [], thread: [], variants: {} };

/** Where and how often a post goes out, as the "When" controls hold it (also while half filled in). */
export interface WhenState {
  kind: 'now' | 'at' | 'nextSlot' | 'recurring';
  /** YYYY-MM-DD: the day of an "at" post, the first day of a repeating one. */
  date: string;
  /** HH:mm. */
  time: string;
  timeZone: string;
  every: number;
  unit: 'day' | 'week';
  weekdays: Weekday[];
  end: 'never' | 'until' | 'count';
  until: string;
  count: number;
}

const pad = (n: number) => String(n).padStart(2, '0');


/** The zones the engine knows, for the searchable list; UTC at least. */
export function knownTimeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  const zones = supported ? supported('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** "Now" plus an hour, on the hour, in the user's zone: a sensible first time to schedule at. */
export function defaultWhen(now: Date = new Date()): WhenState {
  const next = new Date(now.getTime() + 60 * 60_000);
  next.setMinutes(0, 0, 0);
  return {
    kind: 'now',
    date: `${next.getFullYear()}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}`,
    time: `${pad(next.getHours())}:00`,
    timeZone: systemTimeZone(),
    every: 1,
    unit: 'week',
    weekdays: [],
    end: 'never',
    until: '',
    count: 10,
  };
}

/** Platforms of the chosen accounts, in the usual platform order. */
export function platformsOf(accounts: readonly Account[], accountIds: readonly string[]): Platform[] {
  const chosen = new Set(accounts.filter((a) => accountIds.includes(a.id)).map((a) => a.platform));
  return PLATFORMS.filter((p) => chosen.has(p));
}

/** What one platform gets: its overrides, or the main post. */
export function variantFor(draft: ComposerDraft, platform: Platform): Required<Omit<VariantOverride, 'firstComment'>> & { firstComment: string } {
  const override = draft.variants[platform] ?? {};
  return {
    text: override.text ?? draft.text,
    media: override.media ?? draft.media,
    thread: override.thread ?? draft.thread,
    firstComment: override.firstComment ?? draft.firstComment ?? '',
  };
}

/** An override with no field left is no override: drop it so the draft stays small and honest. */
export function cleanVariants(variants: ComposerDraft['variants']): ComposerDraft['variants'] {
  const result: ComposerDraft['variants'] = {};
  for (const platform of PLATFORMS) {
    const v = variants[platform];
    if (!v) continue;
    const kept = Object.fromEntries(Object.entries(v).filter(([, value]) => value !== undefined)) as VariantOverride;
    if (Object.keys(kept).length > 0) result[platform] = kept;
  }
  return result;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  avif: 'image/avif',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  ogv: 'video/ogg',
};

/** The media type a file path suggests by its extension; '' when it suggests none. */
export function guessMimeType(path: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(path.trim())?.[1]?.toLowerCase() ?? '';
  return MIME_BY_EXTENSION[extension] ?? '';
}

export function counterFor(platform: Platform, text: string, overrides?: LimitOverrides): TextCounter {
  return textCounter(platform, text, overrides);
}

/**
 * The server limits a platform's variant must fit: of the chosen accounts on that platform, the
 * one allowing the shortest post (a Mastodon instance may allow 5,000 characters, another 500).
 */
export function limitsOfChosen(platform: Platform, accounts: readonly Account[], accountIds: readonly string[]): LimitOverrides | undefined {
  let strictest: LimitOverrides | undefined;
  for (const a of accounts) {
    if (a.platform !== platform || !accountIds.includes(a.id)) continue;
    if (strictest === undefined || limitsFor(platform, a.limits).text.max < limitsFor(platform, strictest).text.max) strictest = a.limits ?? {};
  }
  return strictest;
}

/**
 * Every issue of a platform's variant: the post itself, each reply of the thread and the first
 * comment, each message naming the platform, the part and the rule. Sizes and video lengths are
 * unknown here (the file is not read), so those checks wait for publishing.
 */
export function issuesFor(draft: ComposerDraft, platform: Platform, overrides?: LimitOverrides, library: LibraryItems = new Map()): ValidationIssue[] {
  const variant = variantFor(draft, platform);
  // Library items carry what probing found (size, length); a typed path is only read when publishing.
  // A library item not loaded yet is left out until it is; `positions` maps back to the attachment.
  const positions: number[] = [];
  const media: MediaDraft[] = [];
  variant.media.forEach((m, index) => {
    if (!isFilled(m)) return;
    const altText = m.altText ? { altText: m.altText } : {};
    if (isLibrary(m)) {
      const item = library.get(m.mediaId);
      if (!item) return;
      media.push({ mimeType: item.mimeType, bytes: item.bytes, ...(item.durationSeconds !== null ? { durationSeconds: item.durationSeconds } : {}), ...altText });
    } else {
      media.push({ mimeType: m.mimeType || guessMimeType(m.path), bytes: 0, ...altText });
    }
    positions.push(index);
  });
  const issues = validatePost(platform, { text: variant.text, media }, overrides)
    .map((i) => (i.mediaIndex === undefined ? i : { ...i, mediaIndex: positions[i.mediaIndex] ?? i.mediaIndex }))
    .filter((i) => i.rule !== 'video-duration-unknown' || (i.mediaIndex !== undefined && isLibrary(variant.media[i.mediaIndex] as Attachment)));
  const name = PLATFORM_NAMES[platform];
  const textOnly = (text: string, part: string) =>
    validatePost(platform, { text, media: [] }, overrides).map((i) => ({ ...i, message: i.message.replace(`${name}: `, `${name}, ${part}: `) }));
  variant.thread.forEach((reply, index) => issues.push(...textOnly(reply, `reply ${index + 1}`)));
  if (variant.firstComment.trim() !== '') issues.push(...textOnly(variant.firstComment, 'first comment'));
  return issues;
}

/** Whether the post or any network's version has an attachment from the library. */
export function usesLibraryMedia(draft: ComposerDraft): boolean {
  return draft.media.some(isLibrary) || Object.values(draft.variants).some((v) => v?.media?.some(isLibrary));
}

/** What the core takes for an attachment: the path (with its type), or just the id and alt text. */
export function mediaInput(media: readonly Attachment[]): Attachment[] {
  return media.filter(isFilled).map((m) => (isLibrary(m) ? { mediaId: m.mediaId, ...(m.altText ? { altText: m.altText } : {}) } : m));
}

export function hasContent(draft: ComposerDraft): boolean {
  return (
    draft.text.trim() !== '' ||
    draft.media.some(isFilled) ||
    draft.thread.some((t) => t.trim() !== '') ||
    (draft.firstComment ?? '').trim() !== '' ||
    Object.values(draft.variants).some((v) => v && (v.text ?? '').trim() !== '')
  );
}

/**
 * What still stands between the post and the Send button, in the user's words: one place, so the
 * button and the Ctrl+Enter shortcut refuse the same things.
 */
export function sendBlockers(draft: ComposerDraft, when: WhenState, accounts: readonly Account[], now: Date = new Date(), library: LibraryItems = new Map()): string[] {
  const blockers: string[] = [];
  if (draft.accountIds.length === 0) blockers.push('Choose at least one account.');
  if (!hasContent(draft)) blockers.push('Write something first.');
  else if (platformsOf(accounts, draft.accountIds).some((p) => issuesFor(draft, p, limitsOfChosen(p, accounts, draft.accountIds), library).some((i) => i.severity === 'error'))) {
    blockers.push('Fix the problems listed under the text first.');
  }
  const problem = whenProblem(when, now);
  if (problem) blockers.push(problem);
  return blockers;
}

/** The rule of a repeating post, as the core takes it. */
export function recurrenceOf(when: WhenState): Recurrence {
  return {
    every: when.every,
    unit: when.unit,
    ...(when.unit === 'week' && when.weekdays.length > 0 ? { weekdays: [...when.weekdays].sort((a, b) => a - b) } : {}),
    ...(when.end === 'until' && when.until ? { until: when.until } : {}),
    ...(when.end === 'count' ? { count: when.count } : {}),
  };
}

/** Why the chosen time cannot be used yet, in one sentence; null when it can. */
export function whenProblem(when: WhenState, now: Date = new Date()): string | null {
  if (when.kind === 'now' || when.kind === 'nextSlot') return null;
  if (!isValidTimeZone(when.timeZone)) return `“${when.timeZone}” is not a time zone PromoGPT knows; pick one from the list, like Europe/Berlin.`;
  if (!isValidLocalDate(when.date)) return 'Choose a date.';
  if (!isValidLocalTime(when.time)) return 'Choose a time.';
  if (when.kind === 'at') {
    if (Date.parse(zonedToUtc({ date: when.date, time: when.time, zone: when.timeZone })) <= now.getTime()) {
      return `${when.date} ${when.time} (${when.timeZone}) is in the past; choose a later time or post now.`;
    }
    return null;
  }
  if (!Number.isInteger(when.every) || when.every < 1 || when.every > 52) return 'Repeat every 1 to 52 days or weeks.';
  if (when.end === 'until' && !isValidLocalDate(when.until)) return 'Choose the date the repeats end on.';
  if (when.end === 'count' && (!Number.isInteger(when.count) || when.count < 1 || when.count > 1000)) return 'Repeat 1 to 1,000 times.';
  try {
    if (occurrences({ date: when.date, time: when.time }, when.timeZone, recurrenceOf(when), { after: now.toISOString(), limit: 1 }).length === 0) {
      return 'This repeat rule has no dates after now; change its start, end date or count.';
    }
  } catch (failure) {
    return failure instanceof Error ? failure.message : 'The repeat rule is not valid.';
  }
  return null;
}

/** The next few times a repeating post goes out (UTC instants); [] while the rule is not valid. */
export function nextOccurrences(when: WhenState, limit = 3, now: Date = new Date()): string[] {
  if (when.kind !== 'recurring' || whenProblem(when, now)) return [];
  return occurrences({ date: when.date, time: when.time }, when.timeZone, recurrenceOf(when), { after: now.toISOString(), limit });
}

export type PostWhen = Input<'post.create'>['when'];

export function whenInput(when: WhenState): PostWhen {
  switch (when.kind) {
    case 'now':
      return { kind: 'now' };
    case 'nextSlot':
      return { kind: 'nextSlot' };
    case 'at':
      return { kind: 'at', at: `${when.date} ${when.time}`, timeZone: when.timeZone };
    case 'recurring':
      return { kind: 'recurring', start: `${when.date} ${when.time}`, timeZone: when.timeZone, rule: recurrenceOf(when) };
    default:
      throw new Error(`Unhandled when: ${String(when.kind satisfies never)}`);
  }
}

/**
 * The instant the duplicate guard compares against: the chosen time, the first repeat, or now
 * (undefined); for queue slots, the caller asks per account.
 */
export function checkInstant(when: WhenState, now: Date = new Date()): string | undefined {
  if (when.kind === 'at' && !whenProblem(when, now)) return zonedToUtc({ date: when.date, time: when.time, zone: when.timeZone });
  if (when.kind === 'recurring') return nextOccurrences(when, 1, now)[0];
  return undefined;
}
