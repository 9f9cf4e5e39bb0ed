// The light HTTP transport behind ConnectorDeps.fetch, against a real local server: what comes
// back is what undici's fetch gives (status, headers, body), timeouts and aborts reject with
// the same error names, and platformFetch maps every failure exactly as it did with fetch.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { platformFetch, type PlatformRequest } from '../../../src-main/core/connectors/http';
import { createHttpTransport } from '../../../src-main/core/connectors/transport';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { failure } from '../../helpers/failure';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const seen: Seen[] = [];
const BIG = 8 * 1024 * 1024;
let base: string;
let server: http.Server;

/** Each path is one behaviour of a platform server. */
const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void> = {
  '/echo': (req, res, body) => {
    res.setHeader('content-type', 'application/json');
    res.setHeader('set-cookie', ['a=1', 'b=2']);
    res.end(JSON.stringify({ method: req.method, length: body.length, contentType: req.headers['content-type'] ?? null }));
  },
  '/big': (_req, res) => {
    res.setHeader('content-type', 'application/octet-stream');
    res.end(Buffer.alloc(BIG, 9));
  },
  '/gzip': (_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-encoding', 'gzip');
    res.end(zlib.gzipSync(JSON.stringify({ ok: 'compressed' })));
  },
  '/no-content': (_req, res) => {
    res.statusCode = 204;
    res.end();
  },
  '/slow': (_req, res) => {
    setTimeout(() => res.end('{"late":true}'), 600).unref();
  },
  '/slow-body': (_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.write('{"part":');
    setTimeout(() => res.end('1}'), 600).unref();
  },
  '/longer-than-idle': (_req, res) => {
    setTimeout(() => res.end('{"waited":true}'), 300).unref();
  },
  '/redirect': (_req, res) => {
    res.statusCode = 302;
    res.setHeader('location', '/echo');
    res.end();
  },
  '/hang-up': (req) => req.socket.destroy(),
  '/500': (_req, res) => {
    res.statusCode = 503;
    res.end('{"error":"down for maintenance"}');
  },
  '/429': (_req, res) => {
    res.statusCode = 429;
    res.setHeader('content-type', 'application/json');
    res.setHeader('x-ratelimit-reset', '2026-03-01T09:05:00.000000Z');
    res.end('{"error":"Too many requests"}');
  },
  '/401': (_req, res) => {
    res.statusCode = 401;
    res.setHeader('content-type', 'application/json');
    res.end('{"error":"The access token is invalid"}');
  },
  '/422': (_req, res) => {
    res.statusCode = 422;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end('{"error":"Validation failed: Text character limit of 500 exceeded"}');
  },
  '/not-json': (_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{not json');
  },
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const route = routes[url.pathname];
      if (route) route(req, res, body);
      else {
        res.statusCode = 404;
        res.end('{"error":"Record not found"}');
      }
    });
  });
  server.keepAliveTimeout = 2000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const transport = createHttpTransport({ fallback: () => Promise.reject(new Error('the light path should have taken this')) });
afterAll(() => transport.close());
const light = transport.fetch;
const last = () => seen[seen.length - 1] as Seen;

