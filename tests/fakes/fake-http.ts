// Shared plumbing for the platform fakes: a real HTTP server on 127.0.0.1, body parsing, a
// request log and a fault-injection queue. The platform rules live in tests/fakes/<platform>/.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeClock {
  now(): Date;
}

export const systemFakeClock: FakeClock = { now: () => new Date() };

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Parsed when the content type is JSON (undefined when it does not parse). */
  json?: unknown;
  /** Parsed when the content type is application/x-www-form-urlencoded. */
  form?: URLSearchParams;
  /** Parsed when the content type is multipart/form-data. */
  multipart?: FormData;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as text (HTML pages). */
  text?: string;
}

export type FaultMatch = { method?: string; path?: string | RegExp };

/**
 * What to do to the next matching request (times: how many requests, default 1):
 * - answer with this status instead of handling it (the server does nothing);
 * - handle it, then hold the answer for delayMs (a slow server: the work is done);
 * - handle it, then drop the connection without answering (the work is done).
 */
export type Fault = ({ status: number; headers?: Record<string, string>; body?: unknown } | { delayMs: number } | { dropAfterReceive: true }) & {
  times?: number;
  match?: FaultMatch;
};

export interface LoggedExchange {
  method: string;
  path: string;
  query: string;
  headers: http.IncomingHttpHeaders;
  bodyText: string;
  status?: number;
  responseHeaders?: Record<string, string>;
  fault?: 'status' | 'delay' | 'drop';
}

export type FakeHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface FakeHttpServer {
  url: string;
  port: number;
  log: LoggedExchange[];
  fail(fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export function jsonResponse(status: number, json: unknown, headers?: Record<string, string>): FakeResponse {
  return headers ? { status, json, headers } : { status, json };
}

/** A field from a JSON object body, a form body or a multipart body (text parts only). */
export function field(req: FakeRequest, name: string): string | undefined {
  if (req.json && typeof req.json === 'object' && !Array.isArray(req.json)) {
    const v = (req.json as Record<string, unknown>)[name];
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return undefined;
  }
  if (req.form) return req.form.get(name) ?? undefined;
  if (req.multipart) {
    const v = req.multipart.get(name);
    return typeof v === 'string' ? v : undefined;
  }
  return undefined;
}

/** Repeated fields: a JSON array, or `name[]` / `name` repeated in a form or multipart body. */
export function fieldList(req: FakeRequest, name: string): string[] {
  if (req.json && typeof req.json === 'object' && !Array.isArray(req.json)) {
    const v = (req.json as Record<string, unknown>)[name];
    if (Array.isArray(v)) return v.map(String);
    return typeof v === 'string' ? [v] : [];
  }
  const from = req.form ?? req.multipart;
  if (!from) return [];
  return [...from.getAll(`${name}[]`), ...from.getAll(name)].filter((v): v is string => typeof v === 'string');
}

export function bearerToken(req: FakeRequest): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(.+)$/i.exec(h) : null;
  return m?.[1];
}

export function basicAuth(req: FakeRequest): { user: string; password: string } | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Basic\s+(.+)$/i.exec(h) : null;
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return { user: decodeURIComponent(decoded.slice(0, i)), password: decodeURIComponent(decoded.slice(i + 1)) };
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** RFC 7636 S256: BASE64URL(SHA256(verifier)). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** A PKCE verifier and its S256 challenge, for tests that play the client. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256(verifier) };
}

/**
 * Plays the browser step against a fake that auto-approves: requests the authorize URL and
 * reads the redirect it answers with, without following it.
 */
export async function followAuthorize(authorizeUrl: string): Promise<{ location: URL; code: string | null; state: string | null; error: string | null }> {
  const res = await fetch(authorizeUrl, { redirect: 'manual' });
  const loc = res.headers.get('location');
  if (res.status !== 302 || !loc) throw new Error(`authorize answered HTTP ${res.status}: ${await res.text()}`);
  const location = new URL(loc);
  return { location, code: location.searchParams.get('code'), state: location.searchParams.get('state'), error: location.searchParams.get('error') };
}

function matches(fault: Fault, req: FakeRequest): boolean {
  const m = fault.match;
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== req.method) return false;
  if (m.path !== undefined) {
    if (typeof m.path === 'string' ? m.path !== req.path : !m.path.test(req.path)) return false;
  }
  return true;
}

async function parseBody(req: FakeRequest): Promise<void> {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (req.body.length === 0) return;
  if (type.includes('application/json')) {
    try {
      req.json = JSON.parse(req.body.toString('utf8'));
    } catch {
      req.json = undefined;
    }
  } else if (type.includes('application/x-www-form-urlencoded')) {
    req.form = new URLSearchParams(req.body.toString('utf8'));
  } else if (type.includes('multipart/form-data')) {
    try {
      req.multipart = await new Request('http://fake.invalid/', {
        method: 'POST',
        headers: { 'content-type': String(req.headers['content-type']) },
        body: new Uint8Array(req.body),
      }).formData();
    } catch {
      req.multipart = undefined;
    }
  }
}

/** Starts a fake on 127.0.0.1 with an ephemeral port. */
export async function startFakeHttp(handler: FakeHandler): Promise<FakeHttpServer> {
  const faults: Fault[] = [];
  const log: LoggedExchange[] = [];

  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => {
      void (async () => {
        const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
        const req: FakeRequest = {
          method: (incoming.method ?? 'GET').toUpperCase(),
          path: url.pathname,
          query: url.searchParams,
          headers: incoming.headers,
          body: Buffer.concat(chunks),
        };
        await parseBody(req);
        const entry: LoggedExchange = {
          method: req.method,
          path: req.path,
          query: url.search,
          headers: req.headers,
          bodyText: req.body.length > 65_536 ? `[${req.body.length} bytes]` : req.body.toString('utf8'),
        };
        log.push(entry);

        const i = faults.findIndex((f) => matches(f, req));
        const fault = i >= 0 ? faults[i] : undefined;
        if (fault) {
          const left = (fault.times ?? 1) - 1;
          if (left <= 0) faults.splice(i, 1);
          else fault.times = left;
        }

        let response: FakeResponse;
        if (fault && 'status' in fault) {
          entry.fault = 'status';
          response = { status: fault.status, headers: fault.headers ?? {}, ...(fault.body === undefined ? {} : typeof fault.body === 'string' ? { text: fault.body } : { json: fault.body }) };
        } else {
          try {
            response = await handler(req);
          } catch (error) {
            response = { status: 500, json: { error: `fake server bug: ${error instanceof Error ? error.message : String(error)}` } };
          }
        }

        if (fault && 'dropAfterReceive' in fault) {
          entry.fault = 'drop';
          incoming.socket.destroy();
          return;
        }
        if (fault && 'delayMs' in fault) {
          entry.fault = 'delay';
          await new Promise((r) => setTimeout(r, fault.delayMs));
          if (outgoing.destroyed || incoming.socket.destroyed) return;
        }

        const headers: Record<string, string> = { ...response.headers };
        let payload = '';
        if (response.json !== undefined) {
          headers['content-type'] ??= 'application/json; charset=utf-8';
          payload = JSON.stringify(response.json);
        } else if (response.text !== undefined) {
          headers['content-type'] ??= 'text/html; charset=utf-8';
          payload = response.text;
        }
        entry.status = response.status;
        entry.responseHeaders = headers;
        outgoing.writeHead(response.status, headers);
        outgoing.end(payload);
      })();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    fail: (fault) => {
      faults.push({ ...fault });
    },
    clearFaults: () => {
      faults.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
