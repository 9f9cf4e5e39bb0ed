import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchInstanceLimits,
  identify,
  loopbackRedirectUri,
  MASTODON_DEFAULT_LIMITS,
  normalizeInstanceUrl,
  oauthConfig,
  registerApp,
} from '../../../src-main/core/connectors/mastodon';
import { startAuthorization } from '../../../src-main/core/oauth/authorize';
import { followAuthorize, pkcePair } from '../../fakes/fake-http';
import { failure, freePort, mastodonEnv } from './kit';

let env: Awaited<ReturnType<typeof mastodonEnv>>;
beforeAll(async () => {
  env = await mastodonEnv({ instance: { maxCharacters: 1000, maxMediaAttachments: 6, descriptionLimit: 900 } });
});
afterAll(() => env.fake.close());

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** Registers an app and starts a real sign-in through the OAuth engine. */
async function signIn() {
  const port = await freePort();
  const app = await registerApp(env.fake.url, loopbackRedirectUri(port), env.deps, { website: 'https://promogpt.example' });
  const config = oauthConfig({ instanceUrl: env.fake.url, ...app, redirectPort: port });
  const attempt = await startAuthorization({ ...config, clock: env.clock, providerName: 'Mastodon' });
  return { port, app, config, attempt };
}

describe('Mastodon app registration and sign-in', () => {
  it('registers PromoGPT per instance with the loopback redirect and the scopes it asks for', async () => {
    const app = await registerApp(env.fake.url, 'http://127.0.0.1:53682/callback', env.deps, { website: 'https://promogpt.example' });
    expect(app.clientId).toMatch(/\S{20,}/);
    expect(app.clientSecret).toMatch(/\S{20,}/);
    const stored = env.fake.apps().find((a) => a.clientId === app.clientId);
    expect(stored).toEqual({
      clientId: app.clientId,
      name: 'PromoGPT',
      redirectUris: ['http://127.0.0.1:53682/callback'],
      scopes: ['read', 'write:statuses', 'write:media'],
      website: 'https://promogpt.example',
    });
  });

  it('gives the engine the instance endpoints and a confidential client', () => {
    const c = oauthConfig({ instanceUrl: `${env.fake.url}/`, clientId: 'id', clientSecret: 'secret', redirectPort: 4000 });
    expect(c).toEqual({
      authorizationEndpoint: `${env.fake.url}/oauth/authorize`,
      tokenEndpoint: `${env.fake.url}/oauth/token`,
      revocationEndpoint: `${env.fake.url}/oauth/revoke`,
      clientId: 'id',
      clientSecret: 'secret',
      scopes: ['read', 'write:statuses', 'write:media'],
      tokenAuth: 'post',
      redirect: { port: 4000, path: '/callback' },
    });
  });

  it('signs in through the OAuth engine with PKCE and identifies the account', async () => {
    const { attempt, app } = await signIn();
    const url = new URL(attempt.url);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toBe('read write:statuses write:media');

    const { location, code } = await followAuthorize(attempt.url);
    expect(code).toBeTruthy();
    expect(`${location.origin}${location.pathname}`).toBe(attempt.redirectUri);
    const callback = await fetch(location);
    expect(callback.status).toBe(200);
    const tokens = await attempt.wait();

    // Mastodon tokens have no expiry and no refresh token.
    expect(tokens.accessToken).toMatch(/\S{20,}/);
    expect(tokens.refreshToken).toBeUndefined();
    expect(tokens.expiresAt).toBeUndefined();
    expect(tokens.scopes).toEqual(['read', 'write:statuses', 'write:media']);
    expect(env.fake.isTokenActive(tokens.accessToken)).toBe(true);

    // The engine sent the verifier and the secret in the body, as Mastodon expects.
    const exchange = env.fake.log.filter((e) => e.path === '/oauth/token').at(-1);
    const sent = new URLSearchParams(exchange?.bodyText);
    expect(sent.get('client_secret')).toBe(app.clientSecret);
    expect(sent.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);

    const me = await identify(tokens, env.fake.url, env.deps);
    expect(me).toEqual({
      platformUserId: env.alice.id,
      handle: `@alice@${new URL(env.fake.url).host}`,
      displayName: 'Alice',
      avatarUrl: `${env.fake.url}/avatars/original/missing.png`,
      profileUrl: `${env.fake.url}/@alice`,
    });
  });

  it('the fake checks the PKCE verifier, the client secret, the redirect URI and single use like Mastodon', async () => {
    const port = await freePort();
    const redirectUri = loopbackRedirectUri(port);
    const app = await registerApp(env.fake.url, redirectUri, env.deps);
    const pkce = pkcePair();
    const authorizeUrl = (redirect: string) =>
      `${env.fake.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: redirect, scope: 'read write:statuses', state: 's1', code_challenge: pkce.challenge, code_challenge_method: 'S256' })}`;

    const wrongRedirect = await fetch(authorizeUrl('http://127.0.0.1:1/elsewhere'), { redirect: 'manual' });
    expect(wrongRedirect.status).toBe(400);

    const plain = await fetch(authorizeUrl(redirectUri).replace('code_challenge_method=S256', 'code_challenge_method=plain'), { redirect: 'manual' });
    expect(new URL(plain.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_request');

    const { code, state } = await followAuthorize(authorizeUrl(redirectUri));
    expect(state).toBe('s1');
    const exchange = (fields: Record<string, string>) =>
      fetch(`${env.fake.url}/oauth/token`, form({ grant_type: 'authorization_code', code: code ?? '', client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: redirectUri, code_verifier: pkce.verifier, ...fields }));

    const badSecret = await exchange({ client_secret: 'not-the-secret' });
    expect(badSecret.status).toBe(401);
    expect(await badSecret.json()).toMatchObject({ error: 'invalid_client' });
    const badVerifier = await exchange({ code_verifier: pkcePair().verifier });
    expect(badVerifier.status).toBe(400);
    expect(await badVerifier.json()).toMatchObject({ error: 'invalid_grant' });

    const good = await exchange({});
    expect(good.status).toBe(200);
    const body = (await good.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'created_at', 'scope', 'token_type']);
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'read write:statuses' });

    const reused = await exchange({});
    expect(reused.status).toBe(400);
  });

  it('refresh() keeps a working session unchanged and asks to reconnect once the token is revoked', async () => {
    const { attempt, app } = await signIn();
    await fetch((await followAuthorize(attempt.url)).location);
    const tokens = await attempt.wait();
    const identity = await identify(tokens, env.fake.url, env.deps);
    const session = { tokens, identity, apiBase: env.fake.url, extras: { instanceUrl: env.fake.url, clientId: app.clientId, clientSecret: app.clientSecret } };

    expect(await env.connector.refresh(session)).toBe(session);
    // A server hiccup is not a reason to drop the session.
    env.fake.fail({ ...env.fake.faults.unavailable(), match: { path: '/api/v1/accounts/verify_credentials' } });
    expect(await env.connector.refresh(session)).toBe(session);

    expect(await env.connector.revoke(session)).toBe(true);
    expect(env.fake.isTokenActive(tokens.accessToken)).toBe(false);
    const revokeCall = env.fake.log.filter((e) => e.path === '/oauth/revoke').at(-1);
    expect(Object.fromEntries(new URLSearchParams(revokeCall?.bodyText))).toEqual({ client_id: app.clientId, client_secret: app.clientSecret, token: tokens.accessToken });

    const err = await failure(env.connector.refresh(session));
    expect(err.name).toBe('AuthExpired');
    expect(err.details).toMatchObject({ status: 401, reason: 'invalid_grant' });
    expect(err.message).toContain('The access token is invalid');
  });

  it('refuses to revoke without the app credentials, instead of pretending', async () => {
    const session = env.sessionFor(env.alice);
    const err = await failure(env.connector.revoke(session));
    expect(err.name).toBe('ValidationError');
    expect(env.fake.isTokenActive(session.tokens.accessToken)).toBe(true);
  });
});