describe('the light transport answers like fetch', () => {
  it('sends a JSON body with its headers and returns status, headers (repeated ones too) and body', async () => {
    const res = await light(`${base}/echo?x=1`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t' }, body: '{"status":"héllo"}', redirect: 'error' });
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await res.clone().json()).toEqual({ method: 'POST', length: Buffer.byteLength('{"status":"héllo"}'), contentType: 'application/json' });
    expect(await res.text()).toContain('"method":"POST"');
    expect(last().url).toBe('/echo?x=1');
    expect(last().headers.authorization).toBe('Bearer t');
    expect(last().headers['content-length']).toBe(String(Buffer.byteLength('{"status":"héllo"}')));
  });

  it('a body reads once, as with fetch; its stream, bytes and blob hold the same bytes; a clone reads on its own', async () => {
    const res = await light(`${base}/echo`, { method: 'POST', body: 'x', redirect: 'error' });
    expect(res).toBeInstanceOf(Response);
    const expected = await res.clone().text();
    expect(res.bodyUsed).toBe(false);
    expect(await res.text()).toBe(expected);
    expect(res.bodyUsed).toBe(true);
    await expect(res.json()).rejects.toThrow(TypeError);
    expect(() => res.clone()).toThrow(TypeError);
    await expect(new Response(res.body).text()).rejects.toThrow(TypeError); // the stream of a read body errors too

    const streamed = await light(`${base}/echo`, { method: 'POST', body: 'x', redirect: 'error' });
    expect(await new Response(streamed.body).text()).toBe(expected);
    expect(streamed.bodyUsed).toBe(true);
    await expect(streamed.text()).rejects.toThrow(TypeError);

    const twice = await light(`${base}/echo`, { method: 'POST', body: 'x', redirect: 'error' });
    const copy = twice.clone();
    expect(new TextDecoder().decode(await twice.bytes())).toBe(expected);
    expect(await (await copy.blob()).text()).toBe(expected);
    expect((await copy.blob().catch((e: unknown) => e)) instanceof TypeError).toBe(true);
    const none = await light(`${base}/no-content`, { method: 'DELETE', redirect: 'error' });
    expect(none.body).toBeNull();
  });

  it('gives form and text bodies the content type fetch gives them, and bytes none', async () => {
    await light(`${base}/echo`, { method: 'POST', body: new URLSearchParams({ a: 'b c' }), redirect: 'error' });
    expect(last().headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(last().body.toString()).toBe('a=b+c');
    await light(`${base}/echo`, { method: 'POST', body: 'plain', redirect: 'error' });
    expect(last().headers['content-type']).toBe('text/plain;charset=UTF-8');
    await light(`${base}/echo`, { method: 'PUT', body: new Uint8Array([1, 2, 3]), redirect: 'error' });
    expect(last().headers['content-type']).toBeUndefined();
    expect([...last().body]).toEqual([1, 2, 3]);
  });

  it('carries big bodies both ways', async () => {
    const up = Buffer.alloc(BIG, 7);
    const res = await light(`${base}/echo`, { method: 'POST', body: up, redirect: 'error' });
    expect((await res.json()) as { length: number }).toMatchObject({ length: BIG });
    const down = await light(`${base}/big`, { redirect: 'error' });
    const bytes = new Uint8Array(await down.arrayBuffer());
    expect(bytes.length).toBe(BIG);
    expect(bytes[BIG - 1]).toBe(9);
  });

  it('decodes a gzip answer, and a 204 or a HEAD has no body', async () => {
    const res = await light(`${base}/gzip`, { redirect: 'error' });
    expect(await res.json()).toEqual({ ok: 'compressed' });
    expect(res.headers.get('content-encoding')).toBeNull();
    const empty = await light(`${base}/no-content`, { method: 'DELETE', redirect: 'error' });
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
    const head = await light(`${base}/echo`, { method: 'HEAD', redirect: 'error' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('reuses one connection for requests in a row', async () => {
    await light(`${base}/echo`, { redirect: 'error' });
    expect(last().headers.connection).toBe('keep-alive');
    let opened = 0;
    const onConnection = () => (opened += 1);
    server.on('connection', onConnection);
    for (let i = 0; i < 5; i++) await light(`${base}/echo`, { redirect: 'error' });
    server.off('connection', onConnection);
    expect(opened).toBe(0);
  });

  it('a request that lasts longer than the idle time of kept-alive connections still gets its answer', async () => {
    const t = createHttpTransport({ idleMs: 100, fallback: () => Promise.reject(new Error('fallback')) });
    try {
      const res = await t.fetch(`${base}/longer-than-idle`, { redirect: 'error' });
      expect(await res.json()).toEqual({ waited: true });
    } finally {
      t.close();
    }
  });
});

describe('timeouts, aborts and failures reject as fetch does', () => {
  it('a timeout before the answer rejects with a TimeoutError', async () => {
    const err = await failure(light(`${base}/slow`, { signal: AbortSignal.timeout(100), redirect: 'error' }));
    expect(err.name).toBe('TimeoutError');
  });

  it('a timeout in the middle of the body rejects too', async () => {
    const err = await failure(light(`${base}/slow-body`, { signal: AbortSignal.timeout(200), redirect: 'error' }));
    expect(err.name).toBe('TimeoutError');
  });

  it('an abort rejects with AbortError, before sending or while waiting', async () => {
    const before = new AbortController();
    before.abort();
    const count = seen.length;
    expect((await failure(light(`${base}/echo`, { method: 'POST', body: 'x', signal: before.signal, redirect: 'error' }))).name).toBe('AbortError');
    expect(seen.length).toBe(count); // nothing left
    const during = new AbortController();
    setTimeout(() => during.abort(), 50);
    expect((await failure(light(`${base}/slow`, { signal: during.signal, redirect: 'error' }))).name).toBe('AbortError');
  });

  it('an abort after the answer changes nothing, and leaves no listener behind', async () => {
    const c = new AbortController();
    const add = vi.spyOn(c.signal, 'addEventListener');
    const remove = vi.spyOn(c.signal, 'removeEventListener');
    const res = await light(`${base}/echo`, { signal: c.signal, redirect: 'error' });
    c.abort();
    expect(res.status).toBe(200);
    expect(add).toHaveBeenCalledTimes(1);
    expect(remove).toHaveBeenCalledTimes(1);
  });

  it('a refused connection, a hang-up and a redirect (redirect: error) are TypeError "fetch failed" with a cause', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    for (const url of [`http://127.0.0.1:${port}/x`, `${base}/hang-up`, `${base}/redirect`]) {
      const err = await failure(light(url, { method: 'POST', body: '{}', redirect: 'error' }));
      expect(err).toBeInstanceOf(TypeError);
      expect(err.message).toBe('fetch failed');
      expect((err as Error & { cause?: unknown }).cause).toBeDefined();
    }
  });

  it('redirect: manual hands the 3xx back, as fetch does', async () => {
    const res = await light(`${base}/redirect`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/echo');
  });
});

describe('what the light path does not take goes to fetch unchanged', () => {
  it('FormData and Blob bodies, Request objects and redirects to follow use the fallback', async () => {
    const fallback = vi.fn(async () => new Response('fallback'));
    const t = createHttpTransport({ fallback });
    try {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(10)]), 'a.png');
      await t.fetch(`${base}/echo`, { method: 'POST', body: form, redirect: 'error' });
      await t.fetch(`${base}/echo`, { method: 'POST', body: new Blob(['x']), redirect: 'error' });
      await t.fetch(new Request(`${base}/echo`), { redirect: 'error' });
      await t.fetch(`${base}/echo`);
      expect(fallback).toHaveBeenCalledTimes(4);
    } finally {
      t.close();
    }
  });

  it('the default fallback (global fetch) uploads a FormData for real', async () => {
    const t = createHttpTransport();
    try {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(1000)]), 'a.png');
      const res = await t.fetch(`${base}/echo`, { method: 'POST', body: form, redirect: 'error' });
      expect(((await res.json()) as { contentType: string }).contentType).toMatch(/^multipart\/form-data; boundary=/);
    } finally {
      t.close();
    }
  });
});

