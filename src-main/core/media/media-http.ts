import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MediaAddResult, MediaItem } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { createLogger } from '../platform/logger';
import { displayFileName } from './file-name';

const log = createLogger('media.http');

/** What the media route needs from the library; the MediaLibrary class fits it. */
export interface MediaRouteLibrary {
  get(workspaceId: string, id: string): MediaItem;
  storedFile(workspaceId: string, storedPath: string): string;
  thumbnailFile(workspaceId: string, item: MediaItem): string | null;
  addUpload(workspaceId: string, tempFile: string, fileName: string): Promise<MediaAddResult>;
  uploadDir(workspaceId: string): string;
}

export interface MediaRouteDeps {
  media: MediaRouteLibrary;
  maxUploadBytes(): number;
}

export interface MediaRoute {
  /** True for every path under `/media/`, answered here even when it names nothing. */
  handles(pathname: string): boolean;
  handle(request: Request): Promise<Response>;
}

const PREFIX = '/media';
const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const CHUNK_BYTES = 256 * 1024;
/** Upload names are display text only; the library shortens them further. */
const MAX_NAME_CHARS = 1024;
const UPLOAD_PREFIX = '.upload-';
/** An upload temp file this old was left by a crash, not an upload still running. */
const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;

/**
 * `/media/…` for both shells: Electron's app:// protocol and browser mode's HTTP server pass
 * web-standard Requests in and send the Responses back. Files are found by id in the library,
 * never by a path from the URL.
 *
 * - `GET|HEAD /media/<workspaceId>/<mediaId>`: the stored file, with Range for seeking.
 * - `GET|HEAD /media/<workspaceId>/<mediaId>/thumbnail`: its preview picture.
 * - `POST /media/<workspaceId>/upload?name=<file name>`: a file streamed in and added.
 *
 * The shells check who is asking (token, Host, Origin) before calling `handle`.
 */
export function createMediaRoute(deps: MediaRouteDeps): MediaRoute {
  const swept = new Set<string>();
  const sweepOnce = (dir: string) => {
    if (swept.has(dir)) return;
    swept.add(dir);
    void sweepStaleUploads(dir);
  };
  return {
    handles: (pathname) => pathname === PREFIX || pathname.startsWith(`${PREFIX}/`),
    handle: async (request) => {
      try {
        return await route(deps, request, sweepOnce);
      } catch (error) {
        log.error('media request failed', { error });
        return plain(500, 'Something went wrong while reading this media. Try again; if it keeps happening, see the log.');
      }
    },
  };
}

async function route(deps: MediaRouteDeps, request: Request, sweepOnce: (uploadDir: string) => void): Promise<Response> {
  const url = new URL(request.url);
  const segments = url.pathname.split('/').slice(2);
  const [workspaceId, second, third, ...rest] = segments;
  if (!workspaceId || !ID.test(workspaceId) || !second || rest.length > 0) return notFound();

  if (second === 'upload' && third === undefined) {
    if (request.method !== 'POST') return methodNotAllowed('POST');
    return upload(deps, request, workspaceId, url.searchParams.get('name'), sweepOnce);
  }
  if (!ID.test(second) || (third !== undefined && third !== 'thumbnail')) return notFound();
  if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed('GET, HEAD');

  let item: MediaItem;
  try {
    item = deps.media.get(workspaceId, second);
  } catch (error) {
    if (error instanceof AppError && error.name === 'NotFound') return notFound();
    throw error;
  }
  if (third === 'thumbnail') {
    const file = deps.media.thumbnailFile(workspaceId, item);
    if (!file) return plain(404, 'This media item has no thumbnail.');
    return serveFile(request, file, {
      'Content-Type': path.extname(file).toLowerCase() === '.png' ? 'image/png' : 'image/jpeg',
      // A thumbnail may be made again (better settings); a day is plenty for scrolling a library.
      'Cache-Control': 'private, max-age=86400',
    });
  }
  return serveFile(request, deps.media.storedFile(workspaceId, item.storedPath), {
    'Content-Type': item.mimeType,
    'Content-Disposition': contentDisposition(item.fileName),
    // Stored by content hash: the bytes behind an id never change.
    'Cache-Control': 'private, max-age=31536000, immutable',
    ETag: `"${item.sha256}"`,
  });
}

