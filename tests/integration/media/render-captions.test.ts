// Burned-in captions: pixels change where the captions are and nowhere else; hostile text is drawn
// as written; hostile folder names survive filter escaping; only the shipped font is used.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RenderInput } from '../../../src-main/core/media/render/plan';
import { planRender } from '../../../src-main/core/media/render/plan';
import { tempDir } from '../../helpers/core';
import { changedShare, context, ffmpeg, FONTS_DIR, inputsOf, probe, render, rgbFrame } from './render-helpers';

const W = 320;
const H = 240;
let dir: string;
let inputs: Map<string, RenderInput>;
let plain: Buffer;

beforeAll(async () => {
  dir = tempDir('promogpt-render-captions-');
  // A flat colour: every pixel a caption touches differs from it.
  ffmpeg(
    ...['-f', 'lavfi', '-i', `color=c=0x3050a0:size=${W}x${H}:rate=25:duration=2`, '-f', 'lavfi', '-i', 'sine=duration=2'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path.join(dir, 'flat.mp4')],
  );
  inputs = await inputsOf({ flat: path.join(dir, 'flat.mp4') });
  plain = rgbFrame(path.join(dir, 'flat.mp4'), 1, W, H);
});

const srt = (text: string) => `1\n00:00:00,000 --> 00:00:02,000\n${text}\n`;

/** Captions at the bottom of the flat video; returns the frame at 1 s. */
async function burn(text: string, ctx?: Awaited<ReturnType<typeof context>>): Promise<Buffer> {
  const { file } = await render({ kind: 'captions', videoId: 'flat', captions: srt(text), style: { size: 60 } }, inputs, ctx);
  const p = probe(file);
  expect(p.video).toMatchObject({ codec: 'h264', width: W, height: H });
  expect(p.audio?.codec).toBe('aac');
  expect(Math.abs(p.duration - 2)).toBeLessThanOrEqual(0.1);
  return rgbFrame(file, 1, W, H);
}

/** How many pixels and rows the caption lit (differ from the flat frame). */
function lit(frame: Buffer): { pixels: number; rows: number } {
  let pixels = 0;
  let rows = 0;
  for (let y = 0; y < H; y++) {
    let row = 0;
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      if (Math.abs((frame[i] ?? 0) - (plain[i] ?? 0)) + Math.abs((frame[i + 1] ?? 0) - (plain[i + 1] ?? 0)) + Math.abs((frame[i + 2] ?? 0) - (plain[i + 2] ?? 0)) > 60) row++;
    }
    pixels += row;
    if (row > 0) rows++;
  }
  return { pixels, rows };
}

describe('captions', { timeout: 120_000 }, () => {
  const savedFontconfig = process.env.FONTCONFIG_FILE;
  afterEach(() => {
    if (savedFontconfig === undefined) delete process.env.FONTCONFIG_FILE;
    else process.env.FONTCONFIG_FILE = savedFontconfig;
  });

  it('changes pixels in the caption area at the bottom and barely anywhere else, with the shipped font only', async () => {
    // An empty fontconfig: no system font can be found, so any text drawn came from resources/fonts.
    const conf = path.join(dir, 'fonts.conf');
    fs.writeFileSync(conf, '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n');
    process.env.FONTCONFIG_FILE = conf;
    const frame = await burn('Hello captions');
    expect(changedShare(plain, frame, W, Math.round(H * 0.6), H)).toBeGreaterThan(0.01);
    expect(changedShare(plain, frame, W, 0, Math.round(H * 0.5))).toBeLessThan(0.002);
  });

  it('draws {\\b1}, backslashes, quotes and \\N as written, never as ASS overrides', async () => {
    const base = lit(await burn('AB'));
    const braces = lit(await burn('{\\b1}AB'));
    // An override would vanish and leave "AB"; drawn literally it adds glyphs.
    expect(braces.pixels).toBeGreaterThan(base.pixels * 1.5);
    const backslashN = lit(await burn('A\\NB'));
    const twoLines = lit(await burn('A\nB'));
    // A real newline in the cue makes two lines; a typed "\N" stays on one.
    expect(twoLines.rows).toBeGreaterThan(base.rows * 1.6);
    expect(backslashN.rows).toBeLessThan(twoLines.rows);
    expect(backslashN.pixels).toBeGreaterThan(base.pixels * 1.3);
    const quotes = lit(await burn(`"it's" {x} \\\\ ; , :`));
    expect(quotes.pixels).toBeGreaterThan(base.pixels);
  });

  it("works when the work and fonts folders hold ' , : ; [ ] = \\ and spaces", async () => {
    const hostile = path.join(tempDir('promogpt-render-hostile-'), "it's, a: [weird]; dir = \\ here");
    const workDir = path.join(hostile, 'work ; dir');
    const fontsDir = path.join(hostile, "fonts, 'n: stuff");
    fs.mkdirSync(workDir, { recursive: true });
    fs.mkdirSync(fontsDir, { recursive: true });
    for (const f of fs.readdirSync(FONTS_DIR)) fs.copyFileSync(path.join(FONTS_DIR, f), path.join(fontsDir, f));
    const frame = await burn('Escaped', await context({ workDir, fontsDir }));
    expect(changedShare(plain, frame, W, Math.round(H * 0.6), H)).toBeGreaterThan(0.01);
    expect(fs.existsSync(path.join(workDir, 'captions.ass'))).toBe(true);
  });

  it('refuses a malformed SRT, naming the caption and line', async () => {
    const ctx = await context();
    const bad = '1\n00:00:00,000 --> 00:00:01,000\nfine\n\n2\n00:00:01,000 --> 00:00:0x,000\nbroken\n';
    expect(() => planRender({ kind: 'captions', videoId: 'flat', captions: bad }, inputs, ctx)).toThrow(/Caption 2 at line 6: “00:00:0x,000” is not a time/);
  });
});
