import type http from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { createLogger } from '../core/platform/logger';

const log = createLogger('server.bridge');

/** What a refused upload may still send after the answer before we cut the connection. */
const DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 30_000;

/**
 * A Node request as a web-standard Request, for handlers shared with Electron's protocol.
 * The body streams with backpressure. When the handler stops reading (an upload too large),
 * the rest is read and dropped for a while, so that the client, still sending, gets to read
 * the answer: closing at once would reset the connection under it and lose the 413.
 */
export function toWebRequest(req: http.IncomingMessage, url: URL): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(url.href, { method, headers, ...(hasBody ? { body: bodyStream(req), duplex: 'half' } : {}) } as RequestInit);
}

function bodyStream(req: http.IncomingMessage): ReadableStream<Uint8Array> {
  // Once the reader cancels, the request's later events must not touch the stream (that throws).
  let open = true;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const fail = (error: Error) => {
          if (!open) return;
          open = false;
          controller.error(error);
        };
        req.pause();
        req.on('data', (chunk: Buffer) => {
          if (!open) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => {
          if (!open) return;
          open = false;
          controller.close();
        });
        // The client went away before sending everything.
        req.once('close', () => {
          if (!req.complete) fail(new Error('the client closed the connection during the upload'));
        });
        req.on('error', fail);
      },
      pull() {
        req.resume();
      },
      cancel() {
        open = false;
        req.removeAllListeners('data');
        discardRest(req);
      },
    },
    { highWaterMark: 4 },
  );
}

function discardRest(req: http.IncomingMessage): void {
  if (req.complete) return;
  let dropped = 0;
  const timer = setTimeout(() => req.destroy(), DRAIN_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.byteLength;
    if (dropped > DRAIN_BYTES) req.destroy();
  });
  req.once('close', () => clearTimeout(timer));
  req.resume();
}

/** Sends a web Response through a Node response, streaming its body; a client that leaves stops the stream (and closes its file). */
export async function sendWebResponse(res: http.ServerResponse, response: Response, extraHeaders: Record<string, string>, req: http.IncomingMessage): Promise<void> {
  // Lower-case keys, so that a header of the response replaces ours instead of doubling it.
  const headers: Record<string, string> = Object.fromEntries(Object.entries(extraHeaders).map(([name, value]) => [name.toLowerCase(), value]));
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body || req.method === 'HEAD') {
    await response.body?.cancel().catch(() => undefined);
    res.end();
    return;
  }
  try {
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res);
  } catch (error) {
    // A client that closes the connection mid-file (a <video> seeking) is ordinary.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') log.warn('a response stopped early', { error });
    res.destroy();
  }
}
