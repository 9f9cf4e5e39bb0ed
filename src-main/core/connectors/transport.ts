// The HTTP transport behind ConnectorDeps.fetch: node:http/https with keep-alive agents for
// the platform calls (small JSON and form requests, where undici's fetch spent ~3× the CPU of
// the request itself, and a publish at its due minute is mostly requests), returning a WHATWG
// Response whose body is already in memory (buffered-response.ts). Anything else — a FormData,
// Blob or stream body (media uploads), a Request object, redirects to follow — goes to the
// global fetch unchanged, so uploads behave as before.
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { BufferedResponse } from './buffered-response';

export interface HttpTransport {
  fetch: typeof fetch;
  /** Closes the idle keep-alive connections (an in-flight request still finishes). */
  close(): void;
}

export interface HttpTransportOptions {
  /** For everything the light path does not take (default: the global fetch). */
  fallback?: typeof fetch;
  /** An idle kept-alive connection is closed after this (undici's default is 4 s too); a server's shorter Keep-Alive hint wins. */
  idleMs?: number;
}

/** Statuses whose response has no body by definition (a WHATWG Response refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
/** Errors of a kept-alive socket the server had just closed: a GET is sent again once, as undici does. */
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE']);

type LightBody = string | Uint8Array | undefined;

/** The body as bytes or text, and the content type fetch would give it; null when the light path does not take it. */
function lightBody(body: RequestInit['body']): { data: LightBody; type?: string } | null {
  if (body === undefined || body === null) return { data: undefined };
  if (typeof body === 'string') return { data: body, type: 'text/plain;charset=UTF-8' };
  if (body instanceof URLSearchParams) return { data: body.toString(), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  if (body instanceof ArrayBuffer) return { data: new Uint8Array(body) };
  if (ArrayBuffer.isView(body)) return { data: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) };
  return null;
}

/** Request headers as a plain object with lower-case names (what node:http takes). */
function headerObject(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  if (init instanceof Headers || Array.isArray(init)) {
    for (const [k, v] of new Headers(init)) out[k] = v;
    return out;
  }
  for (const [k, v] of Object.entries(init)) out[k.toLowerCase()] = String(v);
  return out;
}

/** What fetch rejects with when the network fails: a TypeError whose cause says why. */
function networkError(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function decode(encoding: string | undefined, body: Buffer, done: (error: Error | null, out: Buffer) => void): void {
  const coding = (encoding ?? '').trim().toLowerCase();
  if (coding === 'gzip' || coding === 'x-gzip') zlib.gunzip(body, { finishFlush: zlib.constants.Z_SYNC_FLUSH }, done);
  else if (coding === 'deflate') zlib.inflate(body, done);
  else if (coding === 'br') zlib.brotliDecompress(body, done);
  else done(null, body);
}

export function createHttpTransport(options: HttpTransportOptions = {}): HttpTransport {
  const fallback = options.fallback ?? ((input, init) => globalThis.fetch(input, init));
  const agentOptions = { keepAlive: true, timeout: options.idleMs ?? 4000 };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  const light = (url: URL, method: string, headers: Record<string, string>, data: LightBody, init: RequestInit, retried = false): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(signal.reason);
      const protocol = url.protocol as 'http:' | 'https:';
      const request = (protocol === 'https:' ? https : http).request(url, { method, headers, agent: agents[protocol] });
      let settled = false;
      let answered = false;
      const finish = (error: unknown, response?: Response) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (response) resolve(response);
        else reject(error);
      };
      const onAbort = () => {
        request.destroy();
        finish(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (settled) return;
        const canResend = !retried && !answered && request.reusedSocket && (method === 'GET' || method === 'HEAD') && STALE_SOCKET.has(error.code ?? '');
        if (canResend) {
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          light(url, method, headers, data, init, true).then(resolve, reject);
          return;
        }
        finish(networkError(error));
      });
      request.on('response', (res) => {
        answered = true;
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location && init.redirect === 'error') {
          res.resume();
          request.destroy();
          return finish(networkError(new Error(`unexpected redirect to ${res.headers.location}`)));
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => finish(networkError(error)));
        res.on('aborted', () => finish(networkError(new Error('the connection closed before the response ended'))));
        res.on('end', () => {
          if (settled) return;
          decode(res.headers['content-encoding'], Buffer.concat(chunks), (error, body) => {
            if (error) return finish(networkError(error));
            try {
              const empty = NULL_BODY.has(status) || method === 'HEAD';
              const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength) as Uint8Array<ArrayBuffer>;
              // A decoded body no longer has the encoding the server sent.
              const omit = res.headers['content-encoding'] ? 'content-encoding' : undefined;
              finish(null, new BufferedResponse(empty ? null : bytes, { status, statusText: res.statusMessage ?? '' }, res.rawHeaders, omit));
            } catch (cause) {
              finish(networkError(cause)); // a status a Response cannot hold (e.g. 600)
            }
          });
        });
      });
      request.end(data);
    });

  const transport: typeof fetch = (input, init = {}) => {
    const target = typeof input === 'string' ? input : input instanceof URL ? input.href : null;
    const body = lightBody(init.body);
    const manual = init.redirect === 'error' || init.redirect === 'manual';
    let url: URL | null = null;
    try {
      url = target === null ? null : new URL(target);
    } catch {
      url = null;
    }
    if (!url || !body || !manual || (url.protocol !== 'http:' && url.protocol !== 'https:')) return fallback(input, init);
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = headerObject(init.headers);
    headers.accept ??= '*/*';
    headers['user-agent'] ??= 'node';
    headers['accept-encoding'] ??= 'gzip, deflate, br';
    if (body.type && headers['content-type'] === undefined) headers['content-type'] = body.type;
    if (body.data !== undefined) headers['content-length'] = String(typeof body.data === 'string' ? Buffer.byteLength(body.data) : body.data.byteLength);
    return light(url, method, headers, body.data, init);
  };

  return {
    fetch: transport,
    close: () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
