import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TLDS } from '../../../src-shared/platforms/tlds';
import { extractUrls, punycodeEncode } from '../../../src-shared/platforms/urls';

const urlsIn = (text: string, flavor: 'x' | 'mastodon') => extractUrls(text, flavor).map((u) => u.url);

describe('extractUrls (X)', () => {
  it.each([
    ['https://example.com', ['https://example.com']],
    ['HTTPS://WWW.ExaMPLE.COM/index.html', ['HTTPS://WWW.ExaMPLE.COM/index.html']],
    ['example.com', ['example.com']],
    ['www.example.co.uk/path?q=1', ['www.example.co.uk/path?q=1']],
    ['foo.co.jp', ['foo.co.jp']],
    ['t.co', ['t.co']],
    ['http://example.com:8080/login.php', ['http://example.com:8080/login.php']],
    ['http://test_underscore.twitter.com', ['http://test_underscore.twitter.com']],
    ['Test https://test.com test https://test.com test.com test', ['https://test.com', 'https://test.com', 'test.com']],
    ['Visit https://example.com/path.', ['https://example.com/path']],
    ['Ask https://example.com/?q=1&x=2!', ['https://example.com/?q=1&x=2']],
    ['(see https://en.wikipedia.org/wiki/Foo_(bar))', ['https://en.wikipedia.org/wiki/Foo_(bar)']],
    ['https://example.com/日本語', ['https://example.com/']],
    ['example.com/日本', ['example.com/']],
    ['http://example.com/Русские_слова', ['http://example.com/Русские_слова']],
    ['http://☃.net/', ['http://☃.net/']],
    ['http://日本.jp', ['http://日本.jp']],
    ['日本.jp', []],
    ['https://t.co/abc123xyz/extra', ['https://t.co/abc123xyz']],
    [`https://t.co/${'a'.repeat(41)}`, []],
  ])('%s', (text, expected) => {
    expect(urlsIn(text, 'x')).toEqual(expected);
  });

  it.each([
    ['no TLD', 'http://localhost:3000'],
    ['unknown TLD', 'notes.txt'],
    ['after @', 'mail me@example.com'],
    ['after $', '$example.com'],
    ['after #', '#example.com'],
    ['bare domain after a dash', '-example.com'],
    ['bare domain after a slash', 'path/example.com'],
    ['ftp is not a scheme here, and the rest follows a slash', 'ftp://example.com'],
    ['label ends with a dash', 'http://☃-.net/'],
    ['label starts with a dash', 'http://www.-domain4352.com/'],
    ['64-character label', `https://${'a'.repeat(64)}.com`],
    ['scheme without a domain', 'https://'],
  ])('finds no link: %s', (_name, text) => {
    expect(urlsIn(text, 'x')).toEqual([]);
  });

  it('accepts a 63-character label', () => {
    expect(urlsIn(`https://${'a'.repeat(63)}.com`, 'x')).toHaveLength(1);
  });

  it('reports UTF-16 indices', () => {
    expect(extractUrls('😀 see example.com/x.', 'x')).toEqual([{ url: 'example.com/x', start: 7, end: 20 }]);
  });
});

describe('extractUrls (Mastodon)', () => {
  it.each([
    ['https://example.com/日本語', ['https://example.com/日本語']],
    ['gemini://example.com/x', ['gemini://example.com/x']],
    ['see https://example.com/path.', ['https://example.com/path']],
    ['https://mastodon.social/@alice@example.com', ['https://mastodon.social/@alice@example.com']],
    ['example.com', []],
    ['ftp://example.com', []],
  ])('%s', (text, expected) => {
    expect(urlsIn(text, 'mastodon')).toEqual(expected);
  });
});

describe('punycodeEncode', () => {
  it.each(['münchen', 'bücher', '日本語', 'παράδειγμα', 'ドメイン名例', '☃', 'あいうえおかきくけこ', 'aé'])('%s matches node:url', (label) => {
    expect(`xn--${punycodeEncode(label)}`).toBe(domainToASCII(`${label}.com`).replace(/\.com$/, ''));
  });

  it('decides the 63-byte label limit the way DNS does', () => {
    const cjk = 'あいうえおかきくけこ'.repeat(5);
    expect(`xn--${punycodeEncode(`${cjk}あい`)}`.length).toBeLessThanOrEqual(63);
    expect(`xn--${punycodeEncode(`${cjk}あいう`)}`.length).toBeGreaterThan(63);
  });
});

describe('TLDS', () => {
  it('holds common, country and IDN TLDs, in lower case', () => {
    for (const tld of ['com', 'org', 'net', 'io', 'dev', 'app', 'world', 'jp', 'de', 'uk', 'co', 'рф', '中国']) {
      expect(TLDS.has(tld)).toBe(true);
    }
    expect(TLDS.has('txt')).toBe(false);
    expect([...TLDS].every((tld) => tld === tld.toLowerCase())).toBe(true);
  });
});
