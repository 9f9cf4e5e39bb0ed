// Finds the links a platform shortens when it counts a post's length.
//
// Both X and Mastodon count links with twitter-text's extractor (X: twitter-text 3.1 `parseTweet`;
// Mastodon: the twitter-text gem with Mastodon's patched path rules, config/initializers/
// twitter_regex.rb). This is a port of that extractor, not a general URL parser:
//   - a link is `[scheme://]domain[:port][/path][?query]`; the domain needs a known TLD (tlds.ts)
//     or a punycode (`xn--`) TLD, and every label must fit in 63 bytes once punycode-encoded;
//   - it must not follow a letter, digit, `@`, `$` or `#` (so `a@b.com` is not a link);
//   - X: `http://`/`https://` or no scheme; without a scheme only ASCII (and Latin-accented)
//     domains count (`example.com/path` counts, `日本.jp` does not) and not after `-_./`.
//     Path characters are ASCII, Latin accents and Cyrillic: `https://a.com/日本語` is a link up
//     to `a.com/` and the CJK after it counts as text. Trailing punctuation (`.`, `,`, `!`…) is
//     left out; balanced parentheses stay in. A t.co link ends after its slug.
//   - Mastodon: a scheme is required (http, https, dat, dweb, ipfs, ipns, ssb, gopher, gemini);
//     the path may hold any non-space character except `<>()?` (any script counts).

import { TLDS } from './tlds';

export type UrlFlavor = 'x' | 'mastodon';

export interface UrlMatch {
  url: string;
  /** UTF-16 index of the first character. */
  start: number;
  /** UTF-16 index after the last character. */
  end: number;
}

const PUNCT = String.raw`!'#%&()*+,\\\-./:;<=>?@\[\]^_{|}~$`;
const SPACES = String.raw`\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000`;
const INVALID = String.raw`\uFFFE\uFEFF\uFFFF`;
const DIRECTIONAL = String.raw`\u202A-\u202E\u061C\u200E\u200F\u2066-\u2069`;
/** twitter-text's Latin accents: letters and combining marks that may continue a word. */
export const LATIN_ACCENTS = String.raw`\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF`;
const CYRILLIC = String.raw`\u0400-\u04FF`;

const DOMAIN_CHAR = `[^${PUNCT}${SPACES}${INVALID}${DIRECTIONAL}]`;
const SUBDOMAIN = String.raw`(?:(?:${DOMAIN_CHAR}(?:[_\-]|${DOMAIN_CHAR})*)?${DOMAIN_CHAR}\.)`;
const DOMAIN_NAME = String.raw`(?:(?:${DOMAIN_CHAR}(?:-|${DOMAIN_CHAR})*)?${DOMAIN_CHAR}\.)`;
// Longest first, so `community` is tried before `com`; the look-ahead makes a TLD end a word.
const TLD = String.raw`(?:${[...TLDS].sort((a, b) => b.length - a.length).join('|')})(?=[^0-9a-z@+\-]|$)`;
const PUNYCODE = String.raw`(?:xn--[\-0-9a-z]+)`;
const DOMAIN = `(?:${SUBDOMAIN}*${DOMAIN_NAME}(?:${TLD}|${PUNYCODE}))`;
const PRECEDING = `(?:[^A-Za-z0-9@＠$#＃${INVALID}]|[${DIRECTIONAL}]|^)`;

interface PathRules {
  char: string;
  ending: string;
  /** The path form that may end in `/` (X only allows it after `@`). */
  slashForm: (char: string) => string;
  queryChar: string;
  queryEnding: string;
}

function parens(char: string): string {
  // One nested level of balanced parentheses, as in Wikipedia links.
  return String.raw`\((?:${char}+|(?:${char}*\(${char}+\)${char}*))\)`;
}

