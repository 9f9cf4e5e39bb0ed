import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import type { TokenSet } from '../../../src-main/core/connectors/types';
import { startAuthorization } from '../../../src-main/core/oauth/authorize';
import { refreshTokens } from '../../../src-main/core/oauth/token-endpoint';
import { createTokenManager } from '../../../src-main/core/oauth/token-manager';
import { fixedClock, type Clock } from '../../../src-main/core/platform/clock';
import { keychainSecretStore, memorySecretStore, type SecretStore } from '../../../src-main/core/platform/secrets';
import { startOAuthServer, type OAuthServer } from '../../fakes/oauth-server';
import { captureLogs, configFor } from './kit';

const TTL_SECONDS = 100;
const KEY = 'ws_test/acct_1/tokens';
let server: OAuthServer;
const logs = captureLogs();
beforeAll(async () => {
  server = await startOAuthServer({ accessTokenTtlSeconds: TTL_SECONDS });
});
afterAll(() => server.stop());

/** A manager wired to the real server, with a clock that moves only when told to. */
async function setup(secrets: SecretStore = memorySecretStore(), clock = fixedClock(new Date())) {
  const config = configFor(server, { clock });
  const reconnects: [string, string][] = [];
  const manager = createTokenManager({
    secrets,
    clock,
    refresh: (_key, current) => refreshTokens(config, current.refreshToken ?? '', current),
    onNeedsReconnect: (key, reason) => reconnects.push([key, reason]),
  });
  const attempt = await startAuthorization(config);
  await server.signIn(attempt.url);
  const tokens = await attempt.wait();
  await manager.save(KEY, tokens);
  return { manager, secrets, clock, config, reconnects, tokens };
}

const refreshes = () => server.tokenRequests.refresh_token;
const stored = async (secrets: SecretStore, key = KEY) => JSON.parse((await secrets.get(key)) ?? 'null') as { tokens: TokenSet; issuedAt: string; needsReconnect?: unknown };

