// Signing in, refreshing, rotating and revoking against a REAL Bluesky PDS (@atproto/dev-env,
// PLC + PDS on SQLite, no AppView), bound to 127.0.0.1, with the PDS's rate limits switched on
// and the DID document returned with each session (as bsky.social does).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { blueskyConnector, login } from '../../../src-main/core/connectors/bluesky';
import { decodeJwtClaims } from '../../../src-main/core/connectors/bluesky/session';
import type { Session } from '../../../src-main/core/connectors/types';
import { LOOPBACK, startBlueskyNetwork, type BlueskyTestNetwork, type TestAccount } from '../../fakes/bluesky-pds';
import { recordingDeps, withRefresh } from './util';

let net: BlueskyTestNetwork;
let alice: TestAccount;

beforeAll(async () => {
  net = await startBlueskyNetwork({ pds: { rateLimitsEnabled: true, enableDidDocWithSession: true } });
  alice = await net.createAccount('alice');
}, 180_000);

afterAll(async () => {
  await net?.close();
}, 60_000);

afterEach(() => {
  vi.useRealTimers();
});

async function caught(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, got success');
}

/** Whether the PDS accepts an access token now (com.atproto.server.getSession). */
async function accepts(session: Session): Promise<number> {
  const res = await fetch(`${session.apiBase}/xrpc/com.atproto.server.getSession`, { headers: { authorization: `Bearer ${session.tokens.accessToken}` } });
  await res.arrayBuffer();
  return res.status;
}

/** Moves the clock of this process, which the in-process PDS reads too. */
function advanceClock(ms: number) {
  const target = new Date(Date.now() + ms);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(target);
}

describe('the test network', () => {
  it('binds every server to 127.0.0.1', () => {
    expect(net.listeners.length).toBeGreaterThanOrEqual(2); // PLC and PDS
    for (const l of net.listeners) expect(l.address).toBe(LOOPBACK);
  });
});