const X_PATH_CHAR = String.raw`[a-z${CYRILLIC}0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&${LATIN_ACCENTS}]`;
const X_RULES: PathRules = {
  char: X_PATH_CHAR,
  ending: String.raw`(?:[+\-a-z${CYRILLIC}0-9=_#/${LATIN_ACCENTS}]|${parens(X_PATH_CHAR)})`,
  slashForm: (char) => `(?:@${char}+/)`,
  queryChar: String.raw`[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]`,
  queryEnding: String.raw`[a-z0-9\-_&=#/]`,
};

const UCHARS = String.raw`\u{A0}-\u{D7FF}\u{F900}-\u{FDCF}\u{FDF0}-\u{FFEF}\u{10000}-\u{1FFFD}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}\u{40000}-\u{4FFFD}\u{50000}-\u{5FFFD}\u{60000}-\u{6FFFD}\u{70000}-\u{7FFFD}\u{80000}-\u{8FFFD}\u{90000}-\u{9FFFD}\u{A0000}-\u{AFFFD}\u{B0000}-\u{BFFFD}\u{C0000}-\u{CFFFD}\u{D0000}-\u{DFFFD}\u{E1000}-\u{EFFFD}\u{E000}-\u{F8FF}\u{F0000}-\u{FFFFD}\u{100000}-\u{10FFFD}`;
const MASTODON_PATH_CHAR = String.raw`[^\p{White_Space}<>()?]`;
const MASTODON_RULES: PathRules = {
  char: MASTODON_PATH_CHAR,
  ending: String.raw`(?:[^\p{White_Space}()?!*"'「」<>;:=,.$%\[\]~&|@]|${parens(MASTODON_PATH_CHAR)})`,
  slashForm: (char) => `(?:${char}+/)`,
  queryChar: String.raw`[a-z0-9!?*'();:&=+$/%#\[\]\-_.,~|@^${UCHARS}]`,
  queryEnding: String.raw`[a-z0-9_&=#/\-${UCHARS}]`,
};

function linkRegex(protocol: string, rules: PathRules): RegExp {
  const path = `(?:(?:${rules.char}*(?:${parens(rules.char)}${rules.char}*)*${rules.ending})|${rules.slashForm(rules.char)})`;
  return new RegExp(
    `(${PRECEDING})` + // 1: the character before
      '(' + // 2: the link
      `(${protocol})?` + // 3: scheme
      `(${DOMAIN})` + // 4: domain
      String.raw`(?::([0-9]+))?` + // 5: port
      String.raw`(\/${path}*)?` + // 6: path
      String.raw`(\?${rules.queryChar}*${rules.queryEnding})?` + // 7: query
      ')',
    'giu',
  );
}

const FLAVORS: Record<UrlFlavor, { regex: RegExp; schemeRequired: boolean }> = {
  x: { regex: linkRegex(String.raw`https?:\/\/`, X_RULES), schemeRequired: false },
  mastodon: {
    regex: linkRegex(String.raw`(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini):\/\/`, MASTODON_RULES),
    schemeRequired: true,
  },
};

const ASCII_DOMAIN_SOURCE = String.raw`(?:(?:[\-a-z0-9${LATIN_ACCENTS}]+)\.)+(?:${TLD}|${PUNYCODE})`;
const ASCII_DOMAIN = new RegExp(ASCII_DOMAIN_SOURCE, 'giu');
const HAS_ASCII_DOMAIN = new RegExp(ASCII_DOMAIN_SOURCE, 'iu');
const TCO_URL = new RegExp(String.raw`^https?:\/\/t\.co\/([a-z0-9]+)(?:\?${X_RULES.queryChar}*${X_RULES.queryEnding})?`, 'iu');
const MAX_URL_LENGTH = 4096;
const MAX_TCO_SLUG_LENGTH = 40;
const MAX_LABEL_LENGTH = 63;