// ---------------------------------------------------------------- serving files

async function serveFile(request: Request, file: string, headers: Record<string, string>): Promise<Response> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch {
    return plain(404, 'This media file is missing from the library folder. Remove the item and add the file again.');
  }
  let handedOver = false;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return plain(404, 'This media file is missing from the library folder. Remove the item and add the file again.');
    const size = stat.size;
    const base = new Headers({ ...headers, 'Accept-Ranges': 'bytes', ...COMMON });
    const etag = headers.ETag;

    if (etag && request.headers.get('if-none-match')?.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
      base.delete('Content-Type');
      return new Response(null, { status: 304, headers: base });
    }

    const ifRange = request.headers.get('if-range');
    const range = ifRange !== null && ifRange !== etag ? { kind: 'none' as const } : parseRange(request.headers.get('range'), size);
    if (range.kind === 'unsatisfiable') {
      base.set('Content-Range', `bytes */${size}`);
      base.set('Content-Type', 'text/plain; charset=utf-8');
      base.set('Cache-Control', 'no-store');
      base.delete('Content-Disposition');
      return new Response('The requested range is outside this file.', { status: 416, headers: base });
    }
    const [start, end] = range.kind === 'range' ? [range.start, range.end] : [0, size - 1];
    const length = size === 0 ? 0 : end - start + 1;
    base.set('Content-Length', String(length));
    if (range.kind === 'range') base.set('Content-Range', `bytes ${start}-${end}/${size}`);
    const status = range.kind === 'range' ? 206 : 200;
    if (request.method === 'HEAD' || length === 0) return new Response(null, { status, headers: base });
    handedOver = true;
    return new Response(fileStream(handle, start, end), { status, headers: base });
  } finally {
    if (!handedOver) await handle.close().catch(() => undefined);
  }
}

export type ByteRange = { kind: 'none' } | { kind: 'range'; start: number; end: number } | { kind: 'unsatisfiable' };

/**
 * One `bytes=` range of RFC 9110: `a-b`, `a-` or `-n`. Anything we do not serve (several
 * ranges, other units, malformed text) is ignored and the whole file is sent, as the RFC allows.
 */
export function parseRange(header: string | null, size: number): ByteRange {
  if (header === null) return { kind: 'none' };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return { kind: 'none' };
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return { kind: 'none' };
  if (first === '') {
    const suffix = Number(last);
    if (!Number.isSafeInteger(suffix)) return { kind: 'none' };
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? Number.MAX_SAFE_INTEGER : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return { kind: 'none' };
  if (end < start) return { kind: 'none' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end: Math.min(end, size - 1) };
}

/** Reads `start..end` (inclusive) of an open file on demand; closes it at the end or when the reader goes away. */
function fileStream(handle: fs.promises.FileHandle, start: number, end: number): ReadableStream<Uint8Array> {
  let position = start;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close().catch(() => undefined);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const remaining = end + 1 - position;
          if (remaining <= 0) {
            await close();
            controller.close();
            return;
          }
          const chunk = new Uint8Array(Math.min(CHUNK_BYTES, remaining));
          const { bytesRead } = await handle.read(chunk, 0, chunk.byteLength, position);
          if (bytesRead === 0) throw new Error('the media file became shorter while it was sent');
          position += bytesRead;
          controller.enqueue(bytesRead === chunk.byteLength ? chunk : chunk.subarray(0, bytesRead));
        } catch (error) {
          await close();
          controller.error(error);
        }
      },
      cancel: close,
    },
    { highWaterMark: 1 },
  );
}

