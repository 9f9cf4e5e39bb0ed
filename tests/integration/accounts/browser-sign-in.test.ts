import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/app';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { keychainSecretStore, memorySecretStore, type SecretStore } from '../../../src-main/core/platform/secrets';
import type { Events } from '../../../src-shared/contract';
import type { ConnectAttempt } from '../../../src-shared/domain';
import { followAuthorize } from '../../fakes/fake-http';
import { startMastodonFake, type MastodonFake } from '../../fakes/mastodon/server';
import { startXFake, type XFake } from '../../fakes/x/server';
import { tempDir } from '../../helpers/core';
import { freePort } from '../mastodon/kit';

const secrets: SecretStore = process.env.PROMOGPT_TEST_KEYRING === '1' ? keychainSecretStore(`PromoGPT-test-${process.pid}`) : memorySecretStore();
const clock = fixedClock('2026-03-01T09:00:00.000Z');
let mastodon: MastodonFake;
let x: XFake;
let core: Core;
let workspaceId: string;

beforeAll(async () => {
  mastodon = await startMastodonFake({ clock });
  mastodon.addAccount({ username: 'alice', displayName: 'Alice' });
  x = await startXFake({ clock });
  x.addUser({ username: 'acme', name: 'Acme' });
  core = createCore({ dataDir: tempDir(), shell: 'cli', secrets, clock, bases: { x: { apiBase: x.url, authBase: x.url } } });
  workspaceId = (await core.call('workspace.create', { name: 'Acme' })).id;
});
afterAll(async () => {
  core?.close();
  await mastodon?.close();
  await x?.close();
});

/** Plays the user's browser: the fake approves, and the browser follows the redirect to PromoGPT's loopback listener. */
async function approveInBrowser(attempt: ConnectAttempt): Promise<Events['account.connectFinished']> {
  const finished = new Promise<Events['account.connectFinished']>((resolve) => {
    const stop = core.events.onAny((event, payload) => {
      const p = payload as Events['account.connectFinished'];
      if (event === 'account.connectFinished' && p.attemptId === attempt.attemptId) {
        stop();
        resolve(p);
      }
    });
  });
  const { location } = await followAuthorize(attempt.authorizationUrl);
  expect(location.origin + location.pathname).toBe(attempt.redirectUri);
  const page = await fetch(location);
  expect(await page.text()).toContain('You can close this tab');
  return finished;
}

