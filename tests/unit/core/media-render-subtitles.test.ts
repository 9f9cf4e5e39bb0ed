import { describe, expect, it } from 'vitest';
import { assColour, assTime, escapeAssText, parseCaptions, parseTimestamp, writeAss } from '../../../src-main/core/media/render/subtitles';

describe('parseCaptions: SRT', () => {
  it('reads cues with a BOM, CRLF, comma or dot millis, and multi-line text', () => {
    const srt = '\uFEFF1\r\n00:00:01,000 --> 00:00:02,500\r\nHello\r\nworld\r\n\r\n2\r\n00:00:03.25 --> 00:01:04.125 X1:10 X2:20 Y1:1 Y2:2\r\n<i>Second</i> cue\r\n';
    expect(parseCaptions(srt)).toEqual([
      { start: 1, end: 2.5, text: 'Hello\nworld' },
      { start: 3.25, end: 64.125, text: 'Second cue' },
    ]);
  });

  it('allows overlapping cues and extra blank lines', () => {
    const srt = '\n\n1\n00:00:00,000 --> 00:00:02,000\nA\n\n\n\n2\n00:00:01,000 --> 00:00:03,000\nB\n\n';
    expect(parseCaptions(srt).map((c) => c.text)).toEqual(['A', 'B']);
  });

  it('names the caption number and line of a bad time', () => {
    const srt = '1\n00:00:00,000 --> 00:00:01,000\nok\n\n7\n00:00:02,000 --> 00:00:0x,000\nbad\n';
    expect(() => parseCaptions(srt)).toThrow('Caption 7 at line 6: “00:00:0x,000” is not a time like 00:01:02,500. Fix that time in the captions.');
    expect(() => parseCaptions('1\n00:61:00,000 --> 00:62:00,000\nx\n')).toThrow(/Caption 1 at line 2: “00:61:00,000”/);
  });

  it('names a caption that ends before it starts, or has no time line', () => {
    expect(() => parseCaptions('1\n00:00:02,000 --> 00:00:01,000\nx\n')).toThrow('Caption 1 at line 2 ends before it starts. Fix its times in the captions.');
    expect(() => parseCaptions('1\n00:00:01,000 --> 00:00:02,000\nx\n\n2\njust text\n')).toThrow(/Caption 2 at line 5 has no time line/);
  });

  it('refuses text with no cues', () => {
    expect(() => parseCaptions('')).toThrow(/no cues/);
    expect(() => parseCaptions('WEBVTT\n\nNOTE nothing here\n')).toThrow(/no cues/);
  });
});

describe('parseCaptions: WebVTT', () => {
  it('skips the header, NOTE, STYLE and REGION blocks; reads ids, hour-less times and cue settings', () => {
    const vtt = [
      'WEBVTT - a title',
      'Kind: captions',
      '',
      'NOTE a comment',
      'over two lines',
      '',
      'STYLE',
      '::cue { color: red }',
      '',
      'REGION',
      'id:fred width:40%',
      '',
      'intro',
      '00:01.000 --> 00:02.500 align:start position:10%',
      '<v Roger>Hi &amp; <c.loud>welcome</c> &lt;3',
      '',
      '01:00:00.000 --> 01:00:01.000',
      'Late <00:00:00.500>karaoke',
    ].join('\n');
    expect(parseCaptions(vtt)).toEqual([
      { start: 1, end: 2.5, text: 'Hi & welcome <3' },
      { start: 3600, end: 3601, text: 'Late karaoke' },
    ]);
  });

  it('names the cue by number and id', () => {
    expect(() => parseCaptions('WEBVTT\n\nfirst\n00:01.000 --> 00:02.000\na\n\nsecond\n00:03.000 --> nope\nb\n')).toThrow(/Cue 2 \(“second”\) at line 8: “nope” is not a time/);
  });
});

describe('timestamps', () => {
  it('parses SRT and VTT forms, and nothing else', () => {
    expect(parseTimestamp('00:00:01,5')).toBe(1.5);
    expect(parseTimestamp('1:02:03.004')).toBeCloseTo(3723.004, 6);
    expect(parseTimestamp('02:03.004')).toBeCloseTo(123.004, 6);
    for (const bad of ['', '1', '00:00:01', '00:00:60,000', 'aa:bb:cc,ddd', '00:00:01,0000']) expect(parseTimestamp(bad)).toBeNull();
  });

  it('writes ASS times in centiseconds', () => {
    expect(assTime(0)).toBe('0:00:00.00');
    expect(assTime(3723.456)).toBe('1:02:03.46');
  });
});

describe('ASS output', () => {
  it('escapes override braces, backslashes and newlines so the text is drawn as written', () => {
    expect(escapeAssText('{\\b1}bold')).toBe('\\{\\\u2060b1}bold');
    expect(escapeAssText('a\\Nb')).toBe('a\\\u2060Nb');
    expect(escapeAssText('line one\nline two')).toBe('line one\\Nline two');
    expect(escapeAssText('"quotes", commas: ; \'x\'')).toBe('"quotes", commas: ; \'x\'');
    expect(escapeAssText('bell\u0007\ttab')).toBe('belltab');
    // No "{" survives without its escaping backslash.
    expect(escapeAssText('{{\\{')).not.toMatch(/(^|[^\\])\{/);
  });

  it('writes a script sized to the video, in the shipped font, coloured and placed as asked', () => {
    const ass = writeAss([{ start: 1, end: 2, text: 'Hi, {there}\nyou' }], { size: 48, colour: '#ff8000', outline: '#000010', position: 'top' }, 720, 1280);
    expect(ass).toContain('PlayResX: 720\nPlayResY: 1280\n');
    const style = ass.split('\n').find((l) => l.startsWith('Style: ')) as string;
    const fields = style.slice('Style: '.length).split(',');
    expect(fields[1]).toBe('DejaVu Sans');
    // 48 px of a 1080-high frame on a 1280-high one.
    expect(fields[2]).toBe(String(Math.round((48 * 1280) / 1080)));
    expect(fields[3]).toBe('&H000080FF');
    expect(fields[5]).toBe('&H00100000');
    expect(fields[7]).toBe('-1');
    expect(fields[18]).toBe('8');
    expect(ass).toContain('Dialogue: 0,0:00:01.00,0:00:02.00,Caption,,0,0,0,,Hi, \\{there}\\Nyou\n');
    expect(writeAss([{ start: 0, end: 1, text: 'x' }], { size: 48, colour: '#ffffff', outline: '#000000', position: 'middle' }, 320, 240)).toMatch(/,5,\d+,\d+,\d+,1\n/);
  });

  it('refuses a colour that is not #rrggbb', () => {
    expect(assColour('#A0b1C2')).toBe('&H00C2B1A0');
    expect(() => assColour('red')).toThrow(/not a colour/);
  });
});
