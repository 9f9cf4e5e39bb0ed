import { describe, expect, it } from 'vitest';
import { loudnessArgs, MAX_LOUDNESS_SECONDS, parseIntegratedLoudness, shouldMeasureLoudness } from '../../../src-main/core/media/loudness';

const summary = (i: string) => `[Parsed_ebur128_0 @ 0x55f64ccd8d40] Summary:

  Integrated loudness:
    I:         ${i} LUFS
    Threshold: -31.3 LUFS

  Loudness range:
    LRA:         0.0 LU
    Threshold: -41.3 LUFS
    LRA low:   -21.3 LUFS
    LRA high:  -21.3 LUFS
`;

describe('parseIntegratedLoudness (ebur128 summary in ffmpeg stderr)', () => {
  it('reads the integrated loudness, to 0.1 LU', () => {
    expect(parseIntegratedLoudness(`Input #0, mp3, from 'file:x':\n  Duration: 00:03:00.00\n${summary('-21.3')}`)).toBe(-21.3);
    expect(parseIntegratedLoudness(summary('-14.26'))).toBe(-14.3);
    expect(parseIntegratedLoudness(summary('-5.0'))).toBe(-5);
  });

  it('reads the last summary, not a tag that looks like one', () => {
    expect(parseIntegratedLoudness(`    comment: Summary: I: -1.0 LUFS\n${summary('-18.0')}`)).toBe(-18);
  });

  it('gives null for silence (the -70 LUFS gate, -inf, nan) and for no summary', () => {
    expect(parseIntegratedLoudness(summary('-70.0'))).toBeNull();
    expect(parseIntegratedLoudness(summary('-inf'))).toBeNull();
    expect(parseIntegratedLoudness(summary('nan'))).toBeNull();
    expect(parseIntegratedLoudness('')).toBeNull();
    expect(parseIntegratedLoudness('Conversion failed!')).toBeNull();
    expect(parseIntegratedLoudness('[Parsed_ebur128_0] Summary:\n')).toBeNull();
  });
});

describe('shouldMeasureLoudness (only where cheap)', () => {
  it('measures files with sound up to 15 minutes', () => {
    expect(MAX_LOUDNESS_SECONDS).toBe(900);
    expect(shouldMeasureLoudness({ audioCodec: 'aac', durationSeconds: 180 })).toBe(true);
    expect(shouldMeasureLoudness({ audioCodec: 'mp3', durationSeconds: 900 })).toBe(true);
  });

  it('skips files without sound, longer ones, and unknown lengths', () => {
    expect(shouldMeasureLoudness({ audioCodec: null, durationSeconds: 10 })).toBe(false);
    expect(shouldMeasureLoudness({ audioCodec: 'aac', durationSeconds: 900.5 })).toBe(false);
    expect(shouldMeasureLoudness({ audioCodec: 'aac', durationSeconds: null })).toBe(false);
    expect(shouldMeasureLoudness({ audioCodec: 'aac', durationSeconds: Number.NaN })).toBe(false);
    expect(shouldMeasureLoudness({ audioCodec: 'aac', durationSeconds: 60 }, 30)).toBe(false);
  });
});

describe('loudnessArgs', () => {
  it('reads the file as a file, decodes only the first audio stream, writes nothing', () => {
    const args = loudnessArgs('-weird name.mp3');
    expect(args[args.indexOf('-i') + 1]).toBe('file:-weird name.mp3');
    expect(args).toEqual(expect.arrayContaining(['-nostdin', '-vn', '-map', '0:a:0', '-af', 'ebur128=framelog=verbose']));
    expect(args.slice(-3)).toEqual(['-f', 'null', '-']);
  });
});
