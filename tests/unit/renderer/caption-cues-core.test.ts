import { describe, expect, it } from 'vitest';
import { parseCaptions } from '../../../src-main/core/media/render/subtitles';
import { type CueDraft, cuesToSrt, parseCaptionText, parseCueTime } from '../../../src-renderer/features/media/caption-cues';

const cue = (start: string, end: string, text: string): CueDraft => ({ key: 0, start, end, text });

describe('the SRT the Captions form sends', () => {
  it('is read by the core as the cues the form showed', () => {
    const srt = cuesToSrt([cue('00:00.250', '00:03.000', 'Fresh beans,\n\nevery morning.'), cue('59:59.999', '1:00:01', '{Roasted} <i>in</i> town.')]);
    expect(parseCaptions(srt)).toEqual([
      { start: 0.25, end: 3, text: 'Fresh beans,\nevery morning.' },
      { start: 3599.999, end: 3601, text: '{Roasted} in town.' },
    ]);
  });

  it('reads the same times and text from SRT and WebVTT as the core', () => {
    for (const source of [
      '\uFEFF1\r\n00:00:01,000 --> 00:00:02,5\r\nOne\r\n\r\n2\r\n00:00:03.000 --> 00:00:04.000 X1:10\r\n<b>Two</b>\r\n',
      'WEBVTT\nKind: captions\n\nNOTE x\n\nid\n00:01.000 --> 00:02.000 align:start\nA &amp; B\n\n00:03.000 --> 00:04.000\n<c.loud>C</c>\n',
    ]) {
      const form = parseCaptionText(source);
      expect(form.error).toBeNull();
      expect(form.cues.map((c) => ({ start: parseCueTime(c.start), end: parseCueTime(c.end), text: c.text }))).toEqual(parseCaptions(source));
    }
  });
});
