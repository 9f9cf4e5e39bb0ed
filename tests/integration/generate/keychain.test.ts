import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerKeyName } from '../../../src-main/core/generate/providers';
import { configureLogging, memorySink } from '../../../src-main/core/platform/logger';
import { keychainSecretStore } from '../../../src-main/core/platform/secrets';
import { failure, studioSetup, type StudioSetup } from './helpers';

// The API key lives in the real OS keychain (GNOME Keyring over D-Bus: scripts/with-keyring.sh),
// and nowhere else: not in SQLite, the logs, the security log, or any error.

const key = `sk-test-${randomBytes(16).toString('hex')}`;
const store = keychainSecretStore('PromoGPT-test-ai');
const logs = memorySink();
let s: StudioSetup;

beforeAll(async () => {
  if (process.platform === 'linux' && process.env.PROMOGPT_TEST_KEYRING !== '1') {
    throw new Error('No test keyring: run with `bash scripts/with-keyring.sh npx vitest run …`.');
  }
  configureLogging({ sinks: [logs], level: 'debug' });
  s = await studioSetup({ secrets: store });
  s.fake.apiKey = key;
});
afterAll(() => s?.close());

/** Every byte PromoGPT wrote under its data folder (databases, WAL files, logs). */
function everythingOnDisk(dir: string): string {
  let all = '';
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) all += fs.readFileSync(path.join(e.parentPath, e.name)).toString('latin1');
  }
  return all;
}

describe('a provider key', () => {
  it('is stored in the keychain and sent only as the Authorization header', async () => {
    const { provider } = await s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'Keyed', baseUrl: s.fake.baseUrl, textModel: 'fake-text-1', imageModel: 'fake-image-1', apiKey: key, maxRetries: 0 });
    expect(provider.hasKey).toBe(true);
    expect(JSON.stringify(provider)).not.toContain(key);
    expect(await store.get(providerKeyName(s.workspaceId, provider.id))).toBe(key);
    const g = await s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'Hello', platforms: ['x'] });
    expect(g.state).toBe('succeeded');
    expect(s.fake.requestsTo('/v1/chat/completions')[0]!.headers.authorization).toBe(`Bearer ${key}`);
  });

  it('never reaches an error message, even when the provider quotes it back', async () => {
    s.fake.fail('/v1/chat/completions', { status: 401, code: 'invalid_api_key', type: 'invalid_request_error', message: `Incorrect API key provided: ${key}.` });
    const error = await failure(s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'Again', platforms: ['x'] }));
    expect(error.name).toBe('AuthExpired');
    expect(JSON.stringify(error)).not.toContain(key);
    s.fake.fail('/v1/images/generations', { status: 400, code: 'bad', message: `key ${key} is odd` });
    const other = await failure(s.core.call('studio.generateImage', { workspaceId: s.workspaceId, prompt: 'p' }));
    expect(other.message).toContain('[key]');
    expect(other.message).not.toContain(key);
    const history = await s.core.call('studio.history', { workspaceId: s.workspaceId });
    expect(JSON.stringify(history)).not.toContain(key);
  });

  it('is in no file PromoGPT wrote and in no log line', () => {
    const disk = everythingOnDisk(s.dataDir);
    expect(disk.length).toBeGreaterThan(10_000);
    expect(disk).toContain('Keyed'); // the search does see the databases
    expect(disk).not.toContain(key);
    expect(logs.records.length).toBeGreaterThan(0);
    expect(JSON.stringify(logs.records)).not.toContain(key);
  });

  it('leaves the keychain with the provider, and with the workspace', async () => {
    const { provider } = await s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'Second', baseUrl: s.fake.baseUrl, textModel: 'fake-text-1', apiKey: `${key}-2` });
    const keyed = await s.core.call('ai.listProviders', { workspaceId: s.workspaceId });
    const first = keyed.find((p) => p.name === 'Keyed')!;
    await s.core.call('ai.removeProvider', { workspaceId: s.workspaceId, provider: 'Second' });
    expect(await store.get(providerKeyName(s.workspaceId, provider.id))).toBeNull();
    expect(await store.get(providerKeyName(s.workspaceId, first.id))).toBe(key);
    await s.core.call('workspace.delete', { id: s.workspaceId, confirmName: 'Acme' });
    expect(await store.get(providerKeyName(s.workspaceId, first.id))).toBeNull();
    expect(await store.keys(`${s.workspaceId}/`)).toEqual([]);
  });
});
