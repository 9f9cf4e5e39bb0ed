import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src-main/server/server';
import type { ServerFrame } from '../../src-shared/transport';
import { tempDir, testCore } from '../helpers/core';
import { rawRequest } from '../helpers/http';

const TOKEN = 'test-token-0123456789abcdef';
let core: ReturnType<typeof testCore>;
let server: RunningServer;
let rendererDir: string;
let cookie: string;

beforeAll(async () => {
  core = testCore();
  rendererDir = tempDir('promogpt-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>PromoGPT</title>');
  fs.writeFileSync(path.join(rendererDir, 'app.js'), 'export {}');
  server = await startServer({ core, rendererDir, port: 0, token: TOKEN });
  cookie = `promogpt_session_${server.port}=${TOKEN}`;
});
afterAll(async () => {
  await server.close();
  core.close();
});

function connect(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const goodWsHeaders = () => ({ Cookie: cookie, Origin: `http://127.0.0.1:${server.port}` });

function call(ws: WebSocket, frame: unknown): Promise<ServerFrame> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString()) as ServerFrame;
      if (msg.type === 'result') {
        ws.off('message', onMessage);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

describe('browser mode over HTTP', () => {
  it('prints a loopback URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('trades the URL token for an HttpOnly, SameSite=Strict cookie and drops it from the address', async () => {
    const res = await rawRequest(server.port, { path: `/?token=${TOKEN}` });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(res.headers['set-cookie']?.[0]).toBe(`promogpt_session_${server.port}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`);
  });

  it('serves the app with the cookie, with a strict CSP', async () => {
    const res = await rawRequest(server.port, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>PromoGPT</title>');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it.each([
    ['no token at all', {}, '/', 401],
    ['a wrong token in the URL', {}, '/?token=nope', 401],
    ['a wrong cookie', { Cookie: `promogpt_session_PORT=${'x'.repeat(TOKEN.length)}` }, '/', 401],
    ['a foreign Host (DNS rebinding)', { Cookie: 'GOOD', Host: 'evil.example:PORT' }, '/', 421],
    ['a foreign Origin', { Cookie: 'GOOD', Origin: 'http://evil.example' }, '/', 403],
    ['a cross-site fetch', { Cookie: 'GOOD', 'Sec-Fetch-Site': 'cross-site' }, '/', 403],
  ])('refuses %s', async (_what, headers: Record<string, string>, requestPath, status) => {
    const resolved = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, v === 'GOOD' ? cookie : v.replace('PORT', String(server.port))]),
    );
    const res = await rawRequest(server.port, { path: requestPath, headers: resolved });
    expect(res.status).toBe(status);
    expect(res.body).not.toContain('<title>PromoGPT</title>');
    expect(res.body).not.toContain(TOKEN);
  });

  it('refuses writes over HTTP and never serves files outside the app', async () => {
    expect((await rawRequest(server.port, { method: 'POST', headers: { Cookie: cookie } })).status).toBe(405);
    for (const p of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/%252e%252e/etc/passwd']) {
      const res = await rawRequest(server.port, { path: p, headers: { Cookie: cookie } });
      expect(res.body).not.toContain('root:');
    }
  });

  it('writes refused requests to the security log, without the token', () => {
    const db = new Database(path.join(core.dataDir, 'app.db'), { readonly: true });
    const rows = db.prepare(`SELECT kind, detail FROM security_events WHERE kind = 'server.refused'`).all() as { detail: string }[];
    db.close();
    expect(rows.map((r) => r.detail)).toEqual(expect.arrayContaining(['Browser-mode request refused: missing token', 'Browser-mode request refused: foreign Origin']));
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
  });
});

describe('browser mode over WebSocket', () => {
  it('answers contract calls and pushes events', async () => {
    const ws = await connect(goodWsHeaders());
    const events: ServerFrame[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as ServerFrame;
      if (m.type === 'event') events.push(m);
    });
    const created = await call(ws, { type: 'call', id: 1, method: 'workspace.create', input: { name: 'Acme' } });
    expect(created).toEqual({ type: 'result', id: 1, result: { ok: true, value: expect.objectContaining({ name: 'Acme' }) } });
    await new Promise((r) => setTimeout(r, 50));
    expect(events[0]).toMatchObject({ type: 'event', event: 'workspaces.changed' });
    ws.close();
  });

  it('answers malformed frames with a ValidationError and stays open', async () => {
    const ws = await connect(goodWsHeaders());
    expect(await call(ws, 'not json')).toMatchObject({ id: null, result: { ok: false, error: { name: 'ValidationError' } } });
    expect(await call(ws, { type: 'call', id: 'x' })).toMatchObject({ id: null, result: { ok: false, error: { name: 'ValidationError' } } });
    expect(await call(ws, { type: 'call', id: 2, method: 'app.shutdown' })).toMatchObject({ id: 2, result: { ok: false, error: { message: "Unknown method 'app.shutdown'." } } });
    expect(await call(ws, { type: 'call', id: 3, method: 'workspace.create', input: { name: 'A', __proto__: { x: 1 }, extra: 1 } })).toMatchObject({
      id: 3,
      result: { ok: false, error: { name: 'ValidationError' } },
    });
    expect(await call(ws, { type: 'call', id: 4, method: 'workspace.list' })).toMatchObject({ id: 4, result: { ok: true } });
    ws.close();
  });

  it('closes the connection on a frame over 1 MiB', async () => {
    const ws = await connect(goodWsHeaders());
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'workspace.create', input: { name: 'x'.repeat(2 * 1024 * 1024) } }));
    expect(await closed).toBe(1009);
  });

  it.each([
    ['without the cookie', { Origin: 'ORIGIN' }, 'HTTP 401'],
    ['without an Origin', { Cookie: 'GOOD' }, 'HTTP 403'],
    ['from a foreign Origin', { Cookie: 'GOOD', Origin: 'http://evil.example' }, 'HTTP 403'],
    ['with a foreign Host', { Cookie: 'GOOD', Origin: 'http://evil.example:1', Host: 'evil.example:1' }, 'HTTP 421'],
  ])('refuses an upgrade %s', async (_what, headers: Record<string, string>, expected) => {
    const resolved = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, v === 'GOOD' ? cookie : v === 'ORIGIN' ? `http://127.0.0.1:${server.port}` : v]),
    );
    await expect(connect(resolved)).rejects.toThrow(expected);
  });
});

describe('listening', () => {
  it('refuses a non-loopback host unless remote access is explicitly allowed', async () => {
    await expect(startServer({ core, rendererDir, host: '0.0.0.0', port: 0 })).rejects.toThrow(/--allow-remote/);
  });

  it('says clearly when the port is taken', async () => {
    await expect(startServer({ core, rendererDir, port: server.port })).rejects.toThrow(`Port ${server.port} is already in use`);
  });
});