describe('connecting with an app password', () => {
  it('returns a session with tokens, identity, the PDS and no password', async () => {
    const deps = recordingDeps();
    const session = await login({ service: net.pdsUrl, identifier: `@${alice.handle}`, password: alice.appPassword }, deps);

    // No AppView on this network, so no display name (publish.test.ts sees it with one).
    expect(session.identity).toEqual({ platformUserId: alice.did, handle: alice.handle, profileUrl: `https://bsky.app/profile/${alice.handle}` });
    expect(session.apiBase).toBe(net.pdsUrl);
    expect(session.extras).toEqual({ service: net.pdsUrl, did: alice.did });
    expect(session.tokens.accessToken).not.toBe(session.tokens.refreshToken);
    // expiresAt is the access JWT's own exp: the PDS default of 120 minutes.
    const claims = decodeJwtClaims(session.tokens.accessToken);
    expect(session.tokens.expiresAt).toBe(new Date((claims.exp as number) * 1000).toISOString());
    const ttlMin = (Date.parse(session.tokens.expiresAt ?? '') - Date.now()) / 60_000;
    expect(ttlMin).toBeGreaterThan(115);
    expect(ttlMin).toBeLessThanOrEqual(120);
    expect(session.tokens.scopes).toEqual(['com.atproto.appPass']);
    expect(Date.parse(session.tokens.refreshExpiresAt ?? '')).toBeGreaterThan(Date.now() + 80 * 86_400_000);
    expect(JSON.stringify(session)).not.toContain(alice.appPassword);
    expect(await accepts(session)).toBe(200);
    expect(deps.calls.map((c) => c.nsid)).toEqual(['com.atproto.server.createSession', 'app.bsky.actor.getProfile']);
  });

  it('signs in with the DID or the email too', async () => {
    const byDid = await login({ service: net.pdsUrl, identifier: alice.did, password: alice.appPassword }, recordingDeps());
    const byEmail = await login({ service: net.pdsUrl, identifier: alice.email, password: alice.appPassword }, recordingDeps());
    expect(byDid.identity.handle).toBe(alice.handle);
    expect(byEmail.identity.platformUserId).toBe(alice.did);
  });

  it('rejects a wrong password clearly, without echoing it', async () => {
    const error = await caught(login({ service: net.pdsUrl, identifier: alice.handle, password: 'wrong-pass-word-1234' }, recordingDeps()));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe(
      'Bluesky did not accept that handle and app password. Check both; use an app password from Settings → App passwords, not your main password.',
    );
    expect(error.details).toMatchObject({ status: 401, reason: 'invalid_credentials', field: 'password' });
    expect(JSON.stringify(error.toInfo())).not.toContain('wrong-pass-word-1234');
  });

  it('rejects an unknown handle the same way', async () => {
    const error = await caught(login({ service: net.pdsUrl, identifier: 'nobody.test', password: alice.appPassword }, recordingDeps()));
    expect(error.name).toBe('ValidationError');
    expect(error.details).toMatchObject({ reason: 'invalid_credentials' });
  });

  it('refuses the main password (and ends the session it opened), unless allowed', async () => {
    const error = await caught(login({ service: net.pdsUrl, identifier: alice.handle, password: alice.password }, recordingDeps()));
    expect(error.name).toBe('ValidationError');
    expect(error.details).toMatchObject({ reason: 'main_password' });
    expect(error.message).toMatch(/App passwords/);

    const full = await login({ service: net.pdsUrl, identifier: alice.handle, password: alice.password, allowMainPassword: true }, recordingDeps());
    expect(full.tokens.scopes).toEqual(['com.atproto.access']);
  });

  it('checks the input before calling anyone', async () => {
    const deps = recordingDeps();
    expect((await caught(login({ service: net.pdsUrl, identifier: '  ', password: 'x' }, deps))).details).toMatchObject({ field: 'identifier' });
    expect((await caught(login({ service: net.pdsUrl, identifier: alice.handle, password: '' }, deps))).details).toMatchObject({ field: 'password' });
    expect((await caught(login({ service: 'ftp://example.com', identifier: alice.handle, password: 'x' }, deps))).details).toMatchObject({ field: 'service' });
    expect(deps.calls).toEqual([]);
  });

  it('explains an AuthFactorTokenRequired answer (email 2FA, main password)', async () => {
    // This PDS version only asks for the email code at the bsky.social entryway, so the
    // answer is played back here in the lexicon's shape.
    const deps = {
      ...recordingDeps(),
      fetch: (async () =>
        new Response(JSON.stringify({ error: 'AuthFactorTokenRequired', message: 'A sign in code has been sent to your email address' }), {
          status: 401,
          headers: { 'content-type': 'application/json' },
        })) as typeof fetch,
    };
    const error = await caught(login({ identifier: alice.handle, password: 'main-password' }, deps));
    expect(error.name).toBe('ValidationError');
    expect(error.details).toMatchObject({ reason: 'auth_factor_required', xrpcError: 'AuthFactorTokenRequired' });
    expect(error.message).toMatch(/sign-in code/);
    expect(error.message).toMatch(/app password/);
  });

  it('reports a rate-limited createSession as RateLimited with the reset time', async () => {
    const carol = await net.createAccount('carol');
    // The PDS allows 30 createSession calls per 5 minutes per identifier and IP.
    const attempts = await Promise.allSettled(
      Array.from({ length: 31 }, () => login({ service: net.pdsUrl, identifier: carol.handle, password: 'not-the-password' }, recordingDeps())),
    );
    const errors = attempts.map((a) => (a.status === 'rejected' ? (a.reason as AppError) : undefined));
    const limited = errors.filter((e) => e?.name === 'RateLimited');
    expect(limited.length).toBeGreaterThanOrEqual(1);
    const resetAt = Date.parse(String(limited[0]?.details?.resetAt));
    expect(resetAt).toBeGreaterThan(Date.now());
    expect(resetAt).toBeLessThanOrEqual(Date.now() + 5 * 60_000 + 2_000);
    expect(limited[0]?.details?.status).toBe(429);
    // The right password is limited too now: it is the account being limited, not the password.
    const again = await caught(login({ service: net.pdsUrl, identifier: carol.handle, password: carol.appPassword }, recordingDeps()));
    expect(again.name).toBe('RateLimited');
  }, 60_000);
});

