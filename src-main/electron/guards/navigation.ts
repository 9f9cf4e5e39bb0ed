/**
 * The renderer's one origin. Every page, script and asset of the app is served from here by
 * the app:// protocol handler; anything else is foreign and may not be navigated to.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'promogpt';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/`;

/** Longer URLs are refused outright: no page of ours needs one, and parsers disagree at the edges. */
export const MAX_APP_URL_LENGTH = 4096;

// Control characters, whitespace and backslashes are where URL parsers disagree with each other.
// eslint-disable-next-line no-control-regex
const AMBIGUOUS = /[\u0000-\u0020\u007f-\u009f\\]|\s/u;

/**
 * True only for `app://promogpt/…`. Compared on the raw text first: Chromium hands us
 * canonical URLs (lowercase host, explicit `/`), so any other spelling is not ours, and a
 * prefix check cannot be fooled by `app://promogpt.evil/`, `app://promogpt@evil/` or a port.
 */
export function isAppUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length > MAX_APP_URL_LENGTH) return false;
  if (!url.startsWith(`${APP_ORIGIN}/`) || AMBIGUOUS.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
