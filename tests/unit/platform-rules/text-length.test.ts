import { describe, expect, it } from 'vitest';
import { countBluesky, countCodePoints, countGraphemes, utf8Bytes } from '../../../src-shared/platforms/text-length';

const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}'; // 👨‍👩‍👧‍👦: 7 code points, 25 bytes
const FLAG_JP = '\u{1F1EF}\u{1F1F5}'; // 🇯🇵
const E_NFD = 'e\u0301'; // é as e + combining acute
const HAN_NFD = '\u1112\u1161\u11AB'; // 한 as three jamo
const MARHABA = '\u0645\u064E\u0631\u0652\u062D\u064E\u0628\u064B\u0627'; // مَرْحَبًا: 5 letters, 4 vowel marks

describe('countGraphemes', () => {
  it.each([
    ['empty', '', 0],
    ['ASCII', 'hello', 5],
    ['a ZWJ family is one', FAMILY, 1],
    ['a flag is one', FLAG_JP, 1],
    ['two flags are two', `${FLAG_JP}\u{1F1FA}\u{1F1F8}`, 2],
    ['skin tone joins its emoji', '\u{1F44D}\u{1F3FD}', 1],
    ['keycap is one', '1\uFE0F\u20E3', 1],
    ['England tag flag is one', '\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}', 1],
    ['combining acute joins its letter', E_NFD, 1],
    ['ten stacked marks stay one', `Z${'\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309'}`, 1],
    ['CR LF is one', 'a\r\nb', 3],
    ['Hangul syllables', '한국어', 3],
    ['decomposed Hangul is still one', HAN_NFD, 1],
    ['Arabic vowel marks join their letters', MARHABA, 5],
    ['Hebrew', 'שלום', 4],
    ['a right-to-left mark is its own', '\u200Fשלום', 5],
    ['CJK', '日本語', 3],
  ])('%s', (_name, text, expected) => {
    expect(countGraphemes(text)).toBe(expected);
  });

  it('counts long emoji text by grapheme, not by UTF-16 unit', () => {
    const text = FAMILY.repeat(300);
    expect(text.length).toBe(3300);
    expect(countGraphemes(text)).toBe(300);
  });
});

describe('utf8Bytes', () => {
  it.each([
    ['', 0],
    ['a', 1],
    ['é', 2],
    [E_NFD, 3],
    ['日', 3],
    ['\u{1F600}', 4],
    [FAMILY, 25],
    [FLAG_JP, 8],
    ['\uD800', 3], // a lone surrogate goes out as U+FFFD
  ])('%j is %i bytes', (text, expected) => {
    expect(utf8Bytes(text)).toBe(expected);
  });
});

describe('countCodePoints', () => {
  it('counts astral characters once, not as two UTF-16 units', () => {
    expect('\u{1F600}'.length).toBe(2);
    expect(countCodePoints('\u{1F600}')).toBe(1);
    expect(countCodePoints(FAMILY)).toBe(7);
    expect(countCodePoints(MARHABA)).toBe(9);
  });
});

describe('countBluesky', () => {
  it('counts graphemes and bytes of the text as sent, without normalising', () => {
    expect(countBluesky('é')).toEqual({ graphemes: 1, bytes: 2 });
    expect(countBluesky(E_NFD)).toEqual({ graphemes: 1, bytes: 3 });
    expect(countBluesky(FAMILY.repeat(120))).toEqual({ graphemes: 120, bytes: 3000 });
  });
});
