// A developer app's client secret lives in the keychain. A Mastodon session carries it, so a
// burst of due posts must not ask the keychain once per post; a change made here is seen at once.
import { describe, expect, it } from 'vitest';
import { Credentials } from '../../../src-main/core/accounts/credentials';
import { sequentialIds } from '../../../src-main/core/platform/ids';
import { memorySecretStore, type SecretStore } from '../../../src-main/core/platform/secrets';
import { testCore } from '../../helpers/core';

function countingStore(): SecretStore & { gets: () => number } {
  const inner = memorySecretStore();
  let gets = 0;
  return {
    ...inner,
    get: async (key) => {
      gets += 1;
      return inner.get(key);
    },
    gets: () => gets,
  };
}

describe('app credentials', () => {
  it('reads a client secret from the keychain once for a burst of look-ups, and again after it changes', async () => {
    const secrets = countingStore();
    const core = testCore({ secrets });
    const instance = 'https://social.example';
    try {
      const ws = await core.call('workspace.create', { name: 'Acme' });
      const credentials = new Credentials({ workspaces: core.workspaces, secrets, clock: core.clock, ids: sequentialIds() });
      await credentials.set(ws.id, { platform: 'mastodon', instance, clientId: 'app-1', clientSecret: 'first-secret' });
      const before = secrets.gets();
      for (let i = 0; i < 20; i++) expect((await credentials.find(ws.id, 'mastodon', instance))?.clientSecret).toBe('first-secret');
      expect(secrets.gets() - before).toBe(1);

      await credentials.set(ws.id, { platform: 'mastodon', instance, clientId: 'app-1', clientSecret: 'second-secret' });
      expect((await credentials.find(ws.id, 'mastodon', instance))?.clientSecret).toBe('second-secret');
      expect(await credentials.remove(ws.id, 'mastodon', instance)).toBe(true);
      expect(await credentials.find(ws.id, 'mastodon', instance)).toBeUndefined();
    } finally {
      core.close();
    }
  });
});
