import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/app';
import { configureLogging, memorySink } from '../../../src-main/core/platform/logger';
import { keychainSecretStore, memorySecretStore, type SecretStore } from '../../../src-main/core/platform/secrets';
import type { Events } from '../../../src-shared/contract';
import { AppError } from '../../../src-shared/errors';
import { startBlueskyNetwork, type BlueskyTestNetwork, type TestAccount } from '../../fakes/bluesky-pds';
import { tempDir } from '../../helpers/core';

// The real keychain where the test rig provides one (npm test on Linux), as users have it.
const secrets: SecretStore = process.env.PROMOGPT_TEST_KEYRING === '1' ? keychainSecretStore(`PromoGPT-test-${process.pid}`) : memorySecretStore();

let net: BlueskyTestNetwork;
let alice: TestAccount;
let core: Core;
let dataDir: string;
let workspaceId: string;
const logs = memorySink();
const events: { event: string; payload: unknown }[] = [];
/** Every secret string seen during the test, to prove none reached a file or a log. */
const seenSecrets = new Set<string>();

beforeAll(async () => {
  net = await startBlueskyNetwork();
  alice = await net.createAccount('alice');
  seenSecrets.add(alice.appPassword).add(alice.password);
  configureLogging({ sinks: [logs], level: 'debug' });
  dataDir = tempDir();
  core = createCore({ dataDir, shell: 'cli', secrets });
  core.events.onAny((event, payload) => events.push({ event, payload }));
  workspaceId = (await core.call('workspace.create', { name: 'Acme' })).id;
}, 180_000);

afterAll(async () => {
  configureLogging({ sinks: [] });
  core?.close();
  await net?.close();
});

async function rememberTokens(accountId: string) {
  const raw = await secrets.get(`${workspaceId}/${accountId}/tokens`);
  expect(raw).toBeTruthy();
  const stored = JSON.parse(raw as string) as { tokens: { accessToken: string; refreshToken: string } };
  seenSecrets.add(stored.tokens.accessToken).add(stored.tokens.refreshToken);
  return stored.tokens;
}

