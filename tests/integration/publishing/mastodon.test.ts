// Publishing to Mastodon through the real core against the fake instance: a thread with media,
// the Idempotency-Key that makes a re-run after a lost answer safe (for an hour), server
// errors, rate limits, a revoked token, and the instance refusing what our rules allowed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/app';
import type { WorkspaceDb } from '../../../src-main/core/db/app-db';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { checkOnPlatform, publishTarget, retryTarget, targetOutcome } from '../../../src-main/core/publishing';
import { startMastodonFake, type FakeAccount, type MastodonFake } from '../../fakes/mastodon/server';
import { accountRow, attemptsOf, connectMastodon, failure, faultyFetch, insertTarget, png, publishingCore, targetRow } from './kit';

const clock = fixedClock('2026-03-01T09:00:00.000Z');
const net = faultyFetch();
let fake: MastodonFake;
let alice: FakeAccount;
let core: Core;
let db: WorkspaceDb;
let workspaceId: string;
let accountId: string;
let handle: string;

beforeAll(async () => {
  fake = await startMastodonFake({ clock, rateLimit: { limit: 10_000, periodSec: 300 }, mediaRateLimit: { limit: 10_000, periodSec: 1800 } });
  alice = fake.addAccount({ username: 'alice', displayName: 'Alice' });
  ({ core, db, workspaceId } = await publishingCore({ clock, fetch: net.fetch }));
  const account = await connectMastodon(core, workspaceId, fake, alice);
  accountId = account.id;
  handle = account.handle;
});
afterAll(async () => {
  core?.close();
  await fake?.close();
});
beforeEach(() => fake.clearFaults());

let n = 0;
const unique = (s: string) => `${s} (${++n})`;
const publish = (targetId: string) => publishTarget({ workspaceId, targetId, accounts: core.accounts, db, clock });
const outcome = (targetId: string) => targetOutcome(db, targetId, { handle, platform: 'mastodon' });
const created = () => fake.createdStatuses(alice.id);
const statusPosts = () => fake.log.filter((e) => e.method === 'POST' && e.path === '/api/v1/statuses');