/** Links in `text`, in order, as the given platform's counter finds them. */
export function extractUrls(text: string, flavor: UrlFlavor): UrlMatch[] {
  const { regex, schemeRequired } = FLAVORS[flavor];
  // Cheap exit, as twitter-text does: no dot means no domain, no colon means no scheme.
  if (!text.includes(schemeRequired ? ':' : '.')) return [];

  const urls: UrlMatch[] = [];
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    const before = match[1] ?? '';
    const whole = match[2] ?? '';
    const protocol = match[3];
    const domain = match[4] ?? '';
    const path = match[6];
    const start = match.index + before.length;
    const end = start + whole.length;

    if (!isValidDomain(whole.length, domain, protocol)) continue;

    if (protocol) {
      // A t.co link ends after its slug; anything glued on is text.
      const tco = TCO_URL.exec(whole);
      if (tco) {
        if ((tco[1] ?? '').length > MAX_TCO_SLUG_LENGTH) continue;
        urls.push({ url: tco[0], start, end: start + tco[0].length });
      } else {
        urls.push({ url: whole, start, end });
      }
      continue;
    }

    if (schemeRequired || /[-_./]$/.test(before)) continue;
    // Without a scheme only ASCII-looking domains count; a mixed one yields its ASCII parts.
    let last: UrlMatch | undefined;
    for (const ascii of domain.matchAll(ASCII_DOMAIN)) {
      const at = start + (ascii.index ?? 0);
      last = { url: ascii[0], start: at, end: at + ascii[0].length };
      urls.push(last);
    }
    if (last && path) {
      last.end = end;
      last.url = text.slice(last.start, end);
    }
  }
  return urls;
}

function isValidDomain(urlLength: number, domain: string, protocol: string | undefined): boolean {
  // A punycode domain must be ASCII throughout.
  if (domain.toLowerCase().startsWith('xn--') && !HAS_ASCII_DOMAIN.test(domain)) return false;
  let encodedLength = 0;
  for (const label of domain.split('.')) {
    const encoded = toAsciiLabel(label);
    if (encoded.length < 1 || encoded.length > MAX_LABEL_LENGTH) return false;
    encodedLength += encoded.length;
  }
  encodedLength += domain.split('.').length - 1;
  const length = urlLength + Math.max(0, encodedLength - domain.length) + (protocol ? 0 : 'https://'.length);
  return length <= MAX_URL_LENGTH;
}

function toAsciiLabel(label: string): string {
  for (let i = 0; i < label.length; i += 1) {
    if (label.charCodeAt(i) >= 0x80) return `xn--${punycodeEncode(label)}`;
  }
  return label;
}

/** RFC 3492 Punycode of one label, without the `xn--` prefix (what `punycode.encode` returns). */
export function punycodeEncode(input: string): string {
  const BASE = 36;
  const T_MIN = 1;
  const T_MAX = 26;
  const codePoints = Array.from(input, (char) => char.codePointAt(0) ?? 0);
  const digit = (d: number) => String.fromCharCode(d + 22 + (d < 26 ? 75 : 0));
  const adapt = (delta: number, points: number, first: boolean) => {
    let d = first ? Math.floor(delta / 700) : delta >> 1;
    d += Math.floor(d / points);
    let k = 0;
    while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
      d = Math.floor(d / (BASE - T_MIN));
      k += BASE;
    }
    return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + 38));
  };

  const output = codePoints.filter((cp) => cp < 0x80).map((cp) => String.fromCharCode(cp));
  const basic = output.length;
  if (basic > 0) output.push('-');
  let n = 0x80;
  let delta = 0;
  let bias = 72;
  let handled = basic;
  while (handled < codePoints.length) {
    const next = Math.min(...codePoints.filter((cp) => cp >= n));
    delta += (next - n) * (handled + 1);
    n = next;
    for (const cp of codePoints) {
      if (cp < n) delta += 1;
      if (cp !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
        if (q < t) break;
        output.push(digit(t + ((q - t) % (BASE - t))));
        q = Math.floor((q - t) / (BASE - t));
      }
      output.push(digit(q));
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled += 1;
    }
    delta += 1;
    n += 1;
  }
  return output.join('');
}
