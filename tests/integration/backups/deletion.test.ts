import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/app';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { keychainSecretStore, type SecretStore } from '../../../src-main/core/platform/secrets';
import type { Events } from '../../../src-shared/contract';
import type { ConnectAttempt } from '../../../src-shared/domain';
import { followAuthorize } from '../../fakes/fake-http';
import { startMastodonFake, type MastodonFake } from '../../fakes/mastodon/server';
import { DELETE_EVERYTHING_PHRASE } from '../../../src-main/core/deletion/deletion';
import { tempDir } from '../../helpers/core';
import { holdOpen } from '../../helpers/hold-open';

// Complete deletion against the real keyring (scripts/with-keyring.sh) and a fake Mastodon
// instance whose /oauth/revoke records what was revoked.
let secrets: SecretStore;
const clock = fixedClock('2026-03-01T09:00:00.000Z');
let mastodon: MastodonFake;
let core: Core;
let dataDir: string;

beforeAll(async () => {
  if (process.platform === 'linux' && process.env.PROMOGPT_TEST_KEYRING !== '1') {
    throw new Error('No test keyring: run with `bash scripts/with-keyring.sh npx vitest run <file>`.');
  }
  secrets = keychainSecretStore(`PromoGPT-test-delete-${process.pid}`);
  mastodon = await startMastodonFake({ clock });
  mastodon.addAccount({ username: 'alice', displayName: 'Alice' });
  dataDir = tempDir();
  core = createCore({ dataDir, shell: 'cli', secrets, clock });
});
afterAll(async () => {
  core?.close();
  await mastodon?.close();
});

async function connectMastodon(workspaceId: string) {
  const attempt: ConnectAttempt = await core.call('account.connectStart', { workspaceId, platform: 'mastodon', instanceUrl: mastodon.url });
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
  await (await fetch(location)).text();
  const result = await finished;
  expect(result.error).toBeUndefined();
  const account = result.account as NonNullable<typeof result.account>;
  const raw = JSON.parse((await secrets.get(`${workspaceId}/${account.id}/tokens`)) as string) as { tokens: { accessToken: string } };
  return { account, accessToken: raw.tokens.accessToken };
}

const entriesOf = async (id: string) => (await secrets.keys('')).filter((k) => k.includes(id));

describe('security events of accounts', () => {
  it('records connected, reconnected and a failed refresh, and never a secret', async () => {
    const ws = await core.call('workspace.create', { name: 'Hooli' });
    const first = await connectMastodon(ws.id);
    const again = await connectMastodon(ws.id);
    expect(again.account.id).toBe(first.account.id);
    // The instance refuses the token and its check: the refresh fails, the account needs reconnecting.
    mastodon.fail({ ...mastodon.faults.invalidToken(), times: 5 });
    const checked = await core.call('account.check', { workspaceId: ws.id, accountId: first.account.id });
    mastodon.clearFaults();
    expect(checked.status).toBe('needs_reconnect');
    const events = await core.call('securityLog.list', { workspaceId: ws.id });
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['account.connected', 'account.reconnected', 'account.refreshFailed']));
    const secretsOfIt = await Promise.all((await entriesOf(ws.id)).map((k) => secrets.get(k)));
    const all = JSON.stringify(await core.call('securityLog.list', {}));
    expect(secretsOfIt.length).toBeGreaterThanOrEqual(2);
    for (const stored of secretsOfIt) {
      // Tokens are JSON, an app secret is the bare string: every long run of token characters in them.
      for (const value of (stored ?? '').match(/[A-Za-z0-9_-]{20,}/g) ?? []) expect(all).not.toContain(value);
    }
    await core.call('workspace.delete', { id: ws.id, confirmName: 'Hooli' });
  });
});

