// Shared bits of the Bluesky integration tests: deps with a recording fetch, real image files,
// and the caller's "refresh once and retry" loop (what accounts.withSession does).
import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { AppError } from '../../../src-shared/errors';
import { systemClock } from '../../../src-main/core/platform/clock';
import type { Connector, ConnectorDeps, Session } from '../../../src-main/core/connectors/types';

export interface Recorded {
  method: string;
  url: string;
  nsid: string;
  status?: number;
}

/** Deps on the real clock, with a fetch that records each XRPC method called (never headers or bodies). */
export function recordingDeps(
  opts: {
    /** Lose the answer of a call the server carried out (a network failure after sending). */
    failAfterSend?: (nsid: string) => boolean;
    /** Answer a call here instead of the server (e.g. a stale read). */
    answer?: (nsid: string) => Response | undefined;
  } = {},
): ConnectorDeps & { calls: Recorded[] } {
  const calls: Recorded[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const nsid = new URL(url).pathname.replace(/^\/xrpc\//, '');
    const call: Recorded = { method: init?.method ?? 'GET', url, nsid };
    calls.push(call);
    const canned = opts.answer?.(nsid);
    if (canned) {
      call.status = canned.status;
      return canned;
    }
    const res = await fetch(input, init);
    call.status = res.status;
    if (opts.failAfterSend?.(nsid)) {
      // The request reached the server and was carried out; only the answer is lost.
      await res.arrayBuffer();
      throw new TypeError('fetch failed');
    }
    return res;
  };
  return { fetch: recordingFetch, clock: systemClock, calls };
}

/** The caller's loop: on AuthExpired refresh once, keep the rotated session, and retry. */
export async function withRefresh<T>(
  connector: Connector,
  state: { session: Session },
  fn: (s: Session) => Promise<T>,
): Promise<{ value: T; refreshed: boolean; firstError?: AppError }> {
  try {
    return { value: await fn(state.session), refreshed: false };
  } catch (error) {
    if (!(error instanceof AppError) || error.name !== 'AuthExpired') throw error;
    state.session = await connector.refresh(state.session);
    return { value: await fn(state.session), refreshed: true, firstError: error };
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A real PNG of the given size, filled with one colour. */
export function pngBytes(width: number, height: number, rgb: [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A real 6×4 baseline JPEG (made with ffmpeg), for the JPEG path of the size sniffer. */
export const JPEG_6x4 = Buffer.from(
  '/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgKCgsKCw0NDQ0NDRAPEBAQEBAQEBAQEBASEhIVFRUSEhIQEBISFBQVFRcXFxUVFRUXFxkZGR4eHBwjIyQrKzP/xABMAAEBAAAAAAAAAAAAAAAAAAAABgEBAQAAAAAAAAAAAAAAAAAABgcQAQAAAAAAAAAAAAAAAAAAAAARAQAAAAAAAAAAAAAAAAAAAAD/wAARCAAEAAYDASIAAhEAAxEA/9oADAMBAAIRAxEAPwCLAFF/f//Z',
  'base64',
);

export function writeFile(dir: string, name: string, bytes: Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}
