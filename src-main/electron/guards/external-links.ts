/** Longer URLs are refused: real links are far shorter, and length hides tricks from the user. */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

// Controls, any whitespace (incl. Unicode spaces) and invisible format characters (zero-width,
// bidi overrides, BOM): URL parsers strip or keep them differently, and they disguise targets.
// eslint-disable-next-line no-control-regex
const HIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]|\s/u;

// Exactly `http://` or `https://` and then the host: WHATWG parsing would otherwise accept
// `https:evil.com`, `https:\\evil.com` and `https:///evil.com`, which a person reading the
// link does not read as the same URL.
const HTTP_PREFIX = /^https?:\/\/[^/]/i;

/**
 * Parses a URL the app may hand to the system browser, or returns null. Only plain
 * http(s) with a host and no credentials passes: never `file:`, `javascript:`, `data:`,
 * custom schemes (which launch other apps), UNC paths or backslash spellings.
 */
export function parseSafeExternalUrl(input: unknown): URL | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_EXTERNAL_URL_LENGTH) return null;
  if (HIDDEN_CHARACTERS.test(input) || input.includes('\\') || !HTTP_PREFIX.test(input)) return null;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null;
  if (url.href.length > MAX_EXTERNAL_URL_LENGTH) return null;
  return url;
}
