import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { keychainSecretStore } from '../../src-main/core/platform/secrets';
import { assertBuilt, promogpt } from '../helpers/cli';
import { tempDir } from '../helpers/core';

// On Linux these tests need the real GNOME Keyring that `npm test` starts (scripts/with-keyring.sh).
beforeAll(() => {
  if (process.platform === 'linux' && process.env.PROMOGPT_TEST_KEYRING !== '1') {
    throw new Error('No test keyring: run the tests with `npm test`, which starts a real GNOME Keyring over D-Bus.');
  }
  assertBuilt();
});

describe('the OS keychain', () => {
  it('stores, reads, lists and deletes a secret', async () => {
    const store = keychainSecretStore('PromoGPT-test');
    const key = `ws_test/acct_${randomBytes(4).toString('hex')}/refresh`;
    const secret = randomBytes(16).toString('hex');
    await store.set(key, secret);
    expect(await store.get(key)).toBe(secret);
    expect(await store.keys('ws_test/')).toContain(key);
    expect(await store.delete(key)).toBe(true);
    expect(await store.get(key)).toBeNull();
    expect(await store.delete(key)).toBe(false);
  });

  it('is reported reachable by doctor', () => {
    const r = promogpt(['--data-dir', tempDir(), '--json', 'doctor']);
    const report = JSON.parse(r.stdout) as { checks: { id: string; status: string }[] };
    expect(report.checks.find((c) => c.id === 'keychain')).toMatchObject({ status: 'ok' });
  });

  it('is reported unavailable, with what to do, when no keyring answers', () => {
    const r = promogpt(['--data-dir', tempDir(), '--json', 'doctor'], { env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } });
    const report = JSON.parse(r.stdout) as { checks: { id: string; status: string; detail: string; fix?: string }[] };
    const keychain = report.checks.find((c) => c.id === 'keychain');
    expect(keychain).toMatchObject({ status: 'warn', detail: expect.stringContaining('The OS keychain cannot be reached') });
    expect(keychain?.fix).toMatch(/unlock/i);
  });
});

describe('when the keychain cannot be reached', () => {
  const noKeyring = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };

  it('a workspace that owns secrets is not deleted half-way: KeychainUnavailable, and everything stays', () => {
    const dir = tempDir();
    const ws = JSON.parse(promogpt(['--data-dir', dir, '--json', 'workspace', 'create', 'Acme']).stdout) as { id: string };
    expect(promogpt(['--data-dir', dir, '--json', 'credentials', 'set', 'x', '--client-id', 'abc', '--redirect-port', '8765']).code).toBe(0);
    const r = promogpt(['--data-dir', dir, '--json', 'workspace', 'delete', ws.id, '--confirm', 'Acme'], { env: noKeyring });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr)).toEqual({ error: { name: 'KeychainUnavailable', message: expect.stringMatching(/keychain cannot be reached.*unlock/i) } });
    expect(JSON.parse(promogpt(['--data-dir', dir, '--json', 'workspace', 'list']).stdout)).toEqual([expect.objectContaining({ id: ws.id })]);
    // With the keychain back, it goes.
    expect(promogpt(['--data-dir', dir, '--json', 'workspace', 'delete', ws.id, '--confirm', 'Acme']).code).toBe(0);
  });

  it('a workspace without secrets can still be deleted', () => {
    const dir = tempDir();
    const ws = JSON.parse(promogpt(['--data-dir', dir, '--json', 'workspace', 'create', 'Acme']).stdout) as { id: string };
    expect(promogpt(['--data-dir', dir, '--json', 'workspace', 'delete', ws.id, '--confirm', 'Acme'], { env: noKeyring }).code).toBe(0);
  });
});