/** `inline` with the display name, percent-encoded so that no quote, `;` or newline can end the header early. */
export function contentDisposition(fileName: string): string {
  const name = displayFileName(fileName);
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename*=UTF-8''${encoded}`;
}

// ---------------------------------------------------------------- uploads

async function upload(deps: MediaRouteDeps, request: Request, workspaceId: string, rawName: string | null, sweepOnce: (uploadDir: string) => void): Promise<Response> {
  const name = rawName?.slice(0, MAX_NAME_CHARS) ?? '';
  if (name.trim() === '') return plain(400, 'An upload needs the file name: POST /media/<workspace>/upload?name=<file name>.');

  let dir: string;
  let maxBytes: number;
  try {
    dir = deps.media.uploadDir(workspaceId);
    maxBytes = deps.maxUploadBytes();
  } catch (error) {
    if (error instanceof AppError && error.name === 'NotFound') return notFound();
    if (error instanceof AppError) return plain(500, error.message);
    throw error;
  }

  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return tooLarge(maxBytes);
  }

  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  sweepOnce(dir);
  const temp = path.join(dir, `${UPLOAD_PREFIX}${randomBytes(12).toString('hex')}`);
  try {
    const received = await receive(request, temp, maxBytes);
    if (received === 'too-large') return tooLarge(maxBytes);
    if (received === 'aborted') return plain(400, 'The upload stopped before the whole file arrived. Try again.');
    let result: MediaAddResult;
    try {
      result = await deps.media.addUpload(workspaceId, temp, name);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      result = { path: displayFileName(name), ok: false, error: { name: error.name, message: error.message } };
    }
    // The name the user gave is the only `path` the page ever sees, never our temp file.
    return json(200, { ...result, path: displayFileName(name) });
  } finally {
    await fs.promises.rm(temp, { force: true }).catch((error: unknown) => log.warn('an upload temp file was not removed', { error }));
  }
}

/** Removes upload temp files a crash left behind, once per folder and run. */
async function sweepStaleUploads(dir: string): Promise<void> {
  // File times are wall-clock times, so this compares with the real clock, not the app clock.
  const cutoff = Date.now() - STALE_UPLOAD_MS;
  try {
    for (const entry of await fs.promises.readdir(dir)) {
      if (!entry.startsWith(UPLOAD_PREFIX)) continue;
      const file = path.join(dir, entry);
      const stat = await fs.promises.stat(file).catch(() => null);
      if (stat && stat.mtimeMs < cutoff) await fs.promises.rm(file, { force: true });
    }
  } catch (error) {
    log.warn('old upload temp files were not swept', { error });
  }
}

/** Streams the body into a new file, stopping as soon as it passes `maxBytes`. */
async function receive(request: Request, temp: string, maxBytes: number): Promise<'ok' | 'too-large' | 'aborted'> {
  const out = await fs.promises.open(temp, 'wx', 0o600);
  try {
    if (!request.body) return 'ok';
    const reader = request.body.getReader();
    let bytes = 0;
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch {
        return 'aborted';
      }
      if (next.done) break;
      bytes += next.value.byteLength;
      if (bytes > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return 'too-large';
      }
      await out.write(next.value);
    }
    await out.sync();
    return 'ok';
  } finally {
    await out.close();
  }
}

// ---------------------------------------------------------------- responses

const COMMON = {
  'X-Content-Type-Options': 'nosniff',
  // Only our own pages may embed our media: another local site must not be able to show it.
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

function plain(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { ...COMMON, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra } });
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...COMMON, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } });
}

const notFound = () => plain(404, 'There is no such media item here.');
const methodNotAllowed = (allow: string) => plain(405, 'Method not allowed.', { Allow: allow });

function tooLarge(maxBytes: number): Response {
  return plain(413, `This file is larger than the media library takes (${formatBytes(maxBytes)}). Make it smaller, or raise PROMOGPT_MEDIA_MAX_BYTES.`);
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
