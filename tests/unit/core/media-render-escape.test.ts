import { describe, expect, it } from 'vitest';
import { escapeFilterPath } from '../../../src-main/core/media/render/escape';

/**
 * ffmpeg's av_get_token (libavutil/avstring.c): reads up to an unescaped character of `term`;
 * `\x` gives x, '…' gives its contents as is; whitespace is trimmed at both ends unless escaped
 * or quoted. Returns the token and what is left.
 */
function getToken(s: string, term: string): { token: string; rest: string } {
  let i = 0;
  while (i < s.length && ' \n\t\r'.includes(s[i] as string)) i++;
  let out = '';
  let end = 0;
  while (i < s.length && !term.includes(s[i] as string)) {
    const c = s[i++] as string;
    if (c === '\\' && i < s.length) {
      out += s[i++];
      end = out.length;
    } else if (c === "'") {
      while (i < s.length && s[i] !== "'") out += s[i++];
      if (i < s.length) {
        i++;
        end = out.length;
      }
    } else {
      out += c;
    }
  }
  let trimmed = out.length;
  while (trimmed > end && ' \n\t\r'.includes(out[trimmed - 1] as string)) trimmed--;
  return { token: out.slice(0, trimmed), rest: s.slice(i) };
}

/** What `ass=filename=<escaped>:fontsdir=<escaped>` gives the filter, after both levels of unescaping. */
function parseFilterOptions(graph: string): Record<string, string> {
  const eq = graph.indexOf('=');
  const graphLevel = getToken(graph.slice(eq + 1), '[],;');
  expect(graphLevel.rest).toBe('');
  const options: Record<string, string> = {};
  let rest = graphLevel.token;
  while (rest.length > 0) {
    const k = rest.indexOf('=');
    const key = rest.slice(0, k);
    const value = getToken(rest.slice(k + 1), ':');
    options[key] = value.token;
    rest = value.rest.startsWith(':') ? value.rest.slice(1) : value.rest;
  }
  return options;
}

const HOSTILE = [
  '/tmp/plain/captions.ass',
  "/tmp/it's here/captions.ass",
  '/tmp/a, b; c: d/[x]=y/captions.ass',
  "/tmp/''quoted''/\\back\\slash/x.ass",
  '/tmp/ leading and trailing /x.ass ',
  '/tmp/%20 $HOME `id` $(rm)/x.ass',
  'C:/Users/Ann Smith/AppData/Local/Temp/x.ass',
  '/tmp/ünïcødé 字幕/x.ass',
];

describe('escapeFilterPath', () => {
  it('survives both of ffmpeg’s unescaping levels unchanged, next to another option', () => {
    for (const p of HOSTILE) {
      const graph = `ass=filename=${escapeFilterPath(p)}:fontsdir=${escapeFilterPath(`${p}-fonts`)}`;
      expect(parseFilterOptions(graph)).toEqual({ filename: p, fontsdir: `${p}-fonts` });
    }
  });

  it('leaves no unescaped graph separator', () => {
    for (const p of HOSTILE) {
      const e = escapeFilterPath(p);
      expect(e).not.toMatch(/(^|[^\\])(\\\\)*[[\],;]/);
    }
  });

  it('quotes a plain path and escapes a quote the ffmpeg way', () => {
    expect(escapeFilterPath('/a/b.ass')).toBe("\\'/a/b.ass\\'");
    expect(escapeFilterPath("/it's")).toBe("\\'/it\\'\\\\\\'\\'s\\'");
  });

  it('refuses NUL', () => {
    expect(() => escapeFilterPath('/a\0b')).toThrow();
  });
});
