import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createXConnector, identify, loopbackRedirectUri, oauthConfig } from '../../../src-main/core/connectors/x';
import type { Session } from '../../../src-main/core/connectors/types';
import { startAuthorization } from '../../../src-main/core/oauth/authorize';
import { refreshTokens as engineRefresh } from '../../../src-main/core/oauth/token-endpoint';
import { followAuthorize, pkcePair } from '../../fakes/fake-http';
import { failure, freePort, xEnv } from './kit';

let env: Awaited<ReturnType<typeof xEnv>>;
beforeAll(async () => {
  env = await xEnv();
});
afterAll(() => env.fake.close());
beforeEach(() => {
  env.fake.clearFaults();
  env.fake.configure({ tokenErrorShape: 'invalid_request' });
});

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** A real sign-in through the OAuth engine against the fake; returns a session like the lead will build. */
async function signIn(): Promise<Session> {
  const port = await freePort();
  const { clientId } = env.fake.registerClient({ redirectUris: [loopbackRedirectUri(port)] });
  const config = oauthConfig({ clientId, redirectPort: port, apiBase: env.fake.url, authBase: env.fake.url });
  const attempt = await startAuthorization({ ...config, clock: env.clock, providerName: 'X' });
  expect(attempt.redirectUri).toBe(loopbackRedirectUri(port));
  const { location } = await followAuthorize(attempt.url);
  expect((await fetch(location)).status).toBe(200);
  const tokens = await attempt.wait();
  const identity = await identify(tokens, env.fake.url, env.deps);
  return { tokens: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt, scopes: tokens.scopes }, identity, apiBase: env.fake.url, extras: { clientId } };
}

