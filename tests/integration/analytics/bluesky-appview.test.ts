// Metrics sync against a REAL Bluesky network with its AppView (@atproto/dev-env: PLC, PDS,
// AppView over Postgres and Redis on loopback): Alice's posts are published by the core, Bob
// follows her, likes, reposts and replies; after the AppView indexes that, a sync stores the
// counts and the replies exactly as app.bsky.feed.getPosts / getPostThread report them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/app';
import { blueskyConnector } from '../../../src-main/core/connectors/bluesky';
import type { WorkspaceDb } from '../../../src-main/core/db/app-db';
import { publishTarget } from '../../../src-main/core/publishing';
import { startBlueskyNetwork, type BlueskyTestNetwork, type TestAccount } from '../../fakes/bluesky-pds';
import { recordingDeps } from '../bluesky/util';
import { insertTarget, publishingCore, targetRow } from '../publishing/kit';

let net: BlueskyTestNetwork;
let alice: TestAccount;
let bob: TestAccount;
let core: Core;
let db: WorkspaceDb;
let workspaceId: string;
let accountId: string;
const targets: string[] = [];

beforeAll(async () => {
  net = await startBlueskyNetwork({ appView: true });
  alice = await net.createAccount('alice');
  bob = await net.createAccount('bob');
  await net.processAll();
  ({ core, db, workspaceId } = await publishingCore());
  const session = await blueskyConnector(recordingDeps()).connect({ service: net.pdsUrl, identifier: alice.handle, password: alice.appPassword });
  accountId = (await core.accounts.saveConnected(workspaceId, 'bluesky', session)).id;
  const clock = { now: () => new Date() };
  for (const text of ['Spring menu is live', 'Open late on Fridays']) {
    const targetId = insertTarget(db, accountId, { text }, new Date().toISOString());
    expect(await publishTarget({ workspaceId, targetId, accounts: core.accounts, db, clock })).toBe('published');
    targets.push(targetId);
  }
  await net.processAll();
  // Bob, a second account, engages with Alice's first post.
  const bobAgent = net.network.pds.getClient();
  await bobAgent.login({ identifier: bob.handle, password: bob.password });
  const uri = targetRow(db, targets[0] as string).remoteId as string;
  const { data } = await bobAgent.getPosts({ uris: [uri] });
  const post = data.posts[0] as { uri: string; cid: string };
  await bobAgent.follow(alice.did);
  await bobAgent.like(post.uri, post.cid);
  await bobAgent.repost(post.uri, post.cid);
  const ref = { root: { uri: post.uri, cid: post.cid }, parent: { uri: post.uri, cid: post.cid } };
  await bobAgent.post({ text: 'Love the new menu, great job 😍', reply: ref, createdAt: new Date().toISOString() });
  await bobAgent.post({ text: 'Not good: the website is broken and I hate waiting', reply: ref, createdAt: new Date().toISOString() });
  await net.processAll();
}, 240_000); // the network with its AppView, Postgres and Redis starts in ~10 s here, slower on a busy machine
afterAll(async () => {
  core?.close();
  await net?.close();
}, 60_000);

describe('metrics sync against Bluesky with its AppView', () => {
  it("stores Bob's like, repost and replies on Alice's post, her follower, and the replies' sentiment", async () => {
    const report = await core.call('analytics.sync', { workspaceId });
    expect(report.accounts).toEqual([expect.objectContaining({ accountId, outcome: 'synced', accountSnapshots: 1, postSnapshots: 2, comments: 2 })]);
    const first = db.sqlite.prepare('SELECT likes, reposts, replies, impressions FROM post_metrics_latest WHERE target_id = ?').get(targets[0]);
    expect(first).toEqual({ likes: 1, reposts: 1, replies: 2, impressions: null }); // Bluesky reports no impressions
    const second = db.sqlite.prepare('SELECT engagements FROM post_metrics_latest WHERE target_id = ?').get(targets[1]);
    expect(second).toEqual({ engagements: 0 });
    expect(db.sqlite.prepare('SELECT followers FROM account_metric_snapshots WHERE account_id = ?').get(accountId)).toEqual({ followers: 1 });
    const comments = await core.call('analytics.comments', { workspaceId, postId: targetRow(db, targets[0] as string).postId });
    expect(comments.map((c) => [c.sentiment, c.authorHandle])).toEqual([
      ['negative', expect.stringContaining(bob.handle)],
      ['positive', expect.stringContaining(bob.handle)],
    ]);
    expect(comments[0]?.url).toMatch(/^https:\/\/bsky\.app\/profile\//);
  });

  it('a second sync adds snapshots rather than replacing them', async () => {
    const before = (db.sqlite.prepare('SELECT count(*) AS n FROM post_metric_snapshots').get() as { n: number }).n;
    await core.call('analytics.sync', { workspaceId });
    expect((db.sqlite.prepare('SELECT count(*) AS n FROM post_metric_snapshots').get() as { n: number }).n).toBe(before + 2);
    const s = await core.call('analytics.summary', { workspaceId, period: '7d' });
    expect(s.current).toMatchObject({ posts: 2, likes: 1, reposts: 1, replies: 2, engagements: 4, followers: 1, impressions: null, engagementRate: null });
  });
});