describe('deleting a workspace', () => {
  it('revokes its sign-ins, removes database, media, backups and every keychain entry, and proves it', async () => {
    const ws = await core.call('workspace.create', { name: 'Acme' });
    const other = await core.call('workspace.create', { name: 'Globex' });
    const { accessToken } = await connectMastodon(ws.id);
    const kept = await connectMastodon(other.id);
    await core.call('backup.create', { workspaceId: ws.id });
    fs.writeFileSync(path.join(dataDir, 'workspaces', ws.id, 'media', 'x.bin'), 'media bytes');
    // A secret exists before: the token and the instance's app secret.
    expect((await entriesOf(ws.id)).length).toBeGreaterThanOrEqual(2);
    expect(mastodon.isTokenActive(accessToken)).toBe(true);

    const wrong = await core.invoke('workspace.delete', { id: ws.id, confirmName: 'acme' });
    expect(wrong).toMatchObject({ ok: false, error: { name: 'ValidationError' } });
    expect(fs.existsSync(path.join(dataDir, 'workspaces', ws.id))).toBe(true);

    // Open in another process (the desktop app, `scheduler run`): refused before anything is revoked or removed.
    const entriesBefore = await entriesOf(ws.id);
    const elsewhere = await holdOpen(core.layout.workspaceDb(ws.id));
    try {
      for (const refused of [await core.invoke('workspace.delete', { id: ws.id, confirmName: 'Acme' }), await core.invoke('app.deleteEverything', { confirm: DELETE_EVERYTHING_PHRASE })]) {
        expect(refused).toMatchObject({ ok: false, error: { name: 'Conflict', message: expect.stringContaining('open in another PromoGPT process') } });
      }
      expect(mastodon.isTokenActive(accessToken)).toBe(true);
      expect(mastodon.isTokenActive(kept.accessToken)).toBe(true);
      expect(await entriesOf(ws.id)).toEqual(entriesBefore);
      expect(fs.existsSync(path.join(dataDir, 'backups', ws.id))).toBe(true);
      expect((await core.call('workspace.list', {})).map((w) => w.id)).toEqual(expect.arrayContaining([ws.id, other.id]));
    } finally {
      await elsewhere.close();
    }

    const report = await core.call('workspace.delete', { id: ws.id, confirmName: 'Acme' });
    expect(report.revoked).toEqual([expect.objectContaining({ platform: 'mastodon', result: 'revoked' })]);
    expect(report.backupsRemoved).toBe(1);
    expect(report.check).toEqual({ clean: true, leftoverFiles: [], leftoverKeychainEntries: [], keychainChecked: true });
    // Checked independently of the report.
    expect(mastodon.isTokenActive(accessToken)).toBe(false);
    expect(await entriesOf(ws.id)).toEqual([]);
    for (const p of [path.join(dataDir, 'workspaces', ws.id), path.join(dataDir, 'backups', ws.id)]) expect(fs.existsSync(p)).toBe(false);
    // The other workspace is untouched.
    expect(mastodon.isTokenActive(kept.accessToken)).toBe(true);
    expect((await entriesOf(other.id)).length).toBeGreaterThanOrEqual(2);

    const events = await core.call('securityLog.list', { workspaceId: ws.id });
    const kinds = events.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['workspace.created', 'account.connected', 'backup.taken', 'account.disconnected', 'workspace.deleted']));
    expect(JSON.stringify(events)).not.toContain(accessToken);
  });

  it('a revoke that fails (the instance is down) does not stop the deletion, and is reported', async () => {
    const ws = await core.call('workspace.create', { name: 'Initech' });
    const { accessToken } = await connectMastodon(ws.id);
    mastodon.fail({ ...mastodon.faults.unavailable(503), match: { path: '/oauth/revoke' }, times: 10 });
    const report = await core.call('workspace.delete', { id: ws.id, confirmName: 'Initech' });
    mastodon.clearFaults();
    expect(report.revoked).toEqual([expect.objectContaining({ result: 'failed', error: expect.any(String) })]);
    expect(report.check.clean).toBe(true);
    expect(await entriesOf(ws.id)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'workspaces', ws.id))).toBe(false);
    expect(mastodon.isTokenActive(accessToken)).toBe(true); // the platform still has it: that is what the report says
    const failed = await core.call('securityLog.list', { workspaceId: ws.id, kind: 'account.revokeFailed' });
    expect(failed).toHaveLength(1);
    expect(failed[0]?.detail).not.toContain(accessToken);
  });

  it('"delete everything" removes every workspace, the app settings and all keychain entries', async () => {
    const ws = await core.call('workspace.create', { name: 'Umbrella' });
    await connectMastodon(ws.id);
    await core.call('settings.update', { theme: 'dark' });
    const refused = await core.invoke('app.deleteEverything', { confirm: 'yes' });
    expect(refused).toMatchObject({ ok: false, error: { name: 'ValidationError' } });
    expect((await core.call('workspace.list', {})).length).toBeGreaterThan(0);

    const report = await core.call('app.deleteEverything', { confirm: 'delete everything' });
    expect(report.workspaces.length).toBeGreaterThanOrEqual(2);
    expect(report.workspaces.every((w) => w.check.clean)).toBe(true);
    expect(report.check).toMatchObject({ clean: true, leftoverFiles: [], leftoverKeychainEntries: [] });
    expect(await secrets.keys('')).toEqual([]);
    expect(await core.call('workspace.list', {})).toEqual([]);
    expect((await core.call('settings.get', {})).theme).toBe('system');
    expect((await core.call('securityLog.list', {})).map((e) => e.kind)).toEqual(['everything.deleted']);
  });
});