describe('X OAuth 2.0 (public client, PKCE, rotating refresh tokens)', () => {
  it('gives the engine X’s endpoints, scopes and a public client', () => {
    expect(oauthConfig({ clientId: 'cid', redirectPort: 8765 })).toEqual({
      authorizationEndpoint: 'https://x.com/i/oauth2/authorize',
      tokenEndpoint: 'https://api.x.com/2/oauth2/token',
      revocationEndpoint: 'https://api.x.com/2/oauth2/revoke',
      clientId: 'cid',
      scopes: ['tweet.read', 'tweet.write', 'users.read', 'offline.access', 'media.write'],
      redirect: { port: 8765, path: '/callback' },
      tokenAuth: 'none',
    });
    expect(oauthConfig({ clientId: 'cid', redirectPort: 1, apiBase: 'http://127.0.0.1:9/', authBase: 'http://127.0.0.1:8' }).tokenEndpoint).toBe('http://127.0.0.1:9/2/oauth2/token');
  });

  it('signs in through the OAuth engine: 2-hour access token, a refresh token, and the account', async () => {
    const session = await signIn();
    expect(session.tokens.refreshToken).toMatch(/\S{20,}/);
    expect(session.tokens.expiresAt).toBe(new Date(env.clock.now().getTime() + 7200_000).toISOString());
    expect(session.tokens.scopes).toEqual(['tweet.read', 'tweet.write', 'users.read', 'offline.access', 'media.write']);
    expect(session.identity).toEqual({
      platformUserId: env.me.id,
      handle: '@promo_maker',
      displayName: 'Promo Maker',
      avatarUrl: `https://pbs.twimg.com/profile_images/${env.me.id}/normal.jpg`,
      profileUrl: 'https://x.com/promo_maker',
    });
    const exchange = new URLSearchParams(env.fake.log.filter((e) => e.path === '/2/oauth2/token').at(-1)?.bodyText);
    expect(exchange.get('client_id')).toBe(session.extras.clientId);
    expect(exchange.get('client_secret')).toBeNull();
  });

  it('the fake checks PKCE, the exact redirect URI, state, single use and the 30-second code lifetime', async () => {
    const port = await freePort();
    const redirectUri = loopbackRedirectUri(port);
    const { clientId } = env.fake.registerClient({ redirectUris: [redirectUri] });
    const pkce = pkcePair();
    const url = (extra: Record<string, string> = {}) =>
      `${env.fake.url}/i/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: 'tweet.read users.read', state: 'st', code_challenge: pkce.challenge, code_challenge_method: 'S256', ...extra })}`;
    expect((await fetch(url({ redirect_uri: `http://localhost:${port}/callback` }), { redirect: 'manual' })).status).toBe(400);
    expect((await fetch(url({ redirect_uri: `${redirectUri}/` }), { redirect: 'manual' })).status).toBe(400);
    expect((await fetch(url({ state: '' }), { redirect: 'manual' })).status).toBe(400);
    expect((await followAuthorize(url({ scope: 'tweet.read nonsense' }))).error).toBe('invalid_scope');

    const exchange = (code: string, verifier = pkce.verifier) =>
      fetch(`${env.fake.url}/2/oauth2/token`, form({ grant_type: 'authorization_code', code, client_id: clientId, redirect_uri: redirectUri, code_verifier: verifier }));
    const first = await followAuthorize(url());
    expect(first.state).toBe('st');
    const wrong = await exchange(first.code ?? '', pkcePair().verifier);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: 'invalid_request', error_description: 'Value passed for the token was invalid.' });
    const ok = await exchange(first.code ?? '');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token_type: 'bearer', expires_in: 7200, scope: 'tweet.read users.read' });
    expect((await exchange(first.code ?? '')).status).toBe(400);

    const late = await followAuthorize(url());
    env.clock.advance(31_000);
    expect((await exchange(late.code ?? '')).status).toBe(400);
  });

  it('refresh() rotates: new tokens come back and the old refresh token stops working', async () => {
    const session = await signIn();
    const old = session.tokens.refreshToken ?? '';
    env.clock.advance(3600_000);
    const refreshed = await env.connector.refresh(session);
    expect(refreshed.tokens.accessToken).not.toBe(session.tokens.accessToken);
    expect(refreshed.tokens.refreshToken).not.toBe(old);
    expect(refreshed.tokens.expiresAt).toBe(new Date(env.clock.now().getTime() + 7200_000).toISOString());
    expect(refreshed.identity).toEqual(session.identity);
    expect(env.fake.tokenState(old)).toBe('rotated');
    const call = new URLSearchParams(env.fake.log.filter((e) => e.path === '/2/oauth2/token').at(-1)?.bodyText);
    expect(Object.fromEntries(call)).toEqual({ grant_type: 'refresh_token', refresh_token: old, client_id: session.extras.clientId });

    // The new pair works; reusing the old refresh token means the user must reconnect.
    expect((await env.connector.fetchAccountMetrics(refreshed)).values.followers).toBe(42);
    const err = await failure(env.connector.refresh(session));
    expect(err.name).toBe('AuthExpired');
    expect(err.details).toMatchObject({ reason: 'invalid_grant', status: 400 });
    expect((await env.connector.refresh(refreshed)).tokens.refreshToken).toBeTruthy();
  });

  it('maps the invalid_grant shape of a reused refresh token the same way', async () => {
    env.fake.configure({ tokenErrorShape: 'invalid_grant' });
    const session = await signIn();
    await env.connector.refresh(session);
    const err = await failure(env.connector.refresh(session));
    expect(err.name).toBe('AuthExpired');
    expect(err.details?.reason).toBe('invalid_grant');
  });

  it('an expired access token → AuthExpired; a refresh then brings the account back', async () => {
    const session = await signIn();
    env.clock.advance(7200_000 + 1000);
    const err = await failure(env.connector.fetchAccountMetrics(session));
    expect(err.name).toBe('AuthExpired');
    expect(err.details).toEqual({ status: 401 });
    expect(err.details?.reason).toBeUndefined();
    const refreshed = await env.connector.refresh(session);
    expect((await env.connector.fetchAccountMetrics(refreshed)).values.followers).toBe(42);
  });

  it('uses an injected refreshTokens (the OAuth engine’s) instead of its own call', async () => {
    env.fake.configure({ tokenErrorShape: 'invalid_grant' });
    const seen: string[] = [];
    const connector = createXConnector({
      ...env.deps,
      refreshTokens: async (s) => {
        seen.push(s.identity.platformUserId);
        const { raw: _raw, ...tokens } = await engineRefresh(
          { tokenEndpoint: `${s.apiBase}/2/oauth2/token`, clientId: s.extras.clientId ?? '', tokenAuth: 'none', clock: env.clock, providerName: 'X' },
          s.tokens.refreshToken ?? '',
          s.tokens,
        );
        return tokens;
      },
    });
    const session = await signIn();
    const refreshed = await connector.refresh(session);
    expect(seen).toEqual([env.me.id]);
    expect(env.fake.tokenState(session.tokens.refreshToken ?? '')).toBe('rotated');
    expect(env.fake.tokenState(refreshed.tokens.refreshToken ?? '')).toBe('active');
    const err = await failure(connector.refresh(session));
    expect(err.name).toBe('AuthExpired');
    expect(err.details?.reason).toBe('invalid_grant');
  });

  it('without a refresh token (no offline.access) refresh() asks to reconnect without calling X', async () => {
    const session = env.sessionFor(env.me, ['tweet.read', 'users.read']);
    expect(session.tokens.refreshToken).toBeUndefined();
    const calls = env.fake.log.length;
    const err = await failure(env.connector.refresh(session));
    expect(err.name).toBe('AuthExpired');
    expect(err.details?.reason).toBe('invalid_grant');
    expect(env.fake.log.length).toBe(calls);
  });

  it('revoke() revokes the refresh token (ending the grant) and the access token', async () => {
    const session = await signIn();
    expect(await env.connector.revoke(session)).toBe(true);
    expect(env.fake.tokenState(session.tokens.accessToken)).toBe('revoked');
    expect(env.fake.tokenState(session.tokens.refreshToken ?? '')).toBe('revoked');
    const calls = env.fake.log.filter((e) => e.path === '/2/oauth2/revoke').slice(-2).map((e) => Object.fromEntries(new URLSearchParams(e.bodyText)));
    expect(calls).toEqual([
      { token: session.tokens.refreshToken, token_type_hint: 'refresh_token', client_id: session.extras.clientId },
      { token: session.tokens.accessToken, token_type_hint: 'access_token', client_id: session.extras.clientId },
    ]);
    expect((await failure(env.connector.fetchAccountMetrics(session))).name).toBe('AuthExpired');
    expect((await failure(env.connector.refresh(session))).details?.reason).toBe('invalid_grant');
  });
});
