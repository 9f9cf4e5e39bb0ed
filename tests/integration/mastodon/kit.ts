// Shared setup for the Mastodon connector tests: a fake instance on a fixed clock, a connector
// whose waits move that clock, sessions for fake accounts, and media files on disk.
import fs from 'node:fs';
import path from 'node:path';
import { createHttpTransport } from '../../../src-main/core/connectors/transport';
import { createMastodonConnector } from '../../../src-main/core/connectors/mastodon';
import type { MastodonDeps } from '../../../src-main/core/connectors/mastodon';
import type { Session } from '../../../src-main/core/connectors/types';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { startMastodonFake, type FakeAccount, type MastodonFakeOptions } from '../../fakes/mastodon/server';
import { tempDir } from '../../helpers/core';

export const START = '2026-03-01T09:00:00.000Z';

export async function mastodonEnv(options: MastodonFakeOptions = {}) {
  const clock = fixedClock(START);
  const fake = await startMastodonFake({ clock, ...options });
  const sleeps: number[] = [];
  const deps: MastodonDeps = {
    fetch: createHttpTransport().fetch, // what the core uses
    clock,
    timeoutMs: 10_000,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
  };
  const connector = createMastodonConnector(deps);
  const alice = fake.addAccount({ username: 'alice', displayName: 'Alice', followers: 12, following: 3 });
  const sessionFor = (account: FakeAccount, scopes?: string[]): Session => ({
    tokens: { accessToken: fake.issueToken(account.id, scopes) },
    identity: { platformUserId: account.id, handle: `@${account.username}` },
    apiBase: fake.url,
    extras: { instanceUrl: fake.url },
  });
  return { clock, fake, deps, connector, alice, sessionFor, sleeps };
}

const dir = tempDir('promogpt-mastodon-media-');

/** A file of `bytes` bytes; the fake checks type and size, not pixels. */
export function mediaFile(name: string, bytes = 2048): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, Buffer.alloc(bytes, 7));
  return p;
}

export { freePort } from '../../helpers/free-port';

export { failure } from '../../helpers/failure';
