// How long a post is, in each platform's own unit. Pure functions: the composer calls them on
// every keystroke and the publisher calls them again before sending.

import { findEmoji } from './emoji';
import { LATIN_ACCENTS, extractUrls } from './urls';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const utf8 = new TextEncoder();

/** User-perceived characters (extended grapheme clusters): 👨‍👩‍👧‍👦, 🇯🇵 and é (e + ◌́) are 1 each. */
export function countGraphemes(text: string): number {
  // Printable ASCII has one grapheme per unit (CR LF is one grapheme, so it is not in this range).
  if (/^[\x20-\x7E]*$/.test(text)) return text.length;
  let count = 0;
  for (const _ of graphemes.segment(text)) count += 1;
  return count;
}

/** Bytes of the text encoded as UTF-8, as it travels on the wire (a lone surrogate becomes U+FFFD). */
export function utf8Bytes(text: string): number {
  return utf8.encode(text).length;
}

/** Unicode code points (what Ruby's String#length counts). */
export function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** X's counting rules: twitter-text v3 configuration (config/v3.json). */
export const X_TEXT_CONFIG = {
  maxWeightedTweetLength: 280,
  scale: 100,
  defaultWeight: 200,
  transformedURLLength: 23,
  emojiParsingEnabled: true,
  ranges: [
    { start: 0x0000, end: 0x10ff, weight: 100 },
    { start: 0x2000, end: 0x200d, weight: 100 },
    { start: 0x2010, end: 0x201f, weight: 100 },
    { start: 0x2032, end: 0x2037, weight: 100 },
  ],
} as const;

function codePointWeight(codePoint: number): number {
  for (const range of X_TEXT_CONFIG.ranges) {
    if (codePoint >= range.start && codePoint <= range.end) return range.weight;
  }
  return X_TEXT_CONFIG.defaultWeight;
}

/**
 * X's weighted length (twitter-text v3 `parseTweet().weightedLength`): the text is NFC-normalised;
 * Latin, Greek, Cyrillic, Hebrew, Arabic… and general punctuation weigh 1; CJK, Hangul and other
 * code points weigh 2; each emoji sequence (ZWJ family, flag, keycap, skin tone) weighs 2; each
 * link weighs `transformedUrlLength` (23) whatever its length. See urls.ts for what is a link.
 */
export function countXWeighted(text: string, options: { transformedUrlLength?: number } = {}): number {
  const { scale, defaultWeight } = X_TEXT_CONFIG;
  const urlWeight = (options.transformedUrlLength ?? X_TEXT_CONFIG.transformedURLLength) * scale;
  const normalized = text.normalize('NFC');
  const urls = extractUrls(normalized, 'x');
  const emoji = X_TEXT_CONFIG.emojiParsingEnabled ? findEmoji(normalized) : new Map<number, number>();

  let weight = 0;
  let next = 0; // the first link not yet passed
  for (let i = 0; i < normalized.length; ) {
    while (next < urls.length && (urls[next]?.start ?? 0) < i) next += 1;
    const url = urls[next];
    if (url && url.start === i) {
      weight += urlWeight;
      i = url.end;
      next += 1;
      continue;
    }
    const emojiLength = emoji.get(i);
    if (emojiLength) {
      weight += defaultWeight;
      i += emojiLength;
      continue;
    }
    const codePoint = normalized.codePointAt(i) ?? 0;
    weight += codePointWeight(codePoint);
    i += codePoint > 0xffff ? 2 : 1;
  }
  return weight / scale;
}

const WORD = String.raw`\p{L}\p{M}\p{Nd}\p{Pc}`; // Ruby's [[:word:]]
// Mastodon's Account::MENTION_RE: @user, or @user@host with the host counted out.
const MASTODON_MENTION = new RegExp(
  String.raw`(?<![=/${WORD}])@(([a-z0-9_]+(?:[.\-]+[a-z0-9_]+)*)(?:@[${WORD}]+(?:[.\-]+[${WORD}]+)*)?)`,
  'giu',
);
// twitter-text's end_mention_match: a mention glued to another @, a Latin accent or :// is not one.
const NOT_A_MENTION_END = new RegExp(String.raw`^(?:[@＠${LATIN_ACCENTS}]|:\/\/)`, 'u');

interface Rewrite {
  start: number;
  end: number;
  replacement: string;
}

/**
 * Mastodon's length (StatusLengthValidator): grapheme clusters of the text after each link with a
 * scheme (http(s), gemini, …; a bare `example.com` counts in full) becomes `charactersReservedPerUrl`
 * characters and each `@user@domain` becomes `@user`.
 */
export function countMastodon(text: string, options: { charactersReservedPerUrl?: number } = {}): number {
  const reserved = options.charactersReservedPerUrl ?? 23;
  const rewrites: Rewrite[] = extractUrls(text, 'mastodon').map((url) => ({
    start: url.start,
    end: url.end,
    replacement: 'x'.repeat(reserved),
  }));
  if (/[@＠]/.test(text)) {
    MASTODON_MENTION.lastIndex = 0;
    for (const match of text.matchAll(MASTODON_MENTION)) {
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (NOT_A_MENTION_END.test(text.slice(end, end + 3))) continue;
      rewrites.push({ start, end, replacement: `@${match[2] ?? ''}` });
    }
  }

  // Overlapping entities: the earlier one wins (twitter-text remove_overlapping_entities).
  rewrites.sort((a, b) => a.start - b.start);
  let countable = '';
  let at = 0;
  for (const rewrite of rewrites) {
    if (rewrite.start < at) continue;
    countable += text.slice(at, rewrite.start) + rewrite.replacement;
    at = rewrite.end;
  }
  countable += text.slice(at);
  return countGraphemes(countable);
}

/** Bluesky's two text limits (app.bsky.feed.post: maxGraphemes 300, maxLength 3000 bytes). */
export function countBluesky(text: string): { graphemes: number; bytes: number } {
  return { graphemes: countGraphemes(text), bytes: utf8Bytes(text) };
}