describe('the token manager', () => {
  it('saves a rotated refresh token together with its access token, in one entry', async () => {
    const { manager, secrets, tokens } = await setup();
    const before = refreshes();
    const next = await manager.forceRefresh(KEY);
    expect(refreshes()).toBe(before + 1);
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    const entry = await stored(secrets);
    expect(entry.tokens.accessToken).toBe(next.accessToken);
    expect(entry.tokens.refreshToken).toBe(next.refreshToken);
    expect(await secrets.keys('ws_test/')).toEqual([KEY]);
    // The old refresh token is gone everywhere but the server's memory of it.
    expect(await secrets.get(KEY)).not.toContain(tokens.refreshToken);
  });

  it('refreshes at 80% of the lifetime, not before', async () => {
    const { manager, secrets, clock, tokens } = await setup();
    const before = refreshes();
    clock.advance(TTL_SECONDS * 1000 * 0.79);
    expect((await manager.get(KEY)).accessToken).toBe(tokens.accessToken);
    expect(refreshes()).toBe(before);
    clock.advance(TTL_SECONDS * 1000 * 0.01);
    const fresh = await manager.get(KEY);
    expect(refreshes()).toBe(before + 1);
    expect(fresh.accessToken).not.toBe(tokens.accessToken);
    const entry = await stored(secrets);
    expect(entry.issuedAt).toBe(clock.now().toISOString());
    expect(entry.tokens.expiresAt).toBe(new Date(clock.now().getTime() + TTL_SECONDS * 1000).toISOString());
    // Fresh again: the next get does not ask the server.
    await manager.get(KEY);
    expect(refreshes()).toBe(before + 1);
  });

  it('makes one refresh request for 10 concurrent gets, and one for 10 concurrent forceRefreshes', async () => {
    const { manager, clock } = await setup();
    clock.advance(TTL_SECONDS * 1000 * 0.9);
    let before = refreshes();
    const got = await Promise.all(Array.from({ length: 10 }, () => manager.get(KEY)));
    expect(refreshes()).toBe(before + 1);
    expect(new Set(got.map((t) => t.accessToken)).size).toBe(1);

    before = refreshes();
    const forced = await Promise.all(Array.from({ length: 10 }, () => manager.forceRefresh(KEY)));
    expect(refreshes()).toBe(before + 1);
    expect(new Set(forced.map((t) => t.refreshToken)).size).toBe(1);
    // Still valid after all that: a double refresh would have killed the grant.
    await expect(manager.forceRefresh(KEY)).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it('skips the server after a 401 when another caller already refreshed', async () => {
    const { manager, tokens } = await setup();
    const fresh = await manager.forceRefresh(KEY, tokens.accessToken);
    const before = refreshes();
    expect(await manager.forceRefresh(KEY, tokens.accessToken)).toEqual(fresh);
    expect(refreshes()).toBe(before);
  });

  it('on invalid_grant asks for a reconnect once and never calls the server again until new tokens are saved', async () => {
    const { manager, secrets, reconnects, clock, config } = await setup();
    const oldEntry = await secrets.get(KEY);
    await manager.forceRefresh(KEY); // rotates: the saved old refresh token is now spent
    await secrets.set(KEY, oldEntry ?? ''); // e.g. a restored backup or a second copy of the app
    const before = refreshes();

    const results = await Promise.allSettled([manager.forceRefresh(KEY), manager.forceRefresh(KEY), manager.get(KEY)]);
    expect(refreshes()).toBe(before + 1);
    for (const r of results) expect(r).toMatchObject({ status: 'rejected', reason: { name: 'AuthExpired', details: { reason: 'invalid_grant' } } });
    expect(reconnects).toEqual([[KEY, 'invalid_grant']]);
    expect(manager.needsReconnect(KEY)).toBe('invalid_grant');

    clock.advance(TTL_SECONDS * 1000 * 5);
    for (let i = 0; i < 5; i += 1) {
      await expect(manager.get(KEY)).rejects.toMatchObject({ name: 'AuthExpired', message: expect.stringMatching(/reconnected/) });
      await expect(manager.forceRefresh(KEY)).rejects.toMatchObject({ name: 'AuthExpired' });
    }
    expect(refreshes()).toBe(before + 1);
    expect(reconnects).toHaveLength(1);

    // The mark is in the keychain entry, so a restarted app does not try again either.
    expect((await stored(secrets)).needsReconnect).toMatchObject({ reason: 'invalid_grant' });
    const restarted = createTokenManager({ secrets, clock, refresh: (_k, c) => refreshTokens(config, c.refreshToken ?? ''), onNeedsReconnect: () => undefined });
    await expect(restarted.get(KEY)).rejects.toMatchObject({ name: 'AuthExpired' });
    expect(refreshes()).toBe(before + 1);

    // Reconnecting (a new sign-in saved) brings the account back.
    const attempt = await startAuthorization(config);
    await server.signIn(attempt.url);
    await manager.save(KEY, await attempt.wait());
    expect(manager.needsReconnect(KEY)).toBeUndefined();
    await expect(manager.forceRefresh(KEY)).resolves.toMatchObject({ refreshToken: expect.any(String) });
    expect(refreshes()).toBe(before + 2);
  });

  it('keeps a still-valid token when a proactive refresh fails for a passing reason', async () => {
    const clock = fixedClock(new Date());
    const secrets = memorySecretStore();
    let calls = 0;
    const manager = createTokenManager({
      secrets,
      clock,
      refresh: async () => {
        calls += 1;
        throw Object.assign(new Error('down'), { name: 'Transient' });
      },
      onNeedsReconnect: () => undefined,
    });
    const expiresAt = new Date(clock.now().getTime() + 100_000).toISOString();
    await manager.save('k', { accessToken: 'a1', refreshToken: 'r1', expiresAt });
    clock.advance(90_000);
    expect((await manager.get('k')).accessToken).toBe('a1');
    clock.advance(20_000); // now expired: the failure must surface
    await expect(manager.get('k')).rejects.toThrow('down');
    expect(calls).toBe(2);
  });

  it('does not let a refresh that started before a reconnect overwrite or condemn the new tokens', async () => {
    const clock = fixedClock(new Date());
    const secrets = memorySecretStore();
    const reasons: string[] = [];
    const pending: { resolve(t: TokenSet): void; reject(e: unknown): void }[] = [];
    const manager = createTokenManager({
      secrets,
      clock,
      refresh: () => new Promise<TokenSet>((resolve, reject) => pending.push({ resolve, reject })),
      onNeedsReconnect: (_k, r) => reasons.push(r),
    });
    const started = async () => {
      while (pending.length === 0) await new Promise((r) => setTimeout(r, 1));
      return pending.shift()!;
    };
    await manager.save('k', { accessToken: 'old', refreshToken: 'r-old' });
    const late = manager.forceRefresh('k');
    const first = await started();
    await manager.save('k', { accessToken: 'reconnected', refreshToken: 'r-new' });
    first.resolve({ accessToken: 'from-the-old-refresh', refreshToken: 'r-rotated' });
    await late;
    expect((await manager.get('k')).accessToken).toBe('reconnected');

    const failing = manager.forceRefresh('k');
    const second = await started();
    await manager.save('k', { accessToken: 'reconnected-again', refreshToken: 'r-newer' });
    second.reject(new AppError('AuthExpired', 'gone', { reason: 'invalid_grant' }));
    await expect(failing).rejects.toMatchObject({ name: 'AuthExpired' });
    expect(reasons).toEqual([]);
    expect((await manager.get('k')).accessToken).toBe('reconnected-again');
  });

  it('needs a reconnect when there is nothing to refresh with', async () => {
    const clock: Clock = fixedClock(new Date());
    const reasons: string[] = [];
    const manager = createTokenManager({ secrets: memorySecretStore(), clock, refresh: async () => ({ accessToken: 'never' }), onNeedsReconnect: (_k, r) => reasons.push(r) });
    await expect(manager.get('missing')).rejects.toMatchObject({ name: 'AuthExpired', details: { reason: 'no_saved_tokens' } });
    await manager.save('mastodon', { accessToken: 'no-expiry' });
    expect((await manager.get('mastodon')).accessToken).toBe('no-expiry');
    await expect(manager.forceRefresh('mastodon')).rejects.toMatchObject({ details: { reason: 'no_refresh_token' } });
    expect(reasons).toEqual(['no_saved_tokens', 'no_refresh_token']);
    expect(await manager.delete('mastodon')).toBe(true);
  });

  it('never logs a token', () => {
    expect(logs.records.some((r) => r.msg === 'tokens refreshed')).toBe(true);
    expect(logs.text()).not.toMatch(/"(accessToken|refreshToken)":"(?!\[redacted\])/);
    expect(logs.text()).not.toMatch(/[A-Za-z0-9_-]{43}/); // oidc-provider's opaque tokens are 43 characters
  });

  it.runIf(process.env.PROMOGPT_TEST_KEYRING === '1')('round-trips tokens through the real OS keychain', async () => {
    const secrets = keychainSecretStore('PromoGPT-test');
    const key = `ws_test/acct_${randomBytes(4).toString('hex')}/tokens`;
    try {
      const clock = fixedClock(new Date());
      const { manager, tokens } = await setup(secrets, clock);
      const config = configFor(server, { clock });
      await manager.save(key, tokens);
      // A second manager (as after a restart) reads what the first wrote.
      const reader = createTokenManager({ secrets, clock, refresh: (_k, c) => refreshTokens(config, c.refreshToken ?? '', c), onNeedsReconnect: () => undefined });
      expect(await reader.get(key)).toEqual({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt, scopes: tokens.scopes });
      const rotated = await reader.forceRefresh(key);
      expect((await stored(secrets, key)).tokens.refreshToken).toBe(rotated.refreshToken);
      expect(await reader.delete(key)).toBe(true);
      expect(await secrets.get(key)).toBeNull();
    } finally {
      await secrets.delete(key).catch(() => false);
      await secrets.delete(KEY).catch(() => false);
    }
  });
});
