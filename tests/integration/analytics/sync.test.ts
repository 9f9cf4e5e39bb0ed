// Metrics sync through the real core against two fake Mastodon instances: posts published for
// real, then pulled as snapshots that accumulate; replies stored with their sentiment; a failing
// instance that does not stop the other account; a 429 whose reset the next sync waits for.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/app';
import type { WorkspaceDb } from '../../../src-main/core/db/app-db';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { publishTarget } from '../../../src-main/core/publishing';
import { startMastodonFake, type FakeAccount, type MastodonFake } from '../../fakes/mastodon/server';
import { connectMastodon, insertTarget, publishingCore, targetRow } from '../publishing/kit';

const clock = fixedClock('2026-03-01T09:00:00.000Z');
const limits = { rateLimit: { limit: 10_000, periodSec: 300 }, mediaRateLimit: { limit: 10_000, periodSec: 1800 } };
let good: MastodonFake;
let bad: MastodonFake;
let alice: FakeAccount;
let bob: FakeAccount;
let carol: FakeAccount;
let core: Core;
let db: WorkspaceDb;
let workspaceId: string;
let aliceId: string;
let bobId: string;
const targets: string[] = [];

const count = (table: string) => (db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const sync = (accountId?: string) => core.call('analytics.sync', { workspaceId, ...(accountId ? { accountId } : {}) });
const outcomeOf = (report: Awaited<ReturnType<typeof sync>>, accountId: string) => report.accounts.find((a) => a.accountId === accountId);

beforeAll(async () => {
  good = await startMastodonFake({ clock, ...limits });
  bad = await startMastodonFake({ clock, ...limits });
  alice = good.addAccount({ username: 'alice', followers: 120 });
  carol = good.addAccount({ username: 'carol' });
  bob = bad.addAccount({ username: 'bob', followers: 7 });
  ({ core, db, workspaceId } = await publishingCore({ clock }));
  aliceId = (await connectMastodon(core, workspaceId, good, alice)).id;
  bobId = (await connectMastodon(core, workspaceId, bad, bob)).id;
  for (const text of ['Our spring launch is here', 'Behind the scenes of the studio']) {
    const targetId = insertTarget(db, aliceId, { text }, clock.now().toISOString());
    expect(await publishTarget({ workspaceId, targetId, accounts: core.accounts, db, clock })).toBe('published');
    targets.push(targetId);
  }
  const first = targetRow(db, targets[0] as string).remoteId as string;
  good.engage(first, { favourites: 5, reblogs: 2 });
  good.reply(first, carol.id, 'I love this, congratulations 😍');
  good.reply(first, carol.id, 'This is terrible, the shop is broken again 😡');
  good.reply(first, carol.id, 'Is it available in Berlin?');
});
afterAll(async () => {
  core?.close();
  await good?.close();
  await bad?.close();
});
beforeEach(() => {
  good.clearFaults();
  bad.clearFaults();
});

describe('metrics sync', () => {
  it('stores an account snapshot, a snapshot per published post and the replies with their sentiment', async () => {
    const report = await sync();
    expect(outcomeOf(report, aliceId)).toMatchObject({ outcome: 'synced', accountSnapshots: 1, postSnapshots: 2, comments: 3 });
    expect(outcomeOf(report, bobId)).toMatchObject({ outcome: 'synced', accountSnapshots: 1, postSnapshots: 0 });
    const latest = db.sqlite.prepare('SELECT likes, reposts, replies, engagements FROM post_metrics_latest WHERE target_id = ?').get(targets[0]);
    expect(latest).toEqual({ likes: 5, reposts: 2, replies: 3, engagements: 10 });
    const followers = db.sqlite.prepare('SELECT followers FROM account_metric_snapshots WHERE account_id = ?').get(aliceId);
    expect(followers).toEqual({ followers: 120 });
    const comments = await core.call('analytics.comments', { workspaceId });
    expect(comments.map((c) => c.sentiment)).toEqual(['negative', 'neutral', 'positive']); // most negative first
    expect(comments[0]?.url).toMatch(/^http/);
    const negative = await core.call('analytics.comments', { workspaceId, sentiment: 'negative' });
    expect(negative.map((c) => c.text)).toEqual(['This is terrible, the shop is broken again 😡']);
    const byPost = await core.call('analytics.comments', { workspaceId, postId: targetRow(db, targets[1] as string).postId });
    expect(byPost).toEqual([]);
  });

  it('accumulates snapshots: every pull is kept and the latest numbers move forward', async () => {
    const before = count('post_metric_snapshots');
    good.engage(targetRow(db, targets[0] as string).remoteId as string, { favourites: 4 });
    clock.advance(2 * 3600_000); // fresh posts are due again after an hour
    const report = await sync();
    expect(outcomeOf(report, aliceId)).toMatchObject({ outcome: 'synced', postSnapshots: 2, comments: 3 });
    expect(count('post_metric_snapshots')).toBe(before + 2);
    expect(count('account_metric_snapshots')).toBe(4);
    expect(count('post_comments')).toBe(3); // replies seen again are updated, not duplicated
    const history = db.sqlite.prepare('SELECT likes FROM post_metric_snapshots WHERE target_id = ? ORDER BY taken_at').all(targets[0]);
    expect(history).toEqual([{ likes: 5 }, { likes: 9 }]);
    const view = db.sqlite.prepare('SELECT likes, engagements, platform, has_link, media_kind FROM analytics_posts WHERE target_id = ?').get(targets[0]);
    expect(view).toEqual({ likes: 9, engagements: 14, platform: 'mastodon', has_link: 0, media_kind: 'none' });
  });

  it('the documented read-only views show the synced rows', () => {
    expect(db.sqlite.prepare("SELECT count(*) AS n FROM analytics_post_metrics WHERE platform = 'mastodon'").get()).toEqual({ n: 4 });
    expect(db.sqlite.prepare('SELECT followers FROM analytics_account_metrics WHERE account_id = ? ORDER BY taken_at DESC LIMIT 1').get(aliceId)).toEqual({ followers: 120 });
    const negative = db.sqlite.prepare("SELECT author_handle, post_id FROM analytics_comments WHERE sentiment = 'negative'").all() as { author_handle: string; post_id: string }[];
    expect(negative).toEqual([{ author_handle: expect.stringMatching(/^@carol/), post_id: targetRow(db, targets[0] as string).postId }]);
    expect(() => db.sqlite.prepare('DELETE FROM analytics_posts').run()).toThrow(/view/i); // read-only
  });

  it('a failing account says why on its sync state and does not stop the others', async () => {
    bad.fail({ ...bad.faults.unavailable(503), times: 20 });
    clock.advance(2 * 3600_000);
    const report = await sync();
    expect(outcomeOf(report, aliceId)?.outcome).toBe('synced');
    const failed = outcomeOf(report, bobId);
    expect(failed?.outcome).toBe('failed');
    expect(failed?.message).toMatch(/server error/i);
    const status = await core.call('analytics.syncStatus', { workspaceId });
    expect(status.find((s) => s.accountId === bobId)?.error?.name).toBe('Transient');
    expect(status.find((s) => s.accountId === aliceId)?.error).toBeNull();
  });

  it('respects a 429: the next sync of that account waits until the reset, then goes ahead', async () => {
    const resetAt = new Date(clock.now().getTime() + 30 * 60_000);
    bad.fail({ ...bad.faults.rateLimited(resetAt), times: 1 });
    clock.advance(60_000);
    const first = outcomeOf(await sync(), bobId);
    expect(first?.outcome).toBe('waiting');
    expect(first?.waitUntil).toBe(resetAt.toISOString());
    expect(first?.message).toContain(resetAt.toISOString());

    const calls = bad.log.length;
    clock.advance(10 * 60_000);
    const second = outcomeOf(await sync(), bobId);
    expect(second?.outcome).toBe('waiting');
    expect(bad.log.length).toBe(calls); // not a single request before the reset
    const account = await core.call('account.list', { workspaceId });
    expect(account.find((a) => a.id === bobId)?.health.summary).toMatch(/Rate-limited until/);

    clock.set(new Date(resetAt.getTime() + 1000));
    const third = outcomeOf(await sync(bobId), bobId);
    expect(third?.outcome).toBe('synced');
    expect(bad.log.length).toBeGreaterThan(calls);
  });

  it('a post deleted on the platform is left out; the account and its other posts still sync', async () => {
    const extra = insertTarget(db, aliceId, { text: 'This one will be deleted' }, clock.now().toISOString());
    expect(await publishTarget({ workspaceId, targetId: extra, accounts: core.accounts, db, clock })).toBe('published');
    good.deleteStatus(targetRow(db, extra).remoteId as string);
    clock.advance(2 * 3600_000);
    const report = outcomeOf(await sync(aliceId), aliceId);
    expect(report).toMatchObject({ outcome: 'synced', postSnapshots: 2 });
  });

  it('after posts are published by the scheduler, each account is synced once, at least ten minutes after its last post of the window', async () => {
    const publishedFollowUps = () =>
      core.scheduler
        .queue(workspaceId)
        .list({ kind: 'analytics.sync', state: 'queued' })
        .filter((j) => (j.payload as { reason: string }).reason === 'published');
    const publish = async (accountId: string, text: string) => {
      const targetId = insertTarget(db, accountId, { text }, clock.now().toISOString());
      core.scheduler.enqueue(workspaceId, { kind: 'publish', payload: { targetId, accountId }, runAt: clock.now(), idempotencyKey: `test-publish-${targetId}` });
      await core.scheduler.runUntilIdle();
      expect(targetRow(db, targetId).state).toBe('published');
      return { targetId, at: clock.now().getTime() };
    };
    clock.set(new Date(Math.ceil(clock.now().getTime() / 600_000) * 600_000 + 1000)); // both of Alice's posts in one ten-minute window
    const first = await publish(aliceId, 'Published by the scheduler');
    clock.advance(60_000);
    const second = await publish(aliceId, 'And another one a minute later');
    await publish(bobId, 'Bob posts too');
    const queued = publishedFollowUps();
    expect(queued.map((j) => (j.payload as { accountId: string }).accountId).sort()).toEqual([aliceId, bobId].sort());
    const aliceRunAt = new Date(queued.find((j) => (j.payload as { accountId: string }).accountId === aliceId)?.runAt as string).getTime();
    expect(aliceRunAt - second.at).toBeGreaterThanOrEqual(10 * 60_000);
    expect(aliceRunAt - first.at).toBeLessThanOrEqual(21 * 60_000);
    clock.set(new Date(aliceRunAt + 1000));
    await core.scheduler.runUntilIdle({ until: new Date(clock.now().getTime() + 1) });
    for (const { targetId } of [first, second]) expect(db.sqlite.prepare('SELECT count(*) AS n FROM post_metric_snapshots WHERE target_id = ?').get(targetId)).toEqual({ n: 1 });
    expect(publishedFollowUps()).toHaveLength(0);
  });

  it('refuses an unknown account with NotFound and syncs nothing', async () => {
    const before = count('account_metric_snapshots');
    await expect(sync('acc_nope')).rejects.toMatchObject({ name: 'NotFound' });
    expect(count('account_metric_snapshots')).toBe(before);
  });

  it('queues the scheduled sync once per slot, and the interval is a checked workspace setting', async () => {
    const first = core.analytics.sync.ensureScheduled(workspaceId);
    const again = core.analytics.sync.ensureScheduled(workspaceId);
    expect(again.id).toBe(first.id);
    expect(new Date(first.runAt).getTime()).toBeGreaterThan(clock.now().getTime());
    await core.call('analytics.updateSettings', { workspaceId, syncEveryMinutes: 60 });
    await expect(core.call('analytics.updateSettings', { workspaceId, syncEveryMinutes: 5 })).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
