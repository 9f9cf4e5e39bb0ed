import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/app';
import { decryptStream } from '../../../src-main/core/data/encryption';
import { keychainSecretStore, type SecretStore } from '../../../src-main/core/platform/secrets';
import { startMastodonFake, type MastodonFake } from '../../fakes/mastodon/server';
import { startXFake, type XFake } from '../../fakes/x/server';
import { tempDir } from '../../helpers/core';
import { readAll } from './hostile-zip';
import { exportAndWait, mediaInputs } from './kit';

// The real keychain (scripts/with-keyring.sh), as users have it: secrets are really stored there.
beforeAll(() => {
  if (process.platform === 'linux' && process.env.PROMOGPT_TEST_KEYRING !== '1') {
    throw new Error('No test keyring: run with `bash scripts/with-keyring.sh npx vitest run …`.');
  }
});

let core: Core;
let mastodon: MastodonFake;
let x: XFake;
let workspaceId: string;
const secrets = new Set<string>();
/** Keychain reads during the export: there must be none. */
let reads = 0;

beforeAll(async () => {
  const real = keychainSecretStore(`PromoGPT-test-${process.pid}`);
  const counting: SecretStore = {
    ...real,
    get: (key) => {
      reads++;
      return real.get(key);
    },
    keys: (prefix) => {
      reads++;
      return real.keys(prefix);
    },
  };
  mastodon = await startMastodonFake({});
  x = await startXFake({});
  core = createCore({ dataDir: tempDir('promogpt-secret-scan-'), shell: 'cli', secrets: counting });
  workspaceId = (await core.call('workspace.create', { name: 'Acme' })).id;
  const remote = mastodon.addAccount({ username: 'alice', displayName: 'Alice' });
  const mastodonToken = mastodon.issueToken(remote.id);
  await core.accounts.saveConnected(workspaceId, 'mastodon', {
    tokens: { accessToken: mastodonToken },
    identity: { platformUserId: remote.id, handle: '@alice' },
    apiBase: mastodon.url,
    extras: { instanceUrl: mastodon.url },
  });
  const user = x.addUser({ username: 'bob', name: 'Bob' });
  const t = x.issueTokens(user.id);
  await core.accounts.saveConnected(workspaceId, 'x', {
    tokens: { accessToken: t.accessToken, refreshToken: t.refreshToken },
    identity: { platformUserId: user.id, handle: '@bob' },
    apiBase: x.url,
    extras: { clientId: t.clientId },
  });
  const clientSecret = 'x-client-secret-9f8e7d6c5b4a';
  await core.call('credentials.set', { workspaceId, platform: 'x', clientId: t.clientId, clientSecret });
  await core.call('media.add', { workspaceId, paths: mediaInputs().slice(0, 1) });
  for (const s of [mastodonToken, t.accessToken, t.refreshToken, clientSecret]) secrets.add(s);
  // What is really in the keychain now, in case a connector stored more than we passed.
  for (const key of await real.keys(`${workspaceId}/`)) {
    const value = await real.get(key);
    if (value) secrets.add(value);
    for (const m of (value ?? '').matchAll(/"(?:accessToken|refreshToken|clientSecret)":"([^"]+)"/g)) secrets.add(m[1]!);
  }
  expect(secrets.size).toBeGreaterThanOrEqual(4);
}, 60_000);

afterAll(async () => {
  const real = keychainSecretStore(`PromoGPT-test-${process.pid}`);
  for (const key of await real.keys(`${workspaceId}/`).catch(() => [])) await real.delete(key);
  core?.close();
  await mastodon?.close();
  await x?.close();
});

function scan(label: string, bytes: Buffer): void {
  for (const secret of secrets) expect(bytes.includes(Buffer.from(secret)), `${label} holds a secret`).toBe(false);
}

describe('an export holds no secret', () => {
  it('none in any decompressed entry, and the keychain was never asked', async () => {
    const out = path.join(tempDir(), 'acme.promogpt');
    reads = 0;
    expect((await exportAndWait(core, { workspaceId, out })).state).toBe('succeeded');
    expect(reads).toBe(0);
    scan('the file', fs.readFileSync(out));
    const entries = await readAll(out);
    expect(entries.some((e) => e.name.endsWith('/accounts.ndjson'))).toBe(true);
    for (const e of entries) scan(e.name, e.data);
    const accounts = entries.find((e) => e.name.endsWith('/accounts.ndjson'))!.data.toString().trim().split('\n').map((l) => JSON.parse(l));
    expect(accounts.map((a) => [a.handle, a.status, a.secret_ref])).toEqual([
      ['@alice', 'needs_reconnect', null],
      ['@bob', 'needs_reconnect', null],
    ]);
  });

  it('none inside an encrypted export either (decrypted and scanned)', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'acme.promogpt');
    const pass = 'scan me if you can';
    expect((await exportAndWait(core, { workspaceId, out, passphrase: pass })).state).toBe('succeeded');
    expect(reads).toBe(0);
    const plain = path.join(dir, 'plain.zip');
    await pipeline(fs.createReadStream(out), decryptStream(pass), fs.createWriteStream(plain));
    for (const e of await readAll(plain)) scan(e.name, e.data);
  });
});