describe('refresh, expiry, rotation and revoke', () => {
  const connect = (connector: ReturnType<typeof blueskyConnector>) =>
    connector.connect({ service: net.pdsUrl, identifier: alice.handle, password: alice.appPassword });

  it('refreshes an expired access token transparently: one AuthExpired, one refresh, one retry', async () => {
    const deps = recordingDeps();
    const connector = blueskyConnector(deps);
    const state = { session: await connect(connector) };
    const before = state.session;

    advanceClock(121 * 60_000); // past the access token's 120 minutes, for this process and its PDS
    expect(await accepts(before)).toBe(400);

    const rkeys: string[] = [];
    deps.calls.length = 0;
    const { value: ref, refreshed, firstError } = await withRefresh(connector, state, (s) =>
      connector.publish(s, { text: 'Posted after the access token expired', media: [], idempotencyKey: 'expiry-test-1' }, { checkpoint: (step, v) => step === 'rkey' && rkeys.push(v) }),
    );

    expect(refreshed).toBe(true);
    expect(firstError?.details).toMatchObject({ status: 400, xrpcError: 'ExpiredToken', reason: 'expired_token' });
    expect(deps.calls.filter((c) => c.nsid === 'com.atproto.server.refreshSession')).toHaveLength(1);
    expect(state.session.tokens.accessToken).not.toBe(before.tokens.accessToken);
    expect(state.session.tokens.refreshToken).not.toBe(before.tokens.refreshToken);
    expect(state.session.identity).toEqual(before.identity);
    expect(Date.parse(state.session.tokens.expiresAt ?? '')).toBeGreaterThan(Date.now() + 115 * 60_000);
    expect(await accepts(state.session)).toBe(200);
    // Both attempts used one record key, and exactly one post exists.
    expect(rkeys).toHaveLength(2);
    expect(rkeys[0]).toBe(rkeys[1]);
    expect(ref.id).toBe(`at://${alice.did}/app.bsky.feed.post/${rkeys[0]}`);
    expect(await connector.status(state.session, ref)).toEqual(ref);
  });

  it('rotates the refresh token; the old one dies after the PDS grace period (→ AuthExpired invalid_grant)', async () => {
    const deps = recordingDeps();
    const connector = blueskyConnector(deps);
    const first = await connect(connector);
    const second = await connector.refresh(first);
    expect(second.tokens.refreshToken).not.toBe(first.tokens.refreshToken);
    expect(await accepts(second)).toBe(200);

    // Within the PDS's 2-hour grace the previous token still answers, with the same next token id:
    // a lost refresh answer is recoverable, and no second session line is opened.
    const replay = await connector.refresh(first);
    expect(decodeJwtClaims(replay.tokens.refreshToken ?? '').jti).toBe(decodeJwtClaims(second.tokens.refreshToken ?? '').jti);

    advanceClock(2 * 60 * 60_000 + 60_000);
    const error = await caught(connector.refresh(first));
    expect(error.name).toBe('AuthExpired');
    expect(error.details).toMatchObject({ reason: 'invalid_grant', xrpcError: 'ExpiredToken' });
    expect(error.message).toMatch(/Reconnect/);

    // The newest token still works.
    const third = await connector.refresh(replay);
    expect(await accepts(third)).toBe(200);
  });

  it('refreshes once when asked twice at the same time (rotation is single-flight)', async () => {
    const deps = recordingDeps();
    const connector = blueskyConnector(deps);
    const session = await connect(connector);
    deps.calls.length = 0;
    const [a, b] = await Promise.all([connector.refresh(session), connector.refresh(session)]);
    expect(a).toBe(b);
    expect(deps.calls.filter((c) => c.nsid === 'com.atproto.server.refreshSession')).toHaveLength(1);
  });

  it('revokes the session at the PDS (deleteSession): its refresh token is dead afterwards', async () => {
    const deps = recordingDeps();
    const connector = blueskyConnector(deps);
    const session = await connect(connector);
    expect(connector.describe().capabilities.revoke).toBe(true);
    expect(await connector.revoke(session)).toBe(true);
    expect(deps.calls.at(-1)).toMatchObject({ nsid: 'com.atproto.server.deleteSession', status: 200 });

    const error = await caught(connector.refresh(session));
    expect(error.name).toBe('AuthExpired');
    expect(error.details).toMatchObject({ reason: 'invalid_grant' });
    // Revoking again is harmless.
    expect(await connector.revoke(session)).toBe(true);
  });

  it('maps a garbage access token to AuthExpired (invalid_token) and a garbage refresh token to invalid_grant', async () => {
    const connector = blueskyConnector(recordingDeps());
    const session = await connect(connector);
    const broken: Session = { ...session, tokens: { ...session.tokens, accessToken: `${session.tokens.accessToken}x`, refreshToken: `${session.tokens.refreshToken}x` } };
    const publishError = await caught(connector.publish(broken, { text: 'never posted', media: [], idempotencyKey: 'garbage-token' }));
    expect(publishError.name).toBe('AuthExpired');
    expect(publishError.details).toMatchObject({ xrpcError: 'InvalidToken', reason: 'invalid_token' });
    const refreshError = await caught(connector.refresh(broken));
    expect(refreshError.details).toMatchObject({ reason: 'invalid_grant' });
  });
});
