import { describe, expect, it } from 'vitest';
import { X_TEXT_CONFIG, countXWeighted } from '../../../src-shared/platforms/text-length';

const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';
const URL_100 = `https://example.com/${'a'.repeat(80)}`;

describe('countXWeighted: limits', () => {
  it('uses twitter-text v3 configuration', () => {
    expect(X_TEXT_CONFIG).toMatchObject({ maxWeightedTweetLength: 280, scale: 100, defaultWeight: 200, transformedURLLength: 23 });
  });

  it.each([
    ['280 ASCII', 'a'.repeat(280), 280],
    ['281 ASCII', 'a'.repeat(281), 281],
    ['140 CJK', '故'.repeat(140), 280],
    ['141 CJK', '故'.repeat(141), 282],
    ['139 CJK and 2 ASCII', `${'故'.repeat(139)}ab`, 280],
    ['140 Hangul syllables', '한'.repeat(140), 280],
    ['140 ZWJ families', FAMILY.repeat(140), 280],
    ['141 ZWJ families', FAMILY.repeat(141), 282],
    ['a 100-character URL', URL_100, 23],
    ['256 ASCII, a space and a long URL', `${'a'.repeat(256)} ${URL_100}`, 280],
    ['257 ASCII, a space and a long URL', `${'a'.repeat(257)} ${URL_100}`, 281],
    ['empty', '', 0],
  ])('%s', (_name, text, expected) => {
    expect(countXWeighted(text)).toBe(expected);
  });
});

describe('countXWeighted: emoji', () => {
  it.each([
    ['ZWJ family', FAMILY, 2],
    ['flag', '\u{1F1EF}\u{1F1F5}', 2],
    ['two flags', '\u{1F1EF}\u{1F1F5}\u{1F1FA}\u{1F1F8}', 4],
    ['England tag flag', '\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}', 2],
    ['rainbow flag (VS16 inside a ZWJ sequence)', '\u{1F3F3}\uFE0F\u200D\u{1F308}', 2],
    ['skin tone', '\u{1F44D}\u{1F3FD}', 2],
    ['skin tone after a non-person emoji is its own emoji', '\u{1F355}\u{1F3FD}', 4],
    ['person with skin tone in a ZWJ sequence', '\u{1F9D1}\u{1F3FD}\u200D\u{1F4BB}', 2],
    ['keycap with VS16', '1\uFE0F\u20E3', 2],
    ['keycap without VS16 (Latin base, counted as emoji)', '1\u20E3', 2],
    ['a lone digit is text', '1', 1],
    ['© alone is text', '\u00A9', 1],
    ['© with VS16 is emoji', '\u00A9\uFE0F', 2],
    ['™ alone', '\u2122', 2],
    ['red heart with VS16', '\u2764\uFE0F', 2],
    ['heart with VS15 is text: heart plus selector', '\u2764\uFE0E', 4],
    ['☺ without selector', '\u263A', 2],
  ])('%s', (_name, text, expected) => {
    expect(countXWeighted(text)).toBe(expected);
  });
});

describe('countXWeighted: normalisation and scripts', () => {
  it('normalises to NFC first: e + combining acute weighs like é', () => {
    expect(countXWeighted('e\u0301')).toBe(1);
    expect(countXWeighted('e\u0301'.repeat(280))).toBe(280);
  });

  it('normalises decomposed Hangul: three jamo weigh like one syllable', () => {
    expect(countXWeighted('\u1112\u1161\u11AB')).toBe(countXWeighted('한'));
    expect(countXWeighted('한')).toBe(2);
  });

  it('counts marks that do not compose one by one', () => {
    expect(countXWeighted(`Z${'\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309'}`)).toBe(11);
    expect(countXWeighted('\u0645\u064E\u0631\u0652\u062D\u064E\u0628\u064B\u0627')).toBe(9); // Arabic with vowel marks
  });

  it('weighs Hebrew and Arabic letters 1 and directional marks 2', () => {
    expect(countXWeighted('שלום עולם')).toBe(9);
    expect(countXWeighted('مرحبا')).toBe(5);
    expect(countXWeighted('\u200F')).toBe(2);
    expect(countXWeighted('\u200E')).toBe(2);
  });

  it('weighs general punctuation 1 in the configured ranges and 2 outside', () => {
    expect(countXWeighted('\u2014\u2019\u201C\u2032')).toBe(4); // — ’ “ ′
    expect(countXWeighted('\u2026')).toBe(2); // … (U+2026) is outside every range
  });
});

