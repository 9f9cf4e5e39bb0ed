// Shared setup for the X connector tests: a fake X on a fixed clock, a connector whose waits
// move that clock, sessions for fake users, and media files on disk.
import fs from 'node:fs';
import path from 'node:path';
import { createHttpTransport } from '../../../src-main/core/connectors/transport';
import { createXConnector, type XDeps } from '../../../src-main/core/connectors/x';
import type { Session } from '../../../src-main/core/connectors/types';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { startXFake, type XFakeOptions, type XUser } from '../../fakes/x/server';
import { tempDir } from '../../helpers/core';

export const START = '2026-03-01T09:00:00.000Z';

export async function xEnv(options: XFakeOptions = {}, depOverrides: Partial<XDeps> = {}) {
  const clock = fixedClock(START);
  const fake = await startXFake({ clock, ...options });
  const sleeps: number[] = [];
  const deps: XDeps = {
    fetch: createHttpTransport().fetch, // what the core uses
    clock,
    timeoutMs: 10_000,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    ...depOverrides,
  };
  const connector = createXConnector(deps);
  const me = fake.addUser({ username: 'promo_maker', name: 'Promo Maker', followers: 42, following: 7 });
  const sessionFor = (user: XUser, scopes?: string[]): Session => {
    const t = fake.issueTokens(user.id, scopes);
    return {
      tokens: { accessToken: t.accessToken, refreshToken: t.refreshToken },
      identity: { platformUserId: user.id, handle: `@${user.username}` },
      apiBase: fake.url,
      extras: { clientId: t.clientId },
    };
  };
  return { clock, fake, deps, connector, me, sessionFor, sleeps };
}

const dir = tempDir('promogpt-x-media-');

export function mediaFile(name: string, bytes = 2048): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, Buffer.alloc(bytes, 3));
  return p;
}

export { freePort } from '../../helpers/free-port';

export { failure } from '../../helpers/failure';