describe('Bluesky accounts against a real PDS', () => {
  let accountId: string;

  it('connects with an app password and shows the account as healthy', async () => {
    const account = await core.call('account.connectBluesky', { workspaceId, service: net.pdsUrl, identifier: alice.handle, appPassword: alice.appPassword });
    accountId = account.id;
    expect(account).toMatchObject({ platform: 'bluesky', handle: alice.handle, status: 'connected', health: { level: 'ok', summary: 'Connected' } });
    expect(await core.call('account.list', { workspaceId })).toEqual([account]);
    await rememberTokens(accountId);
    expect(events.some((e) => e.event === 'accounts.changed')).toBe(true);
  });

  it('refuses a wrong app password clearly, storing nothing', async () => {
    const before = await secrets.keys(`${workspaceId}/`);
    const result = await core.invoke('account.connectBluesky', { workspaceId, service: net.pdsUrl, identifier: alice.handle, appPassword: 'aaaa-bbbb-cccc-dddd' });
    expect(result).toMatchObject({ ok: false, error: { name: 'ValidationError', message: expect.stringContaining('app password') } });
    expect(await secrets.keys(`${workspaceId}/`)).toEqual(before);
    expect(await core.call('account.list', { workspaceId })).toHaveLength(1);
  });

  it('reconnecting the same account updates it instead of adding a second one', async () => {
    const again = await core.call('account.connectBluesky', { workspaceId, service: net.pdsUrl, identifier: alice.handle, appPassword: alice.appPassword });
    expect(again.id).toBe(accountId);
    expect(await core.call('account.list', { workspaceId })).toHaveLength(1);
    await rememberTokens(accountId);
  });

  it('checks the account with the platform', async () => {
    const checked = await core.call('account.check', { workspaceId, accountId });
    expect(checked.health).toEqual({ level: 'ok', summary: 'Connected' });
  });

  it('marks the account "needs reconnect" when its sign-in is revoked elsewhere, and raises a notice', async () => {
    const tokens = await rememberTokens(accountId);
    // The user signs PromoGPT out on the PDS (e.g. revokes the app password session).
    const res = await fetch(`${net.pdsUrl}/xrpc/com.atproto.server.deleteSession`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.refreshToken}` } });
    expect(res.ok).toBe(true);
    // Its access token works until it expires; when the platform next refuses it, the refresh fails for real.
    const refused = core.accounts.withSession(workspaceId, accountId, async () => {
      throw new AppError('AuthExpired', 'Bluesky no longer accepts this sign-in.');
    });
    await expect(refused).rejects.toMatchObject({ name: 'AuthExpired' });
    const account = (await core.call('account.list', { workspaceId }))[0];
    expect(account).toMatchObject({ status: 'needs_reconnect', health: { level: 'problem' } });
    expect(account?.health.summary).toMatch(/^Needs reconnect: /);
    const notices = events.filter((e) => e.event === 'notice').map((e) => (e.payload as Events['notice']).message);
    expect(notices.some((m) => m.includes(alice.handle) && m.includes('reconnected'))).toBe(true);
    // Reconnecting heals it.
    const healed = await core.call('account.connectBluesky', { workspaceId, service: net.pdsUrl, identifier: alice.handle, appPassword: alice.appPassword });
    expect(healed).toMatchObject({ id: accountId, status: 'connected' });
    await rememberTokens(accountId);
  });

  it('disconnects: revokes at the PDS, deletes the keychain entries, keeps the history', async () => {
    const tokens = await rememberTokens(accountId);
    const removed = await core.call('account.remove', { workspaceId, accountId, deleteHistory: false });
    expect(removed).toEqual({ removed: accountId, revoked: true });
    expect(await secrets.keys(`${workspaceId}/${accountId}/`)).toEqual([]);
    const refresh = await fetch(`${net.pdsUrl}/xrpc/com.atproto.server.refreshSession`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.refreshToken}` } });
    expect(refresh.ok).toBe(false);
    expect(await core.call('account.list', { workspaceId })).toEqual([expect.objectContaining({ id: accountId, status: 'disconnected', health: { level: 'off', summary: 'Disconnected' } })]);
  });

  it('deletes the history too when asked', async () => {
    await core.call('account.connectBluesky', { workspaceId, service: net.pdsUrl, identifier: alice.handle, appPassword: alice.appPassword });
    await rememberTokens(accountId);
    await core.call('account.remove', { workspaceId, accountId, deleteHistory: true });
    expect(await core.call('account.list', { workspaceId })).toEqual([]);
  });

  it('deleting the workspace removes every keychain entry it owned', async () => {
    const ws = await core.call('workspace.create', { name: 'Globex' });
    const acct = await core.call('account.connectBluesky', { workspaceId: ws.id, service: net.pdsUrl, identifier: alice.handle, appPassword: alice.appPassword });
    const raw = JSON.parse((await secrets.get(`${ws.id}/${acct.id}/tokens`)) as string) as { tokens: { accessToken: string; refreshToken: string } };
    seenSecrets.add(raw.tokens.accessToken).add(raw.tokens.refreshToken);
    await core.call('workspace.delete', { id: ws.id, confirmName: 'Globex' });
    expect(await secrets.keys(`${ws.id}/`)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'workspaces', ws.id))).toBe(false);
  });

  it('never wrote a secret to the data folder or a log line', () => {
    core.close();
    const files: string[] = [];
    const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name))));
    walk(dataDir);
    expect(files.some((f) => f.endsWith('workspace.db'))).toBe(true);
    const logText = JSON.stringify(logs.records);
    for (const secret of seenSecrets) {
      expect(secret.length).toBeGreaterThan(8);
      for (const file of files) expect(fs.readFileSync(file).includes(secret), `${secret.slice(0, 6)}… found in ${file}`).toBe(false);
      expect(logText.includes(secret)).toBe(false);
    }
    expect(seenSecrets.size).toBeGreaterThanOrEqual(8);
  });
});