// Cases from twitter-text's conformance suite (conformance/validate.yml,
// WeightedTweetsWithDiscountedEmojiCounterTest and UnicodeDirectionalMarkerCounterTest).
describe('countXWeighted: twitter-text conformance', () => {
  const cjk = 'あいうえおかきくけこ';
  it.each([
    ['Regular Tweet with url', 'Hi http://test.co', 26],
    ['Just url', 'http://test.co', 23],
    ['Count multiple URLs correctly', 'Test https://test.com test https://test.com test.com test', 86],
    ["'Á' is normalized into 1 char", 'A\u0301B', 2],
    ['שּׁ is normalized into 3 chars', 'A\uFB2C', 4],
    ['Count a mix of single byte single word, and double word unicode characters', `H\u{1F431}\u263A${FAMILY}`, 7],
    ['Count unicode emoji chars inside the basic multilingual plane', '\u{1F637}\u{1F47E}\u{1F621}\u{1F525}\u{1F4A9}', 10],
    ['Emoji with skin tone modifiers', '\u{1F64B}\u{1F3FD}\u{1F468}\u200D\u{1F3A4}', 4],
    ['Emoji with a leading character in the latin range is counted as 2', '1\u20E3', 2],
    ['Unicode 10.0 emoji', 'Unicode 10.0 emoji: \u{1F92A}; \u{1F9D5}; \u{1F9D5}\u{1F3FE}; \u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}', 34],
    ['Unicode 9.0 emoji', 'Unicode 9.0 emoji: \u{1F920}; \u{1F483}; \u{1F483}\u{1F3FE}', 29],
    [
      'General punctuation with visible spaces, no ZWJ/ZWNJ',
      'This is a tweet with general punctuation characters: \u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B \u2010 \u2011 \u2012 \u2013 \u2014 \u2015 \u2016  \u2017 \u2018 \u2019 \u201A \u201B \u201C \u201D \u201E \u201F \u2032 \u2033 \u2034 \u2035 \u2036 \u2037',
      110,
    ],
    ['A 64-character domain label is not a link', `${'randomurl'.repeat(7)}s.com`, 68],
    ['Directional characters around a link', '\u2066\u202Ahttp://foobar.\u067E\u0627\u06A9\u0633\u062A\u0627\u0646/\u202C\u2069', 31],
    ['Invalid characters still count', 'ABC\u202A\uFFFFABC\uFFFE', 12],
    ['Host over 63 bytes of punycode is not a link', `${cjk.repeat(12)} http://${cjk.repeat(5)}あいう.com`, 358],
    ['Host within 63 bytes of punycode is a link', `${cjk.repeat(12)} http://${cjk.repeat(5)}あい.com`, 264],
  ])('%s', (_name, text, expected) => {
    expect(countXWeighted(text)).toBe(expected);
  });
});

describe('countXWeighted: links', () => {
  it.each([
    ['bare domain', 'example.com', 23],
    ['bare domain with path', 'example.com/path/to/page?x=1', 23],
    ['any TLD in the list makes a link', 'hello.world', 23],
    ['not a TLD: counted as text', 'file.txt', 8],
    ['abbreviation', 'e.g. i.e.', 9],
    ['after @ it is an address, not a link', '@example.com', 12],
    ['CJK path: the link ends where the path characters end', 'https://example.com/日本語', 23 + 6],
    ['Cyrillic path stays in the link', 'http://example.com/Русские_слова', 23],
    ['Latin-accented path stays in the link', 'https://de.wikipedia.org/wiki/Straße', 23],
    ['percent-encoded path', 'https://ja.wikipedia.org/wiki/%E6%97%A5%E6%9C%AC', 23],
    ['IDN host with scheme', 'http://☃.net/', 23],
    ['IDN host without scheme is text', '日本.jp', 7],
    ['Latin-accented host without scheme', 'münchen.de', 23],
    ['trailing full stop is text', 'Visit https://example.com/path.', 6 + 23 + 1],
    ['balanced parentheses stay in the link', '(see https://en.wikipedia.org/wiki/Foo_(bar))', 5 + 23 + 1],
    ['t.co link', 'https://t.co/abc123xyz', 23],
  ])('%s', (_name, text, expected) => {
    expect(countXWeighted(text)).toBe(expected);
  });

  it('honours a different link length', () => {
    expect(countXWeighted(`see ${URL_100}`, { transformedUrlLength: 30 })).toBe(34);
  });
});
