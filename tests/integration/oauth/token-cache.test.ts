// The token manager's short memory of keychain reads: a burst of gets for one account reads the
// keychain once; saving, deleting, a forced refresh, a dead sign-in or the time running out
// make the next get read it again; and a refresh never starts from what is remembered.
import { describe, expect, it } from 'vitest';
import type { TokenSet } from '../../../src-main/core/connectors/types';
import { createTokenManager } from '../../../src-main/core/oauth/token-manager';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { configureLogging, memorySink } from '../../../src-main/core/platform/logger';
import { memorySecretStore } from '../../../src-main/core/platform/secrets';
import { AppError } from '../../../src-shared/errors';

const KEY = 'ws_1/acct_1/tokens';

function setup(opts: { cacheMs?: number; refresh?: (current: TokenSet) => Promise<TokenSet> } = {}) {
  const store = memorySecretStore();
  let reads = 0;
  const secrets = { ...store, get: (key: string) => ((reads += 1), store.get(key)) };
  let now = 0;
  const refreshed: string[] = [];
  const manager = createTokenManager({
    secrets,
    clock: fixedClock('2026-03-01T09:00:00.000Z'),
    cacheMs: opts.cacheMs ?? 2000,
    monotonicMs: () => now,
    refresh: async (_key, current) => {
      refreshed.push(current.refreshToken ?? '');
      return opts.refresh ? opts.refresh(current) : { accessToken: `access-after-${current.refreshToken}`, refreshToken: `${current.refreshToken}+` };
    },
    onNeedsReconnect: () => undefined,
  });
  return { manager, store, reads: () => reads, advance: (ms: number) => (now += ms), refreshed };
}

describe('the token cache', () => {
  it('reads the keychain once for a burst of gets, and again once cacheMs has passed', async () => {
    const t = setup();
    await t.manager.save(KEY, { accessToken: 'a1', refreshToken: 'r1' });
    for (let i = 0; i < 20; i++) expect((await t.manager.get(KEY)).accessToken).toBe('a1');
    expect(t.reads()).toBe(1);
    t.advance(1999);
    await t.manager.get(KEY);
    expect(t.reads()).toBe(1);
    t.advance(1);
    await t.manager.get(KEY);
    expect(t.reads()).toBe(2);
  });

  it('is off with cacheMs 0: every get reads the keychain', async () => {
    const t = setup({ cacheMs: 0 });
    await t.manager.save(KEY, { accessToken: 'a1' });
    await t.manager.get(KEY);
    await t.manager.get(KEY);
    expect(t.reads()).toBe(2);
  });

  it('forgets on save and delete: the next get sees the new tokens, or none', async () => {
    const t = setup();
    await t.manager.save(KEY, { accessToken: 'a1', refreshToken: 'r1' });
    await t.manager.get(KEY);
    await t.manager.save(KEY, { accessToken: 'a2', refreshToken: 'r2' });
    expect((await t.manager.get(KEY)).accessToken).toBe('a2');
    await t.manager.delete(KEY);
    const err = await t.manager.get(KEY).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).name).toBe('AuthExpired');
  });

  it('a forced refresh starts from the keychain, never from memory, and the next get has its result', async () => {
    const t = setup();
    await t.manager.save(KEY, { accessToken: 'a1', refreshToken: 'r1' });
    await t.manager.get(KEY); // remembered: a1/r1
    // Another process rotated the tokens meanwhile; the remembered refresh token is spent.
    await t.store.set(KEY, JSON.stringify({ v: 1, tokens: { accessToken: 'a9', refreshToken: 'r9' }, issuedAt: '2026-03-01T09:00:00.000Z' }));
    const next = await t.manager.forceRefresh(KEY);
    expect(t.refreshed).toEqual(['r9']);
    expect(next.accessToken).toBe('access-after-r9');
    expect((await t.manager.get(KEY)).accessToken).toBe('access-after-r9');
  });

  it('forgets a sign-in that turned out dead', async () => {
    const t = setup({ refresh: async () => Promise.reject(new AppError('AuthExpired', 'no', { reason: 'invalid_grant' })) });
    await t.manager.save(KEY, { accessToken: 'a1', refreshToken: 'r1' });
    await t.manager.get(KEY);
    await expect(t.manager.forceRefresh(KEY)).rejects.toMatchObject({ name: 'AuthExpired' });
    await expect(t.manager.get(KEY)).rejects.toMatchObject({ name: 'AuthExpired' });
  });

  it('never logs what it remembers', async () => {
    const sink = memorySink();
    configureLogging({ sinks: [sink] });
    try {
      const t = setup();
      await t.manager.save(KEY, { accessToken: 'secret-access-token-xyz', refreshToken: 'secret-refresh-token-xyz' });
      for (let i = 0; i < 3; i++) await t.manager.get(KEY);
      await t.manager.forceRefresh(KEY);
      expect(JSON.stringify(sink.records)).not.toContain('secret-');
    } finally {
      configureLogging({ sinks: [] });
    }
  });
});
