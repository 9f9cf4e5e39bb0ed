// Whether a post fits a platform: the composer's live counter and the last check before publish.
// Messages are in the user's words and name the platform, e.g. "Bluesky: 312 of 300 graphemes".

import { missingCaseError } from '../assert';
import { type LimitOverrides, type PlatformLimits, limitsFor } from './limits';
import { PLATFORM_NAMES, type Platform } from './platform';
import { countCodePoints, countGraphemes, countMastodon, countXWeighted, utf8Bytes } from './text-length';

export { DEFAULT_LIMITS, limitsFor, type AltTextUnit, type LimitOverrides, type PlatformLimits, type TextUnit } from './limits';
export { mastodonInstanceOverrides } from './mastodon-instance';

export interface MediaDraft {
  mimeType: string;
  bytes: number;
  altText?: string;
  /** Known for video once probed; absent when unknown. */
  durationSeconds?: number;
}

export interface PostDraft {
  text: string;
  media: readonly MediaDraft[];
}

export interface ValidationIssue {
  platform: Platform;
  field: 'text' | 'media' | 'altText';
  /** Stable id of the rule broken, e.g. 'text-length', 'media-size', 'alt-text-missing'. */
  rule: string;
  message: string;
  severity: 'error' | 'warning';
  count?: number;
  limit?: number;
  /** 0-based position of the attachment concerned. */
  mediaIndex?: number;
}

export interface TextCounter {
  used: number;
  limit: number;
  unit: PlatformLimits['text']['unit'];
  /** Over any text limit, the byte limit included. */
  over: boolean;
  /** Bluesky's second limit, in UTF-8 bytes. */
  bytes?: { used: number; limit: number };
}

/** Live counter for the composer. */
export function textCounter(platform: Platform, text: string, overrides?: LimitOverrides): TextCounter {
  const limits = limitsFor(platform, overrides);
  const used = textLength(limits, text);
  const counter: TextCounter = { used, limit: limits.text.max, unit: limits.text.unit, over: used > limits.text.max };
  if (limits.text.maxBytes !== null) {
    const bytes = utf8Bytes(text);
    counter.bytes = { used: bytes, limit: limits.text.maxBytes };
    counter.over ||= bytes > limits.text.maxBytes;
  }
  return counter;
}

function textLength(limits: PlatformLimits, text: string): number {
  const { platform } = limits;
  switch (platform) {
    case 'x':
      return countXWeighted(text, { transformedUrlLength: limits.text.charactersReservedPerUrl ?? undefined });
    case 'mastodon':
      return countMastodon(text, { charactersReservedPerUrl: limits.text.charactersReservedPerUrl ?? undefined });
    case 'bluesky':
      return countGraphemes(text);
    default:
      throw missingCaseError(platform);
  }
}

type MediaKind = 'image' | 'gif' | 'video';

const MIME_ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'video/mov': 'video/quicktime' };
const MIME_NAMES: Record<string, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'image/heic': 'HEIC',
  'image/heif': 'HEIF',
  'image/avif': 'AVIF',
  'video/mp4': 'MP4',
  'video/quicktime': 'MOV',
  'video/webm': 'WebM',
  'video/ogg': 'Ogg',
};

function normalizeMime(mimeType: string): string {
  const bare = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  return MIME_ALIASES[bare] ?? bare;
}

function kindOf(mime: string, limits: PlatformLimits): MediaKind | null {
  if (mime === 'image/gif' && limits.gif) return 'gif';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  return null;
}

const KIND_WORD: Record<MediaKind, string> = { image: 'image', gif: 'GIF', video: 'video' };

/**
 * Everything about the post that the platform would refuse (errors) or that hurts readers
 * (warnings: missing alt text, a video whose length is unknown). An empty list means it fits.
 */
