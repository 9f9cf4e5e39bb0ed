// Shared setup for the scheduling-feature tests: a real core on a temp folder with its own fixed
// clock, a fake Mastodon (and optionally a fake X) on the same clock, accounts connected with
// tokens the fakes issue. Every test builds its own world, so clocks and queues never leak.
import { createCore, type Core } from '../../../src-main/core/app';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { sequentialIds } from '../../../src-main/core/platform/ids';
import { memorySecretStore } from '../../../src-main/core/platform/secrets';
import type { Account, Post } from '../../../src-shared/domain';
import type { Input } from '../../../src-shared/contract';
import { startMastodonFake, type FakeAccount, type MastodonFake } from '../../fakes/mastodon/server';
import { startXFake, type XFake, type XUser } from '../../fakes/x/server';
import { tempDir } from '../../helpers/core';

export type TestClock = ReturnType<typeof fixedClock>;

export interface World {
  clock: TestClock;
  core: Core;
  mastodon: MastodonFake;
  workspaceId: string;
  /** Connects a new Mastodon account (handle `@<username>`) in the workspace (or another one). */
  addMastodon(username: string, workspaceId?: string): Promise<{ account: Account; remote: FakeAccount }>;
  /** Starts the fake X on first use and connects a user to the workspace. */
  addX(username: string): Promise<{ account: Account; remote: XUser; x: XFake }>;
  get(postId: string): Promise<Post>;
  list(filter?: Omit<Input<'post.list'>, 'workspaceId'>): Promise<Post[]>;
  /** Advances nothing: runs what is due now, to idle. */
  run(): ReturnType<Core['scheduler']['runUntilIdle']>;
  /** Sets the clock, then runs what is due. */
  runAt(iso: string): ReturnType<Core['scheduler']['runUntilIdle']>;
  close(): Promise<void>;
}

export async function world(start: string): Promise<World> {
  const clock = fixedClock(start);
  const mastodon = await startMastodonFake({ clock });
  let x: XFake | undefined;
  const core = createCore({ dataDir: tempDir('promogpt-scheduling-'), shell: 'cli', secrets: memorySecretStore(), clock, ids: sequentialIds() });
  const workspaceId = (await core.call('workspace.create', { name: 'Acme' })).id;
  const w: World = {
    clock,
    core,
    mastodon,
    workspaceId,
    async addMastodon(username, ws = workspaceId) {
      const remote = mastodon.addAccount({ username, displayName: username });
      const account = await core.accounts.saveConnected(ws, 'mastodon', {
        tokens: { accessToken: mastodon.issueToken(remote.id) },
        identity: { platformUserId: remote.id, handle: `@${username}` },
        apiBase: mastodon.url,
        extras: { instanceUrl: mastodon.url },
      });
      return { account, remote };
    },
    async addX(username) {
      x ??= await startXFake({ clock });
      const remote = x.addUser({ username, name: username });
      const t = x.issueTokens(remote.id);
      const account = await core.accounts.saveConnected(workspaceId, 'x', {
        tokens: { accessToken: t.accessToken, refreshToken: t.refreshToken },
        identity: { platformUserId: remote.id, handle: `@${username}` },
        apiBase: x.url,
        extras: { clientId: t.clientId },
      });
      return { account, remote, x };
    },
    get: (postId) => core.call('post.get', { workspaceId, postId }),
    list: (filter = {}) => core.call('post.list', { workspaceId, ...filter }),
    run: () => core.scheduler.runUntilIdle(),
    runAt(iso) {
      clock.set(iso);
      return core.scheduler.runUntilIdle();
    },
    async close() {
      core.close();
      await mastodon.close();
      await x?.close();
    },
  };
  return w;
}

/** The id at the end of a published target's live link (Mastodon …/@user/ID, X …/status/ID). */
export function remoteIdOf(remoteUrl: string | null): string {
  if (!remoteUrl) throw new Error('the target has no live link');
  return remoteUrl.split('/').at(-1) as string;
}

export { failure } from '../../helpers/failure';
