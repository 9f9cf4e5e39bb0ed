import { describe, expect, it } from 'vitest';
import { countMastodon } from '../../../src-shared/platforms/text-length';

const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';
const URL_120 = `https://example.com/${'a'.repeat(100)}`;

describe('countMastodon', () => {
  it.each([
    ['empty', '', 0],
    ['plain text', 'hello world', 11],
    ['a link with a scheme counts 23', URL_120, 23],
    ['text around a link', `see ${URL_120} now`, 4 + 23 + 4],
    ['a bare domain counts in full', 'example.com', 11],
    ['a link with a CJK path is one link', 'https://example.com/日本語 x', 25],
    ['gemini link', 'gemini://example.com/capsule', 23],
    ['ftp is not a link scheme', 'ftp://example.com', 17],
    ['remote mention counts as @user', '@alice@mastodon.social hi', 9],
    ['local mention unchanged', '@alice hi', 9],
    ['remote mention with a dotted username', '@first.last@example.social', 11],
    ['a mention inside a link stays part of the link', 'https://mastodon.social/@alice@example.com', 23],
    ['an email address is neither', 'bob@example.com', 15],
    ['graphemes, not code points', FAMILY.repeat(3), 3],
    ['flags', '\u{1F1EF}\u{1F1F5}\u{1F1FA}\u{1F1F8}', 2],
    ['decomposed é is one', 'e\u0301', 1],
    ['Arabic with vowel marks', '\u0645\u064E\u0631\u0652\u062D\u064E\u0628\u064B\u0627', 5],
  ])('%s', (_name, text, expected) => {
    expect(countMastodon(text)).toBe(expected);
  });

  it('uses the instance characters_reserved_per_url', () => {
    expect(countMastodon(URL_120, { charactersReservedPerUrl: 30 })).toBe(30);
    expect(countMastodon(`a ${URL_120} b https://x.org`, { charactersReservedPerUrl: 10 })).toBe(2 + 10 + 3 + 10);
  });

  it('is exactly 500 at the default limit and 501 one over', () => {
    expect(countMastodon(`${'a'.repeat(476)} ${URL_120}`)).toBe(500);
    expect(countMastodon(`${'a'.repeat(477)} ${URL_120}`)).toBe(501);
    expect(countMastodon(FAMILY.repeat(500))).toBe(500);
  });
});