describe('Mastodon instance limits and addresses', () => {
  it('reads the limits the composer needs from /api/v2/instance', async () => {
    const limits = await fetchInstanceLimits(env.fake.url, env.deps);
    expect(limits).toMatchObject({
      maxCharacters: 1000,
      maxMediaAttachments: 6,
      charactersReservedPerUrl: 23,
      imageSizeLimit: 16_777_216,
      videoSizeLimit: 103_809_024,
      videoFrameRateLimit: 120,
      descriptionLimit: 900,
      version: '4.5.0',
      source: 'instance',
    });
    expect(limits.supportedMimeTypes).toContain('video/mp4');
  });

  it('falls back to the documented defaults on a server without /api/v2/instance', async () => {
    env.fake.fail({ status: 404, body: { error: 'Record not found' }, match: { path: '/api/v2/instance' } });
    expect(await fetchInstanceLimits(env.fake.url, env.deps)).toEqual(MASTODON_DEFAULT_LIMITS);
  });

  it.each([
    ['mastodon.social', 'https://mastodon.social'],
    ['  https://Mastodon.Social/@someone  ', 'https://mastodon.social'],
    ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000'],
  ])('normalises %s', (input, expected) => {
    expect(normalizeInstanceUrl(input)).toBe(expected);
  });

  it.each(['http://mastodon.social', 'javascript:alert(1)', 'https://user:pw@mastodon.social', 'ftp://mastodon.social', 'https://', ''])('refuses %s', (input) => {
    expect(() => normalizeInstanceUrl(input)).toThrow(expect.objectContaining({ name: 'ValidationError' }));
  });
});
