import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { startAuthorization } from '../../../src-main/core/oauth/authorize';
import { createTokenManager } from '../../../src-main/core/oauth/token-manager';
import { exchangeCode, refreshTokens } from '../../../src-main/core/oauth/token-endpoint';
import { codeChallengeS256 } from '../../../src-main/core/oauth/pkce';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { memorySecretStore } from '../../../src-main/core/platform/secrets';
import { BASIC_CLIENT_ID, POST_CLIENT_ID, startOAuthServer, type OAuthServer } from '../../fakes/oauth-server';
import { captureLogs, configFor, isListening, portOf, SCOPES } from './kit';

let server: OAuthServer;
const logs = captureLogs();
beforeAll(async () => {
  server = await startOAuthServer({ accessTokenTtlSeconds: 600 });
});
afterAll(() => server.stop());

describe('signing in with authorization code + PKCE and a loopback redirect', () => {
  it('gets tokens from a real server and saves them through the token manager', async () => {
    const clock = fixedClock(new Date());
    const attempt = await startAuthorization(configFor(server, { clock }));

    const url = new URL(attempt.url);
    expect(`${url.origin}${url.pathname}`).toBe(server.authorizationEndpoint);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'promogpt-desktop',
      redirect_uri: attempt.redirectUri,
      scope: SCOPES.join(' '),
      code_challenge_method: 'S256',
    });
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(attempt.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);

    const { callbackUrl, status, body } = await server.signIn(attempt.url);
    const code = new URL(callbackUrl).searchParams.get('code') ?? '';
    expect(code.length).toBeGreaterThan(10);
    expect(status).toBe(200);
    expect(body).toContain('You can close this tab and return to PromoGPT');
    expect(body).not.toMatch(/<script|<link|<img|src=|href=/i);

    const tokens = await attempt.wait();
    expect(tokens.accessToken).toMatch(/\S{20,}/);
    expect(tokens.refreshToken).toMatch(/\S{20,}/);
    expect(tokens.expiresAt).toBe(new Date(clock.now().getTime() + 600_000).toISOString());
    expect(tokens.scopes).toEqual(expect.arrayContaining(['openid', 'posts.write']));
    expect(tokens.raw).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    for (const secret of ['access_token', 'refresh_token', 'id_token']) expect(tokens.raw).not.toHaveProperty(secret);
    expect(server.tokenRequests.authorization_code).toBe(1);
    expect(await isListening(portOf(attempt.redirectUri))).toBe(false);

    const secrets = memorySecretStore();
    const manager = createTokenManager({ secrets, clock, refresh: async () => Promise.reject(new Error('not expected')), onNeedsReconnect: () => undefined });
    await manager.save('ws_1/acct_1/tokens', tokens);
    const stored = JSON.parse(secrets.dump().get('ws_1/acct_1/tokens') ?? '{}');
    expect(stored.tokens).toEqual({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt, scopes: tokens.scopes });
    expect(stored.issuedAt).toBe(clock.now().toISOString());
    expect(stored).not.toHaveProperty('raw');
    expect(await manager.get('ws_1/acct_1/tokens')).toEqual(stored.tokens);

    // Neither the code nor any token reached a log line.
    for (const secret of [code, tokens.accessToken, tokens.refreshToken ?? '']) expect(logs.text()).not.toContain(secret);
    expect(logs.records.some((r) => r.msg === 'sign-in callback accepted')).toBe(true);
  });

  it('sends a PKCE challenge the server checks: a wrong verifier cannot redeem the code', async () => {
    const attempt = await startAuthorization(configFor(server));
    const { callbackUrl } = await server.signIn(attempt.url, { followCallback: false });
    const code = new URL(callbackUrl).searchParams.get('code') ?? '';
    const wrong = 'x'.repeat(43);
    expect(codeChallengeS256(wrong)).not.toBe(new URL(attempt.url).searchParams.get('code_challenge'));
    const error = await exchangeCode(configFor(server), { code, codeVerifier: wrong, redirectUri: attempt.redirectUri }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ name: 'PlatformRejected', details: { reason: 'invalid_grant' } });
    expect((error as AppError).message).toMatch(/start the sign-in again/i);
    expect((error as AppError).message).not.toContain(code);
    attempt.cancel();
    await expect(attempt.wait()).rejects.toMatchObject({ name: 'Transient', details: { reason: 'cancelled' } });
  });

  it.each([
    ['basic', BASIC_CLIENT_ID],
    ['post', POST_CLIENT_ID],
  ] as const)('authenticates a client with a secret by client_secret_%s', async (tokenAuth, clientId) => {
    const config = configFor(server, { clientId, clientSecret: server.clientSecret, tokenAuth });
    const attempt = await startAuthorization(config);
    await server.signIn(attempt.url);
    const tokens = await attempt.wait();
    const refreshed = await refreshTokens(config, tokens.refreshToken ?? '', tokens);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);

    // The other method, or a wrong secret, is refused by the server; the message never quotes the secret.
    const wrong = await refreshTokens({ ...config, clientSecret: 'wrong-secret-123' }, refreshed.refreshToken ?? '').catch((e: unknown) => e);
    expect(wrong).toMatchObject({ name: 'PlatformRejected', details: { reason: 'invalid_client' } });
    expect((wrong as AppError).message).toMatch(/client id or secret/);
    expect((wrong as AppError).message).not.toContain('wrong-secret-123');
  });

  it('listens on 127.0.0.1 only', async () => {
    const attempt = await startAuthorization(configFor(server));
    const port = portOf(attempt.redirectUri);
    expect(await isListening(port)).toBe(true);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      const reachable = await new Promise<boolean>((resolve) => {
        fetch(`http://${external.address}:${port}/callback`).then(
          () => resolve(true),
          () => resolve(false),
        );
      });
      expect(reachable).toBe(false);
    }
    attempt.cancel();
    await expect(attempt.wait()).rejects.toMatchObject({ details: { reason: 'cancelled' } });
  });

  it('refuses extra parameters that would override PKCE, state or the redirect', async () => {
    await expect(startAuthorization(configFor(server, { extraAuthParams: { code_challenge_method: 'plain' } }))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(startAuthorization(configFor(server, { extraAuthParams: { redirect_uri: 'http://evil.example/' } }))).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
