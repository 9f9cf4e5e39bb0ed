import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { startAuthorization } from '../../../src-main/core/oauth/authorize';
import { startOAuthServer, type OAuthServer } from '../../fakes/oauth-server';
import { rawRequest } from '../../helpers/http';
import { captureLogs, configFor, freePort, isListening, portOf } from './kit';

let server: OAuthServer;
const logs = captureLogs();
beforeAll(async () => {
  server = await startOAuthServer();
});
afterAll(() => server.stop());

/** Sends one GET on its own socket once the listener has surely accepted it, so two can race. */
function openRequest(port: number, path: string): Promise<{ send(): Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      resolve({
        send: () =>
          new Promise((done) => {
            let data = '';
            socket.on('data', (d) => (data += d.toString()));
            socket.on('close', () => done(data));
            socket.on('error', () => done(data));
            socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
          }),
      });
    });
    socket.once('error', reject);
  });
}

describe('the loopback listener', () => {
  it('ends the attempt on a wrong state, without exchanging anything', async () => {
    const attempt = await startAuthorization(configFor(server));
    const port = portOf(attempt.redirectUri);
    const res = await rawRequest(port, { path: '/callback?code=forged-code-123&state=not-this-attempt' });
    expect(res.status).toBe(400);
    expect(res.body).toContain('The sign-in response did not match this attempt');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
    const error = await attempt.wait().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ name: 'ValidationError', details: { reason: 'state_mismatch' } });
    expect((error as Error).message).toMatch(/Start the sign-in again/);
    expect(server.paths).not.toContain('/token');
    expect(await isListening(port)).toBe(false);
    expect(logs.text()).not.toContain('forged-code-123');
  });

  it('says "You declined" when the user denies access', async () => {
    const attempt = await startAuthorization(configFor(server));
    const { callbackUrl, body } = await server.signIn(attempt.url, { decision: 'deny' });
    expect(new URL(callbackUrl).searchParams.get('error')).toBe('access_denied');
    expect(body).toContain('You declined the sign-in at Test Platform');
    await expect(attempt.wait()).rejects.toMatchObject({ name: 'PermissionDenied', message: expect.stringMatching(/^You declined/) });
  });

  it('reports another error= answer in the platform\'s words', async () => {
    const attempt = await startAuthorization(configFor(server));
    const state = new URL(attempt.url).searchParams.get('state') ?? '';
    const port = portOf(attempt.redirectUri);
    const res = await rawRequest(port, { path: `/callback?error=invalid_scope&error_description=${encodeURIComponent('scope <b>nope</b> is unknown')}&state=${state}` });
    expect(res.body).toContain('invalid_scope');
    expect(res.body).toContain('scope &lt;b&gt;nope&lt;/b&gt; is unknown');
    await expect(attempt.wait()).rejects.toMatchObject({ name: 'PlatformRejected', details: { reason: 'invalid_scope' } });
  });

  it('times out with a message that says to start again', async () => {
    const attempt = await startAuthorization(configFor(server, { timeoutMs: 150 }));
    const started = Date.now();
    const error = await attempt.wait().catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toMatchObject({ name: 'Transient', details: { reason: 'timeout' } });
    expect((error as Error).message).toBe('PromoGPT got no answer from the browser within 1 second; start the sign-in again.');
    expect(await isListening(portOf(attempt.redirectUri))).toBe(false);
  });

  it('waits 5 minutes by default, and says so', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const attempt = await startAuthorization(configFor(server));
      vi.advanceTimersByTime(5 * 60_000 - 1);
      expect(await isListening(portOf(attempt.redirectUri))).toBe(true);
      vi.advanceTimersByTime(1);
      await expect(attempt.wait()).rejects.toThrow('PromoGPT got no answer from the browser within 5 minutes; start the sign-in again.');
    } finally {
      vi.useRealTimers();
    }
  });

  it('processes only the first of two racing callbacks, then is closed', async () => {
    const attempt = await startAuthorization(configFor(server));
    const before = server.tokenRequests.authorization_code;
    const { callbackUrl } = await server.signIn(attempt.url, { followCallback: false });
    const port = portOf(attempt.redirectUri);
    const path = new URL(callbackUrl).pathname + new URL(callbackUrl).search;
    const [a, b] = await Promise.all([openRequest(port, path), openRequest(port, path)]);
    await new Promise((r) => setTimeout(r, 50)); // both sockets accepted by the listener
    const answers = await Promise.all([a.send(), b.send()]);
    const statuses = answers.map((r) => Number(/^HTTP\/1\.1 (\d+)/.exec(r)?.[1])).sort();
    expect(statuses).toEqual([200, 409]);
    expect(answers.join('\n')).toContain('This sign-in has already finished');
    await expect(attempt.wait()).resolves.toMatchObject({ accessToken: expect.any(String) });
    expect(server.tokenRequests.authorization_code).toBe(before + 1);

    // A later replay finds nobody listening.
    await expect(fetch(callbackUrl)).rejects.toThrow();
    expect(server.tokenRequests.authorization_code).toBe(before + 1);
  });

  it('is cancelled through an AbortSignal, and through cancel()', async () => {
    const controller = new AbortController();
    const attempt = await startAuthorization(configFor(server, { signal: controller.signal }));
    controller.abort();
    await expect(attempt.wait()).rejects.toMatchObject({ name: 'Transient', message: expect.stringMatching(/cancelled/) });
    expect(await isListening(portOf(attempt.redirectUri))).toBe(false);

    const second = await startAuthorization(configFor(server));
    second.cancel();
    await expect(second.wait()).rejects.toMatchObject({ details: { reason: 'cancelled' } });
    expect(await isListening(portOf(second.redirectUri))).toBe(false);

    await expect(startAuthorization(configFor(server, { signal: AbortSignal.abort() }))).rejects.toMatchObject({ details: { reason: 'cancelled' } });
  });

  it('uses a fixed port (X) and says so when another program holds it', async () => {
    const port = await freePort();
    const attempt = await startAuthorization(configFor(server, { redirect: { port, path: '/oauth/x' } }));
    expect(attempt.redirectUri).toBe(`http://127.0.0.1:${port}/oauth/x`);
    const clash = await startAuthorization(configFor(server, { redirect: { port } })).catch((e: unknown) => e);
    expect(clash).toMatchObject({ name: 'Conflict', message: expect.stringContaining(`Port ${port}`) });
    attempt.cancel();
    await expect(attempt.wait()).rejects.toMatchObject({ details: { reason: 'cancelled' } });
  });

  it('ignores other paths and foreign Host headers without ending the attempt', async () => {
    const attempt = await startAuthorization(configFor(server));
    const port = portOf(attempt.redirectUri);
    const state = new URL(attempt.url).searchParams.get('state') ?? '';
    expect((await rawRequest(port, { path: '/favicon.ico' })).status).toBe(404);
    // A DNS-rebound page arrives with its own host name, even with a plausible callback.
    expect((await rawRequest(port, { path: `/callback?code=x&state=${state}`, headers: { host: `evil.example:${port}` } })).status).toBe(400);
    expect((await rawRequest(port, { path: '/callback', method: 'POST' })).status).toBe(405);
    expect(await isListening(port)).toBe(true);
    await server.signIn(attempt.url);
    await expect(attempt.wait()).resolves.toMatchObject({ refreshToken: expect.any(String) });
  });
});