describe('Mastodon sign-in in the browser', () => {
  it('registers PromoGPT on the instance once, signs in with PKCE, and saves the account', async () => {
    const attempt = await core.call('account.connectStart', { workspaceId, platform: 'mastodon', instanceUrl: mastodon.url });
    expect(new URL(attempt.authorizationUrl).searchParams.get('code_challenge_method')).toBe('S256');
    const result = await approveInBrowser(attempt);
    expect(result.error).toBeUndefined();
    expect(result.account).toMatchObject({ platform: 'mastodon', handle: expect.stringContaining('alice'), status: 'connected', apiBase: mastodon.url });
    expect(mastodon.apps()).toHaveLength(1);
    // The app's secret is in the keychain, never in what the UI gets.
    const creds = await core.call('credentials.list', { workspaceId });
    expect(creds).toEqual([expect.objectContaining({ platform: 'mastodon', instance: mastodon.url, hasSecret: true })]);
    expect(JSON.stringify(creds)).not.toMatch(/secret"?:\s*"[^"]/i);

    const again = await core.call('account.connectStart', { workspaceId, platform: 'mastodon', instanceUrl: mastodon.url });
    expect((await approveInBrowser(again)).account?.id).toBe(result.account?.id);
    expect(mastodon.apps()).toHaveLength(1);
  });

  it('disconnecting revokes the token at the instance', async () => {
    const [account] = await core.call('account.list', { workspaceId });
    const raw = JSON.parse((await secrets.get(`${workspaceId}/${account?.id}/tokens`)) as string) as { tokens: { accessToken: string } };
    expect(mastodon.isTokenActive(raw.tokens.accessToken)).toBe(true);
    const removed = await core.call('account.remove', { workspaceId, accountId: account?.id as string, deleteHistory: true });
    expect(removed.revoked).toBe(true);
    expect(mastodon.isTokenActive(raw.tokens.accessToken)).toBe(false);
  });

  it('a cancelled sign-in ends with a clear message', async () => {
    const attempt = await core.call('account.connectStart', { workspaceId, platform: 'mastodon', instanceUrl: mastodon.url });
    const finished = new Promise<Events['account.connectFinished']>((resolve) =>
      core.events.onAny((event, p) => event === 'account.connectFinished' && (p as Events['account.connectFinished']).attemptId === attempt.attemptId && resolve(p as Events['account.connectFinished'])),
    );
    expect(await core.call('account.connectCancel', { attemptId: attempt.attemptId })).toEqual({ cancelled: true });
    expect((await finished).error).toMatchObject({ name: 'Transient', message: expect.stringMatching(/cancel/i) });
  });
});

describe('X sign-in with the user’s own developer app', () => {
  it('asks for the developer app first', async () => {
    const result = await core.invoke('account.connectStart', { workspaceId, platform: 'x' });
    expect(result).toMatchObject({ ok: false, error: { name: 'ValidationError', message: expect.stringContaining('Developer apps') } });
  });

  it('signs in on the registered port, then refreshes the rotating token when it is due', async () => {
    const port = await freePort();
    const app = x.registerClient({ redirectUris: [`http://127.0.0.1:${port}/callback`] });
    await core.call('credentials.set', { workspaceId, platform: 'x', clientId: app.clientId, redirectPort: port });
    const attempt = await core.call('account.connectStart', { workspaceId, platform: 'x' });
    expect(attempt.redirectUri).toBe(`http://127.0.0.1:${port}/callback`);
    const result = await approveInBrowser(attempt);
    expect(result.account).toMatchObject({ platform: 'x', handle: '@acme', status: 'connected' });
    const accountId = result.account?.id as string;
    const before = JSON.parse((await secrets.get(`${workspaceId}/${accountId}/tokens`)) as string) as { tokens: { refreshToken: string } };

    clock.advance(3 * 60 * 60 * 1000); // the 2 h access token has expired
    expect(await core.call('account.check', { workspaceId, accountId })).toMatchObject({ status: 'connected', health: { level: 'ok' } });
    const after = JSON.parse((await secrets.get(`${workspaceId}/${accountId}/tokens`)) as string) as { tokens: { refreshToken: string } };
    expect(after.tokens.refreshToken).not.toBe(before.tokens.refreshToken);
    expect(x.tokenState(before.tokens.refreshToken)).toBe('rotated');
  });

  it('an account whose refresh token is dead needs reconnecting, without retrying in a loop', async () => {
    const [account] = (await core.call('account.list', { workspaceId })).filter((a) => a.platform === 'x');
    const saved = JSON.parse((await secrets.get(`${workspaceId}/${account?.id}/tokens`)) as string) as { tokens: { refreshToken: string } };
    // The user revokes PromoGPT in X's settings.
    await fetch(`${x.url}/2/oauth2/revoke`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: saved.tokens.refreshToken, client_id: (await core.call('credentials.list', { workspaceId })).find((c) => c.platform === 'x')?.clientId as string }) });
    clock.advance(3 * 60 * 60 * 1000);
    const tokenCalls = () => x.log.filter((e) => e.path === '/2/oauth2/token').length;
    const calls = tokenCalls();
    expect(await core.call('account.check', { workspaceId, accountId: account?.id as string })).toMatchObject({ status: 'needs_reconnect', health: { level: 'problem' } });
    await core.call('account.check', { workspaceId, accountId: account?.id as string });
    expect(tokenCalls() - calls).toBe(1);
  });
});