export function validatePost(platform: Platform, post: PostDraft, overrides?: LimitOverrides): ValidationIssue[] {
  const limits = limitsFor(platform, overrides);
  const label = limits.instance ? `${PLATFORM_NAMES[platform]} (${limits.instance})` : PLATFORM_NAMES[platform];
  const issues: ValidationIssue[] = [];
  const issue = (fields: Omit<ValidationIssue, 'platform' | 'message'>, message: string) =>
    issues.push({ platform, ...fields, message: `${label}: ${message}` });

  // Text
  if (post.text.trim() === '' && post.media.length === 0) {
    issue({ field: 'text', rule: 'post-empty', severity: 'error' }, 'the post has no text and no media');
  }
  const counter = textCounter(platform, post.text, overrides);
  if (counter.used > counter.limit) {
    issue(
      { field: 'text', rule: 'text-length', severity: 'error', count: counter.used, limit: counter.limit },
      `${num(counter.used)} of ${num(counter.limit)} ${counter.unit}`,
    );
  }
  if (counter.bytes && counter.bytes.used > counter.bytes.limit) {
    issue(
      { field: 'text', rule: 'text-bytes', severity: 'error', count: counter.bytes.used, limit: counter.bytes.limit },
      `${num(counter.bytes.used)} of ${num(counter.bytes.limit)} bytes`,
    );
  }

  // Media: how many of each kind, and whether they may be mixed
  const media = post.media.map((item, index) => {
    const mime = normalizeMime(item.mimeType);
    return { item, index, mime, kind: kindOf(mime, limits) };
  });
  const counts: Record<MediaKind, number> = { image: 0, gif: 0, video: 0 };
  for (const { kind } of media) if (kind) counts[kind] += 1;
  const kindMax: Record<MediaKind, number> = { image: limits.images.max, gif: limits.gif?.max ?? 0, video: limits.video.max };

  let countReported = false;
  for (const kind of ['image', 'gif', 'video'] as const) {
    if (kind === 'video' && !limits.video.allowed) continue;
    if (counts[kind] > kindMax[kind]) {
      countReported = true;
      issue(
        { field: 'media', rule: 'media-count', severity: 'error', count: counts[kind], limit: kindMax[kind] },
        `${counts[kind]} ${plural(KIND_WORD[kind], counts[kind])}, at most ${kindMax[kind]}`,
      );
    }
  }
  if (!countReported && post.media.length > limits.maxAttachments) {
    issue(
      { field: 'media', rule: 'media-count', severity: 'error', count: post.media.length, limit: limits.maxAttachments },
      `${post.media.length} attachments, at most ${limits.maxAttachments}`,
    );
  }
  const kindsPresent = (['image', 'gif', 'video'] as const).filter(
    (kind) => counts[kind] > 0 && (kind !== 'video' || limits.video.allowed),
  );
  if (!limits.mixedMedia && kindsPresent.length > 1) {
    issue({ field: 'media', rule: 'media-mixed', severity: 'error' }, `a post can have ${mediaChoices(limits)}, not a mix`);
  }

  // Media: each attachment
  for (const { item, index, mime, kind } of media) {
    const position = index + 1;
    const at = { field: 'media' as const, severity: 'error' as const, mediaIndex: index };
    if (!kind) {
      issue({ ...at, rule: 'media-type' }, `attachment ${position} is ${mimeName(mime)}; ${PLATFORM_NAMES[platform]} takes ${acceptedSummary(limits)}`);
      continue;
    }
    const what = `${KIND_WORD[kind]} ${position}`;
    if (kind === 'video' && !limits.video.allowed) {
      issue({ ...at, rule: 'video-allowed' }, `${what} cannot be posted: this account cannot post video`);
      continue;
    }
    const accepted = kind === 'video' ? limits.video.mimeTypes : kind === 'image' ? limits.images.mimeTypes : ['image/gif'];
    if (!accepted.includes(mime)) {
      const offered = kind === 'video' ? limits.video.mimeTypes : imageTypes(limits);
      issue({ ...at, rule: 'media-type' }, `${what} is ${mimeName(mime)}; ${PLATFORM_NAMES[platform]} takes ${namesOf(offered)}`);
    }
    const maxBytes = kind === 'video' ? limits.video.maxBytes : kind === 'gif' ? (limits.gif?.maxBytes ?? 0) : limits.images.maxBytes;
    if (!Number.isFinite(item.bytes) || item.bytes < 0) {
      issue({ ...at, rule: 'media-size' }, `the size of ${what} is unknown`);
    } else if (item.bytes > maxBytes) {
      issue({ ...at, rule: 'media-size', count: item.bytes, limit: maxBytes }, `${what} is ${sizePair(item.bytes, maxBytes)}`);
    }
    if (kind === 'video') checkDuration(limits, item, what, (fields, message) => issue({ ...at, ...fields }, message));
  }

  // Alt text
  for (const { item, index, kind } of media) {
    if (!kind || (kind === 'video' && !limits.video.allowed)) continue;
    const what = `${KIND_WORD[kind]} ${index + 1}`;
    const at = { field: 'altText' as const, mediaIndex: index };
    const alt = item.altText ?? '';
    if (alt.trim() === '') {
      issue({ ...at, rule: 'alt-text-missing', severity: 'warning' }, `${what} has no alt text`);
      continue;
    }
    const max = kind === 'video' ? limits.altText.videoMax : limits.altText.imageMax;
    const used = limits.altText.unit === 'graphemes' ? countGraphemes(alt) : countCodePoints(alt);
    if (used > max) {
      issue(
        { ...at, rule: 'alt-text-length', severity: 'error', count: used, limit: max },
        `alt text of ${what} is ${num(used)} of ${num(max)} ${limits.altText.unit}`,
      );
    }
  }
  return issues;
}