describe('platformFetch maps every outcome the same through either transport', () => {
  const clock = fixedClock('2026-03-01T09:00:00.000Z');
  const cases: [string, Partial<PlatformRequest>][] = [
    ['/echo', { method: 'POST', json: { status: 'hi' } }],
    ['/echo', { method: 'POST', form: { a: '1' } }],
    ['/500', {}],
    ['/429', {}],
    ['/401', {}],
    ['/422', { method: 'POST', json: {}, creates: true }],
    ['/404', {}],
    ['/not-json', {}],
    ['/slow', { timeoutMs: 100 }],
    ['/slow', { timeoutMs: 100, creates: true }],
    ['/hang-up', { method: 'POST', json: {}, creates: true }],
    ['/redirect', {}],
  ];
  const outcome = async (f: typeof fetch, path: string, req: Partial<PlatformRequest>) => {
    try {
      const res = await platformFetch({ fetch: f, clock }, 'mastodon', { method: 'GET', url: `${base}${path}`, ...req });
      return { status: res.status, body: res.body, type: res.headers.get('content-type') };
    } catch (error) {
      const e = error as Error & { details?: unknown };
      return { name: e.name, message: e.message, details: e.details };
    }
  };
  for (const [path, req] of cases) {
    it(`${req.method ?? 'GET'} ${path}${req.creates ? ' (creates)' : ''}${req.timeoutMs ? ' timing out' : ''}`, async () => {
      const viaFetch = await outcome(globalThis.fetch, path, req);
      const viaLight = await outcome(light, path, req);
      expect(viaLight).toEqual(viaFetch);
    });
  }
});
