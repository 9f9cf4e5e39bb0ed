import { describe, expect, it } from 'vitest';
import { MAX_EXTERNAL_URL_LENGTH, parseSafeExternalUrl } from '../../../src-main/electron/guards/external-links';

describe('parseSafeExternalUrl', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['http://example.com/a?b=c#d', 'http://example.com/a?b=c#d'],
    ['HTTPS://Example.COM/Path', 'https://example.com/Path'],
    ['https://bsky.app/profile/someone.bsky.social', 'https://bsky.app/profile/someone.bsky.social'],
    ['https://例え.jp/', 'https://xn--r8jz45g.jp/'],
    ['https://127.0.0.1:8443/callback', 'https://127.0.0.1:8443/callback'],
  ])('accepts %s', (input, href) => {
    expect(parseSafeExternalUrl(input)?.href).toBe(href);
  });

  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    ['javascript://example.com/%0aalert(1)'],
    ['file:///etc/passwd'],
    ['file://server/share/x'],
    ['data:text/html,<script>alert(1)</script>'],
    ['vbscript:msgbox(1)'],
    ['blob:https://example.com/uuid'],
    ['ms-msdt:/id PCWDiagnostic'],
    ['search-ms:query=x'],
    ['smb://server/share'],
    ['mailto:someone@example.com'],
    ['ftp://example.com/'],
    ['app://promogpt/index.html'],
    ['chrome://settings'],
    ['about:blank'],
    ['\\\\server\\share\\x.exe'],
    ['//server/share'],
    ['https:\\\\evil.example'],
    ['https:/\\evil.example'],
    ['https://good.example\\@evil.example'],
    ['https:evil.example'],
    ['https:/evil.example'],
    ['https://user:pass@example.com/'],
    ['https://user@example.com/'],
    ['https://:pass@example.com/'],
    [' https://example.com'],
    ['https://example.com '],
    ['\thttps://example.com'],
    ['java\tscript:alert(1)'],
    ['https://exa\nmple.com'],
    ['https://example.com/\u0000'],
    ['\u0000https://example.com'],
    ['https://example.com/\u202eexe.txt'],
    ['https://exa\u200bmple.com'],
    ['\ufeffhttps://example.com'],
    ['https://example.com/\u00a0'],
    ['https://'],
    ['https:///path'],
    ['https:////evil.example'],
    ['http://[::1'],
    ['not a url'],
    [''],
  ])('refuses %j', (input) => {
    expect(parseSafeExternalUrl(input)).toBeNull();
  });

  it('refuses non-strings', () => {
    for (const input of [undefined, null, 42, {}, ['https://example.com'], new URL('https://example.com')]) {
      expect(parseSafeExternalUrl(input)).toBeNull();
    }
  });

  it('accepts a URL at the length limit and refuses one past it', () => {
    const base = 'https://example.com/';
    const atLimit = base + 'a'.repeat(MAX_EXTERNAL_URL_LENGTH - base.length);
    expect(parseSafeExternalUrl(atLimit)?.href).toBe(atLimit);
    expect(parseSafeExternalUrl(`${atLimit}a`)).toBeNull();
  });

  it('refuses a URL that grows past the limit when normalized', () => {
    // Each raw space-like character becomes three when percent-encoded.
    const input = 'https://example.com/' + '"'.repeat(MAX_EXTERNAL_URL_LENGTH - 40);
    expect(input.length).toBeLessThanOrEqual(MAX_EXTERNAL_URL_LENGTH);
    expect(parseSafeExternalUrl(input)).toBeNull();
  });

  it('returns a fresh URL object each time', () => {
    const a = parseSafeExternalUrl('https://example.com/');
    const b = parseSafeExternalUrl('https://example.com/');
    expect(a).not.toBe(b);
    expect(a).toBeInstanceOf(URL);
  });
});