function checkDuration(
  limits: PlatformLimits,
  item: MediaDraft,
  what: string,
  issue: (fields: Pick<ValidationIssue, 'rule' | 'severity' | 'count' | 'limit'>, message: string) => void,
): void {
  const { minSeconds, maxSeconds } = limits.video;
  if (minSeconds === null && maxSeconds === null) return;
  const seconds = item.durationSeconds;
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) {
    const range =
      minSeconds !== null && maxSeconds !== null
        ? `${duration(minSeconds)} to ${duration(maxSeconds)}`
        : maxSeconds !== null
          ? `up to ${duration(maxSeconds)}`
          : `at least ${duration(minSeconds ?? 0)}`;
    issue({ rule: 'video-duration-unknown', severity: 'warning' }, `the length of ${what} is unknown; ${PLATFORM_NAMES[limits.platform]} takes ${range}`);
    return;
  }
  if (maxSeconds !== null && seconds > maxSeconds) {
    const [shown, limit] = distinct(seconds, maxSeconds, duration);
    issue({ rule: 'video-duration', severity: 'error', count: seconds, limit: maxSeconds }, `${what} is ${shown}, at most ${limit}`);
  } else if (minSeconds !== null && seconds < minSeconds) {
    const [shown, limit] = distinct(seconds, minSeconds, duration);
    issue({ rule: 'video-duration', severity: 'error', count: seconds, limit: minSeconds }, `${what} is ${shown}, at least ${limit}`);
  }
}

const integer = new Intl.NumberFormat('en-US');

function num(value: number): string {
  return integer.format(value);
}

function plural(word: string, n: number): string {
  return n === 1 ? word : `${word}s`;
}

function mimeName(mime: string): string {
  return MIME_NAMES[mime] ?? (mime === '' ? 'a file of unknown type' : mime);
}

function namesOf(mimes: readonly string[]): string {
  const names = mimes.map(mimeName);
  if (names.length <= 1) return names[0] ?? 'nothing';
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function imageTypes(limits: PlatformLimits): readonly string[] {
  return limits.gif && !limits.images.mimeTypes.includes('image/gif') ? [...limits.images.mimeTypes, 'image/gif'] : limits.images.mimeTypes;
}

function acceptedSummary(limits: PlatformLimits): string {
  const images = namesOf(imageTypes(limits));
  return limits.video.allowed ? `${images} images and ${namesOf(limits.video.mimeTypes)} video` : `${images} images`;
}

function mediaChoices(limits: PlatformLimits): string {
  const choices = [`up to ${limits.images.max} ${plural('image', limits.images.max)}`];
  if (limits.gif) choices.push(`${limits.gif.max} ${plural('GIF', limits.gif.max)}`);
  if (limits.video.allowed) choices.push(`${limits.video.max} ${plural('video', limits.video.max)}`);
  return choices.join(', or ');
}

const MB = 1_000_000;
const MiB = 1024 * 1024;

/** "6.2 MB, at most 5 MB", in the base (decimal or binary) that makes the limit a round number. */
function sizePair(bytes: number, limit: number): string {
  const base = limit % MB === 0 ? MB : MiB;
  const [shown, max] = distinct(bytes, limit, (value, digits) => `${trim(value / base, digits)} MB`);
  return `${shown}, at most ${max}`;
}

function duration(seconds: number, digits = 1): string {
  const rounded = Number(seconds.toFixed(digits));
  if (rounded < 60) return `${trim(rounded, digits)} s`;
  const minutes = Math.floor(rounded / 60);
  const rest = Number((rounded - minutes * 60).toFixed(digits));
  return rest === 0 ? `${minutes} min` : `${minutes} min ${trim(rest, digits)} s`;
}

/** Formats a value and its limit with enough digits that they do not read the same. */
function distinct(value: number, limit: number, format: (v: number, digits: number) => string): [string, string] {
  for (let digits = 1; digits <= 3; digits += 1) {
    const pair: [string, string] = [format(value, digits), format(limit, digits)];
    if (pair[0] !== pair[1]) return pair;
  }
  return [format(value, 6), format(limit, 6)];
}

function trim(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}
