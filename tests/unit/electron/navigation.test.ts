import { describe, expect, it } from 'vitest';
import { isTrustedIpcSender } from '../../../src-main/electron/guards/ipc-sender';
import { APP_ENTRY_URL, APP_ORIGIN, isAppUrl, MAX_APP_URL_LENGTH } from '../../../src-main/electron/guards/navigation';

describe('isAppUrl', () => {
  it('names the app origin exactly', () => {
    expect(APP_ORIGIN).toBe('app://promogpt');
    expect(APP_ENTRY_URL).toBe('app://promogpt/');
  });

  it.each(['app://promogpt/', 'app://promogpt/index.html', 'app://promogpt/assets/index-abc.js?x=1#top', 'app://promogpt/#/workspaces/ws1'])(
    'accepts %s',
    (url) => {
      expect(isAppUrl(url)).toBe(true);
    },
  );

  it.each([
    'app://promogpt',
    'app://PROMOGPT/',
    'APP://promogpt/',
    'app://promogpt.evil.example/',
    'app://promogpt@evil.example/',
    'app://user:pass@promogpt/',
    'app://promogpt:8080/',
    'app://evil/',
    'app:promogpt/',
    'app:/promogpt/',
    'app:///promogpt/',
    'app://promogpt\\evil/',
    'app://promogpt/\\..\\x',
    'app://promogpt/\u0000',
    'app://promogpt/ x',
    'app://promogpt/\nx',
    ' app://promogpt/',
    'https://promogpt/',
    'http://localhost:5173/',
    'file:///index.html',
    'javascript:alert(1)//app://promogpt/',
    'about:blank',
    'devtools://devtools/',
    '',
  ])('refuses %j', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });

  it('refuses non-strings and overlong URLs', () => {
    expect(isAppUrl(undefined)).toBe(false);
    expect(isAppUrl(null)).toBe(false);
    expect(isAppUrl({ toString: () => 'app://promogpt/' })).toBe(false);
    const atLimit = APP_ENTRY_URL + 'a'.repeat(MAX_APP_URL_LENGTH - APP_ENTRY_URL.length);
    expect(isAppUrl(atLimit)).toBe(true);
    expect(isAppUrl(`${atLimit}a`)).toBe(false);
  });
});

describe('isTrustedIpcSender', () => {
  it('trusts the top frame of an app page', () => {
    expect(isTrustedIpcSender({ url: 'app://promogpt/index.html', parent: null })).toBe(true);
  });

  it('refuses sub-frames, even same-origin ones', () => {
    const top = { url: 'app://promogpt/', parent: null };
    expect(isTrustedIpcSender({ url: 'app://promogpt/frame.html', parent: top })).toBe(false);
  });

  it('refuses foreign pages and missing frames', () => {
    expect(isTrustedIpcSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedIpcSender({ url: 'file:///tmp/x.html', parent: null })).toBe(false);
    expect(isTrustedIpcSender({ url: '', parent: null })).toBe(false);
    expect(isTrustedIpcSender(null)).toBe(false);
    expect(isTrustedIpcSender(undefined)).toBe(false);
  });

  it('refuses a disposed frame whose properties throw', () => {
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
      parent: null,
    };
    expect(isTrustedIpcSender(disposed)).toBe(false);
  });
});
