import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { startAuthorization } from '../../../src-main/core/oauth/authorize';
import { refreshTokens, revokeToken, type TokenResult } from '../../../src-main/core/oauth/token-endpoint';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { startOAuthServer, type OAuthServer } from '../../fakes/oauth-server';
import { captureLogs, configFor, freePort } from './kit';

let server: OAuthServer;
const logs = captureLogs();
beforeAll(async () => {
  server = await startOAuthServer({ accessTokenTtlSeconds: 300 });
});
afterAll(() => server.stop());

async function connect(): Promise<TokenResult> {
  const attempt = await startAuthorization(configFor(server));
  await server.signIn(attempt.url);
  return attempt.wait();
}

/** A fetch that answers every request itself, recording what was sent. */
function answering(status: number, body: unknown, headers: Record<string, string> = {}) {
  const sent: { url: string; init: RequestInit }[] = [];
  const fn = (async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  }) as unknown as typeof fetch;
  return { fn, sent };
}

describe('the token endpoint', () => {
  it('rotates the refresh token; the old one is then refused with invalid_grant as AuthExpired', async () => {
    const first = await connect();
    const clock = fixedClock('2030-01-01T00:00:00Z');
    const second = await refreshTokens(configFor(server, { clock }), first.refreshToken ?? '', first);
    expect(second.refreshToken).toBeTruthy();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.expiresAt).toBe('2030-01-01T00:05:00.000Z');
    expect(second.scopes).toEqual(first.scopes);

    const reused = await refreshTokens(configFor(server), first.refreshToken ?? '').catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(AppError);
    expect(reused).toMatchObject({ name: 'AuthExpired', details: { reason: 'invalid_grant' } });
    expect((reused as Error).message).toMatch(/Reconnect the account/);
    // oidc-provider treats reuse as theft and revokes the whole grant, the new token too.
    await expect(refreshTokens(configFor(server), second.refreshToken ?? '')).rejects.toMatchObject({ name: 'AuthExpired' });
    for (const t of [first.refreshToken, second.refreshToken, first.accessToken]) {
      expect((reused as Error).message).not.toContain(t);
      expect(logs.text()).not.toContain(t);
    }
  });

  it('revokes a refresh token (RFC 7009), after which it no longer refreshes', async () => {
    const tokens = await connect();
    expect(await revokeToken(configFor(server), tokens.refreshToken ?? '', 'refresh_token')).toBe(true);
    await expect(refreshTokens(configFor(server), tokens.refreshToken ?? '')).rejects.toMatchObject({ name: 'AuthExpired', details: { reason: 'invalid_grant' } });
    expect(await revokeToken(configFor(server, { revocationEndpoint: undefined }), 'anything')).toBe(false);
  });

  it('keeps the old refresh token and scopes when the server sends none, and reads refresh expiries', async () => {
    const clock = fixedClock('2030-01-01T00:00:00Z');
    const { fn, sent } = answering(200, { access_token: 'new-access', expires_in: '3600', refresh_token_expires_in: 86400, open_id: 'u-9' });
    const result = await refreshTokens(configFor(server, { fetch: fn, clock }), 'old-refresh', { accessToken: 'a', scopes: ['posts.write'] });
    expect(result).toEqual({
      accessToken: 'new-access',
      refreshToken: 'old-refresh',
      expiresAt: '2030-01-01T01:00:00.000Z',
      refreshExpiresAt: '2030-01-02T00:00:00.000Z',
      scopes: ['posts.write'],
      raw: { expires_in: '3600', refresh_token_expires_in: 86400, open_id: 'u-9' },
    });
    expect(String(sent[0]?.init.body)).toBe(new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'old-refresh', client_id: 'promogpt-desktop' }).toString());
  });

  it('sends HTTP Basic with form-encoded credentials (RFC 6749 §2.3.1)', async () => {
    const { fn, sent } = answering(200, { access_token: 'x' });
    await refreshTokens(configFor(server, { fetch: fn, clientId: 'id:1', clientSecret: 's p&c', tokenAuth: 'basic' }), 'r');
    const header = new Headers(sent[0]?.init.headers).get('authorization') ?? '';
    expect(Buffer.from(header.replace(/^Basic /, ''), 'base64').toString()).toBe('id%3A1:s+p%26c');
    expect(String(sent[0]?.init.body)).not.toContain('client_secret');
    await expect(refreshTokens(configFor(server, { fetch: fn, tokenAuth: 'basic' }), 'r')).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it.each([
    [503, 'Transient', { error: 'temporarily_unavailable' }, {}],
    [500, 'Transient', 'oops', {}],
    [429, 'RateLimited', { error: 'slow_down' }, { 'retry-after': '30' }],
    [400, 'PlatformRejected', { error: 'invalid_request', error_description: 'refresh_token is malformed' }, {}],
  ] as const)('maps HTTP %i to %s', async (status, name, body, headers) => {
    const { fn } = answering(status, body, headers);
    const error = await refreshTokens(configFor(server, { fetch: fn }), 'secret-refresh-value').catch((e: unknown) => e);
    expect(error).toMatchObject({ name });
    expect((error as Error).message).not.toContain('secret-refresh-value');
    if (status === 400) expect((error as Error).message).toContain('refresh_token is malformed');
  });

  it('reports an unreachable server as Transient', async () => {
    const port = await freePort();
    const error = await refreshTokens(configFor(server, { tokenEndpoint: `http://127.0.0.1:${port}/token` }), 'r').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'Transient', details: { reason: 'network' } });
  });

  it('refuses a success answer without an access token', async () => {
    const { fn } = answering(200, { token_type: 'Bearer' });
    await expect(refreshTokens(configFor(server, { fetch: fn }), 'r')).rejects.toMatchObject({ name: 'PlatformRejected' });
  });
});
