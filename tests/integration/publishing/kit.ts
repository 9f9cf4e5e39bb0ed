// Shared setup for the publishing tests: a real core on a temp folder, accounts connected with
// tokens the fakes issue, targets written as the posts service writes them, media files, and a
// fetch that can lose a create on its way (before or after the platform got it).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { createCore, type Core } from '../../../src-main/core/app';
import { createHttpTransport } from '../../../src-main/core/connectors/transport';
import type { WorkspaceDb } from '../../../src-main/core/db/app-db';
import { accounts as accountsTable, posts, postTargets, publishAttempts } from '../../../src-main/core/db/schema/workspace';
import type { Clock } from '../../../src-main/core/platform/clock';
import { sequentialIds } from '../../../src-main/core/platform/ids';
import { memorySecretStore, type SecretStore } from '../../../src-main/core/platform/secrets';
import { parseCheckpoints } from '../../../src-main/core/publishing/target-store';
import type { Variant } from '../../../src-main/core/publishing/variant';
import type { Account } from '../../../src-shared/domain';
import type { MastodonFake, FakeAccount } from '../../fakes/mastodon/server';
import type { XFake, XUser } from '../../fakes/x/server';
import { tempDir } from '../../helpers/core';
import { pngBytes } from '../bluesky/util';
import { isCreate, type CreateMatch } from './creates';

export { isCreate, type CreateMatch } from './creates';

/** The core's own HTTP transport (what it uses without a fetch given), under the tests' wrappers. */
export const productTransport = createHttpTransport().fetch;

/** A fetch for the core that can fail the next matching request before it leaves, or after the platform carried it out. */
export function faultyFetch() {
  const plan: { when: 'before' | 'after'; match: CreateMatch }[] = [];
  const f: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url);
    const i = plan.findIndex((p) => p.match(url, init));
    const fault = i >= 0 ? plan.splice(i, 1)[0] : undefined;
    if (fault?.when === 'before') throw new TypeError('fetch failed');
    const res = await productTransport(input, init);
    if (fault?.when === 'after') {
      await res.arrayBuffer(); // the platform did it; only the answer is lost
      throw new TypeError('fetch failed');
    }
    return res;
  };
  return {
    fetch: f,
    /** The next matching request never reaches the platform, but the caller cannot know that. */
    loseBeforeSending: (match: CreateMatch = isCreate) => void plan.push({ when: 'before', match }),
    /** The platform carries out the next matching request; its answer is lost. */
    loseAnswer: (match: CreateMatch = isCreate) => void plan.push({ when: 'after', match }),
  };
}

export async function publishingCore(opts: { clock?: Clock; fetch?: typeof fetch; secrets?: SecretStore; dataDir?: string } = {}) {
  const dataDir = opts.dataDir ?? tempDir('promogpt-publishing-');
  const core = createCore({
    dataDir,
    shell: 'cli',
    ...(opts.clock ? { clock: opts.clock } : {}),
    ids: sequentialIds(),
    secrets: opts.secrets ?? memorySecretStore(),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const workspaceId = (await core.call('workspace.create', { name: 'Acme' })).id;
  return { core, dataDir, workspaceId, db: core.workspaces.db(workspaceId) };
}

export function connectX(core: Core, workspaceId: string, fake: XFake, user: XUser): Promise<Account> {
  const t = fake.issueTokens(user.id);
  // No expiresAt: the token manager cannot know it is due, so the fake's 401 is what tells.
  return core.accounts.saveConnected(workspaceId, 'x', {
    tokens: { accessToken: t.accessToken, refreshToken: t.refreshToken },
    identity: { platformUserId: user.id, handle: `@${user.username}` },
    apiBase: fake.url,
    extras: { clientId: t.clientId },
  });
}

export function connectMastodon(core: Core, workspaceId: string, fake: MastodonFake, account: FakeAccount, limits?: Record<string, unknown>): Promise<Account> {
  return core.accounts.saveConnected(workspaceId, 'mastodon', {
    tokens: { accessToken: fake.issueToken(account.id) },
    identity: { platformUserId: account.id, handle: `@${account.username}@${new URL(fake.url).host}` },
    apiBase: fake.url,
    extras: { instanceUrl: fake.url, ...(limits ? { limits: JSON.stringify(limits) } : {}) },
  });
}

let postSeq = 0;

/** A post with one target, as the posts service writes them; returns the target id. */
export function insertTarget(db: WorkspaceDb, accountId: string, variant: Partial<Variant> & { text: string }, at = new Date().toISOString()): string {
  const n = `${process.pid}_${++postSeq}_${randomBytes(3).toString('hex')}`;
  const postId = `post_${n}`;
  const targetId = `tgt_${n}`;
  const full: Variant = { media: [], thread: [], ...variant };
  db.write((orm) => {
    orm.insert(posts).values({ id: postId, status: 'scheduled', text: full.text, scheduledAt: at, timeZone: 'UTC', recurrence: null, source: 'cli', createdAt: at, updatedAt: at }).run();
    orm
      .insert(postTargets)
      .values({ id: targetId, postId, accountId, variant: JSON.stringify(full), state: 'queued', idempotencyKey: targetId, checkpoints: '{}', updatedAt: at })
      .run();
  });
  return targetId;
}

export function targetRow(db: WorkspaceDb, targetId: string) {
  const row = db.orm.select().from(postTargets).where(eq(postTargets.id, targetId)).get();
  if (!row) throw new Error(`no target ${targetId}`);
  return { ...row, cps: parseCheckpoints(row.checkpoints) };
}

export function attemptsOf(db: WorkspaceDb, targetId: string) {
  return db.orm.select().from(publishAttempts).where(eq(publishAttempts.targetId, targetId)).orderBy(publishAttempts.id).all();
}

export function accountRow(db: WorkspaceDb, accountId: string) {
  return db.orm.select().from(accountsTable).where(eq(accountsTable.id, accountId)).get();
}

/** Overwrites a target's state and checkpoints, as a crash or an earlier attempt would have left them. */
export function setTarget(db: WorkspaceDb, targetId: string, fields: { state?: string; checkpoints?: Record<string, string> }): void {
  db.write((orm) =>
    orm
      .update(postTargets)
      .set({ ...(fields.state ? { state: fields.state } : {}), ...(fields.checkpoints ? { checkpoints: JSON.stringify(fields.checkpoints) } : {}) })
      .where(eq(postTargets.id, targetId))
      .run(),
  );
}

const mediaDir = tempDir('promogpt-publishing-media-');

/** A real PNG (Bluesky reads the bytes; X and Mastodon check type and size). */
export function png(name: string, rgb: [number, number, number] = [200, 40, 40]): string {
  const p = path.join(mediaDir, name);
  fs.writeFileSync(p, pngBytes(16, 12, rgb));
  return p;
}

export { failure } from '../../helpers/failure';