describe('publishing to Mastodon', () => {
  it('publishes two images with alt text and a thread, each status a reply to the one before, with a stable Idempotency-Key per part', async () => {
    const before = created();
    const text = unique('Hello fediverse');
    const targetId = insertTarget(db, accountId, {
      text,
      media: [
        { path: png('m1.png'), mimeType: 'image/png', altText: 'A red square' },
        { path: png('m2.png'), mimeType: 'image/png', altText: 'Another one' },
      ],
      thread: [unique('More details')],
      firstComment: unique('Sign up: https://example.com'),
    });
    const posts = statusPosts().length;
    expect(await publish(targetId)).toBe('published');
    expect(created() - before).toBe(3);
    const row = targetRow(db, targetId);
    const ids = [0, 1, 2].map((i) => (JSON.parse(row.cps[`part:${i}:done`] as string) as { id: string }).id);
    expect(fake.status(ids[0] as string)).toMatchObject({ text, inReplyToId: null });
    expect(fake.status(ids[1] as string)?.inReplyToId).toBe(ids[0]);
    expect(fake.status(ids[2] as string)?.inReplyToId).toBe(ids[1]);
    const mediaIds = fake.status(ids[0] as string)?.mediaIds ?? [];
    expect(mediaIds).toEqual([row.cps['part:0:media:0'], row.cps['part:0:media:1']]);
    expect(fake.media(mediaIds[0] as string)?.description).toBe('A red square');
    expect(statusPosts().slice(posts).map((e) => e.headers['idempotency-key'])).toEqual([`${targetId}:0`, `${targetId}:1`, `${targetId}:2`]);
    expect(row).toMatchObject({ state: 'published', remoteId: ids[0], remoteUrl: expect.stringContaining(ids[0] as string) });
  });

  it('a lost answer is safe to repeat within the hour: queued, and the re-run with the same key gives one status', async () => {
    const before = created();
    net.loseAnswer();
    const targetId = insertTarget(db, accountId, { text: unique('Lost on the way back'), media: [{ path: png('m3.png'), mimeType: 'image/png' }] });
    expect(await failure(publish(targetId))).toMatchObject({ name: 'Transient', details: { outcomeUnknown: true, idempotent: true } });
    expect(created() - before).toBe(1);
    expect(outcome(targetId)).toMatchObject({ state: 'queued', action: 'retry' });
    const posts = statusPosts().length;
    clock.advance(10 * 60_000);
    expect(await publish(targetId)).toBe('published');
    expect(created() - before).toBe(1);
    const replay = statusPosts().slice(posts);
    expect(replay.map((e) => e.headers['idempotency-key'])).toEqual([`${targetId}:0`]);
    expect(targetRow(db, targetId).remoteId).toBe(targetRow(db, targetId).cps['part:0:post']);
    expect(attemptsOf(db, targetId).map((a) => a.outcome)).toEqual(['retry', 'published']);
  });

  it('after the hour the key no longer protects: needs attention; the check cannot tell; the user confirms and it posts once', async () => {
    const before = created();
    net.loseBeforeSending(); // it never arrives, but PromoGPT cannot know that
    const targetId = insertTarget(db, accountId, { text: unique('Never arrived') });
    expect(await failure(publish(targetId))).toMatchObject({ name: 'Transient' });
    expect(targetRow(db, targetId).state).toBe('queued');
    clock.advance(2 * 3600_000);
    const posts = statusPosts().length;
    expect(await publish(targetId)).toBe('needs_attention');
    expect(statusPosts().length).toBe(posts);
    expect(outcome(targetId)).toMatchObject({ action: 'check', message: expect.stringContaining('Check on Mastodon') });
    expect(await checkOnPlatform({ workspaceId, targetId, accounts: core.accounts, db, clock })).toMatchObject({ state: 'needs_attention', parts: [{ index: 0, result: 'cannot-tell' }] });
    expect(outcome(targetId)).toMatchObject({ state: 'needs_attention', action: 'retry', message: expect.stringContaining('confirm that it is not there') });
    expect(() => retryTarget({ targetId, db, clock })).toThrow(/check on Mastodon first/);
    expect(retryTarget({ targetId, db, clock, confirmNotPosted: true })).toBe('queued');
    expect(await publish(targetId)).toBe('published');
    expect(created() - before).toBe(1);
  });

  it('a 503 then success: queued with Transient rethrown, then one status', async () => {
    const before = created();
    fake.fail({ ...fake.faults.unavailable(503), match: { method: 'POST', path: '/api/v1/statuses' } });
    const targetId = insertTarget(db, accountId, { text: unique('Busy server') });
    expect(await failure(publish(targetId))).toMatchObject({ name: 'Transient' });
    expect(targetRow(db, targetId).state).toBe('queued');
    expect(await publish(targetId)).toBe('published');
    expect(created() - before).toBe(1);
  });

  it('a 429 is queued with RateLimited and the reset instant Mastodon sent', async () => {
    const resetAt = new Date(clock.now().getTime() + 5 * 60_000);
    fake.fail({ ...fake.faults.rateLimited(resetAt), match: { method: 'POST', path: '/api/v1/statuses' } });
    const targetId = insertTarget(db, accountId, { text: unique('Slow down') });
    expect(await failure(publish(targetId))).toMatchObject({ name: 'RateLimited', details: { resetAt: resetAt.toISOString() } });
    expect(outcome(targetId)).toMatchObject({ state: 'queued', action: 'wait' });
    expect(await publish(targetId)).toBe('published');
  });

  it('the instance refusing what the rules allowed fails it with the instance’s words', async () => {
    fake.configure({ instance: { maxCharacters: 100 } });
    try {
      const targetId = insertTarget(db, accountId, { text: unique('z'.repeat(150)) });
      expect(await publish(targetId)).toBe('failed');
      expect(outcome(targetId)).toMatchObject({ state: 'failed', action: 'retry', message: expect.stringContaining('Validation failed: Text character limit of 100 exceeded') });
    } finally {
      fake.configure({ instance: { maxCharacters: 500 } });
    }
  });

  it('uses the instance limits the account was connected with', async () => {
    const bob = fake.addAccount({ username: 'bob' });
    const account = await connectMastodon(core, workspaceId, fake, bob, { instance: 'small.example', text: { max: 50 } });
    const targetId = insertTarget(db, account.id, { text: 'w'.repeat(60) });
    expect(await publish(targetId)).toBe('failed');
    expect(outcome(targetId)).toMatchObject({ action: 'shorten', message: 'Mastodon (small.example): 60 of 50 characters. Shorten it, then retry.' });
  });

  it('a revoked token needs a reconnect', async () => {
    const carol = fake.addAccount({ username: 'carol' });
    const account = await connectMastodon(core, workspaceId, fake, carol);
    fake.fail({ ...fake.faults.invalidToken(), match: { method: 'POST', path: '/api/v2/media' } });
    const targetId = insertTarget(db, account.id, { text: unique('Revoked'), media: [{ path: png('m4.png'), mimeType: 'image/png' }] });
    expect(await publish(targetId)).toBe('needs_attention');
    expect(accountRow(db, account.id)?.status).toBe('needs_reconnect');
    expect(targetOutcome(db, targetId, { handle: account.handle, platform: 'mastodon' })).toMatchObject({ action: 'reconnect', message: expect.stringMatching(/^Mastodon no longer accepts the sign-in of @carol@/) });
    expect(fake.createdStatuses(carol.id)).toBe(0);
  });
});
