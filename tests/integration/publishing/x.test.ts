// Publishing to X through the real core against the fake X: a thread with images, rate limits,
// server errors, an expired and a dead sign-in, refused content, and a create whose answer is
// lost, which must never be repeated blindly.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/app';
import type { WorkspaceDb } from '../../../src-main/core/db/app-db';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { checkOnPlatform, publishTarget, retryTarget, targetOutcome } from '../../../src-main/core/publishing';
import { startXFake, type XFake, type XUser } from '../../fakes/x/server';
import { attemptsOf, accountRow, connectX, failure, faultyFetch, insertTarget, png, publishingCore, setTarget, targetRow } from './kit';

const clock = fixedClock('2026-03-01T09:00:00.000Z');
const net = faultyFetch();
let fake: XFake;
let me: XUser;
let core: Core;
let db: WorkspaceDb;
let workspaceId: string;
let accountId: string;

beforeAll(async () => {
  fake = await startXFake({ clock });
  me = fake.addUser({ username: 'acme', name: 'Acme' });
  ({ core, db, workspaceId } = await publishingCore({ clock, fetch: net.fetch }));
  accountId = (await connectX(core, workspaceId, fake, me)).id;
});
afterAll(async () => {
  core?.close();
  await fake?.close();
});
beforeEach(() => fake.clearFaults());

let n = 0;
const unique = (s: string) => `${s} (${++n})`;
const publish = (targetId: string) => publishTarget({ workspaceId, targetId, accounts: core.accounts, db, clock });
const outcome = (targetId: string) => targetOutcome(db, targetId, { handle: '@acme', platform: 'x' });
const creates = () => fake.log.filter((e) => e.method === 'POST' && e.path === '/2/tweets');
const created = () => fake.createdTweets(me.id);

describe('publishing to X', () => {
  it('publishes a post with two images, a thread and a first comment, each a reply to the one before', async () => {
    const before = created();
    const text = unique('Launch day');
    const targetId = insertTarget(db, accountId, {
      text,
      media: [
        { path: png('a.png'), mimeType: 'image/png', altText: 'A red square' },
        { path: png('b.png', [0, 90, 200]), mimeType: '' },
      ],
      thread: [unique('Second part'), unique('Third part')],
      firstComment: unique('Link: https://example.com/launch'),
    });
    const progress: number[] = [];
    expect(await publishTarget({ workspaceId, targetId, accounts: core.accounts, db, clock, onProgress: (f) => progress.push(f) })).toBe('published');
    expect(created() - before).toBe(4);

    const row = targetRow(db, targetId);
    const refs = [0, 1, 2, 3].map((i) => JSON.parse(row.cps[`part:${i}:done`] as string) as { id: string; url: string });
    const tweets = refs.map((r) => fake.tweet(r.id));
    expect(tweets[0]).toMatchObject({ text, inReplyToTweetId: null });
    expect(tweets[0]?.mediaKeys).toHaveLength(2);
    for (let i = 1; i < 4; i++) expect(tweets[i]?.inReplyToTweetId).toBe(refs[i - 1]?.id);
    // Every remote id was written down: both uploads and each post.
    expect(row.cps['part:0:media:0']).toMatch(/^\d+$/);
    expect(row.cps['part:0:media:1']).toMatch(/^\d+$/);
    expect(row.cps['part:0:post']).toBe(refs[0]?.id);
    expect(row).toMatchObject({ state: 'published', remoteId: refs[0]?.id, remoteUrl: `https://x.com/acme/status/${refs[0]?.id}`, publishedAt: clock.now().toISOString(), errorName: null });
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(outcome(targetId)).toMatchObject({ state: 'published', message: null, action: null, liveUrl: row.remoteUrl, attempts: [{ outcome: 'published' }] });
    // Published is final: running it again posts nothing.
    expect(await publish(targetId)).toBe('published');
    expect(created() - before).toBe(4);
  });

  it('checks the rules before uploading anything: too long fails with what to do, and nothing is sent', async () => {
    const requests = fake.log.length;
    const targetId = insertTarget(db, accountId, { text: 'x'.repeat(281), media: [{ path: png('c.png'), mimeType: 'image/png' }] });
    expect(await publish(targetId)).toBe('failed');
    expect(fake.log.length).toBe(requests);
    expect(outcome(targetId)).toMatchObject({
      state: 'failed',
      message: 'X: 281 of 280 weighted characters. Shorten it, then retry.',
      action: 'shorten',
      attempts: [{ outcome: 'failed' }],
    });
    // A part of the thread is named.
    const threadTarget = insertTarget(db, accountId, { text: 'fine', thread: ['y'.repeat(300)] });
    expect(await publish(threadTarget)).toBe('failed');
    expect(outcome(threadTarget).message).toBe('X: 300 of 280 weighted characters (part 2 of the thread). Shorten it, then retry.');
    // A missing image is named too.
    const missing = insertTarget(db, accountId, { text: 'photo', media: [{ path: '/nonexistent/gone.png', mimeType: 'image/png' }] });
    expect(await publish(missing)).toBe('failed');
    expect(outcome(missing).message).toBe('The file gone.png is no longer on this computer. Add it to the post again, then retry.');
  });

  it('a 429 with a reset header puts the target back in the queue and rethrows RateLimited with resetAt; the retry posts once', async () => {
    const before = created();
    const reset = Math.floor(clock.now().getTime() / 1000) + 900;
    fake.fail({ ...fake.faults.rateLimited(reset), match: { method: 'POST', path: '/2/tweets' } });
    const targetId = insertTarget(db, accountId, { text: unique('Rate limited') });
    const error = await failure(publish(targetId));
    const resetAt = new Date(reset * 1000).toISOString();
    expect(error).toMatchObject({ name: 'RateLimited', details: { resetAt } });
    expect(outcome(targetId)).toMatchObject({ state: 'queued', action: 'wait', message: `X is rate-limiting @acme until ${resetAt.slice(0, 16).replace('T', ' ')} UTC. PromoGPT will post it then; there is nothing to do.` });
    expect(accountRow(db, accountId)?.rateLimitedUntil).toBe(resetAt);
    expect(targetRow(db, targetId).cps['part:0:sending']).toBeUndefined();

    expect(await publish(targetId)).toBe('published');
    expect(created() - before).toBe(1);
    expect(attemptsOf(db, targetId).map((a) => a.outcome)).toEqual(['retry', 'published']);
  });

  it('a server error puts it back in the queue (Transient rethrown); the retry posts once', async () => {
    const before = created();
    fake.fail({ ...fake.faults.serverError(503), match: { method: 'POST', path: '/2/tweets' } });
    const targetId = insertTarget(db, accountId, { text: unique('Server error'), media: [{ path: png('d.png'), mimeType: 'image/png' }] });
    expect(await failure(publish(targetId))).toMatchObject({ name: 'Transient' });
    expect(outcome(targetId)).toMatchObject({ state: 'queued', action: 'retry', message: expect.stringContaining('HTTP 503') });
    expect(await publish(targetId)).toBe('published');
    expect(created() - before).toBe(1);
  });

  it('the platform refusing the content fails it with the platform’s own words', async () => {
    const text = unique('Said twice');
    expect(await publish(insertTarget(db, accountId, { text }))).toBe('published');
    const again = insertTarget(db, accountId, { text });
    expect(await publish(again)).toBe('failed');
    expect(outcome(again)).toMatchObject({ state: 'failed', action: 'retry', message: expect.stringContaining('You are not allowed to create a Tweet with duplicate content.') });
    expect(outcome(again).message).toMatch(/Edit the post, then retry\.$/);
  });

  describe('a create whose answer is lost', () => {
    it('is never repeated: needs attention, retry refuses, and checking on X finds it and marks it published', async () => {
      const before = created();
      net.loseAnswer();
      const targetId = insertTarget(db, accountId, { text: unique('Lost answer'), media: [{ path: png('e.png'), mimeType: 'image/png' }] });
      expect(await publish(targetId)).toBe('needs_attention');
      expect(created() - before).toBe(1); // it did go out
      const shown = outcome(targetId);
      expect(shown).toMatchObject({ state: 'needs_attention', action: 'check', attempts: [{ outcome: 'unknown' }] });
      expect(shown.message).toBe('The post may or may not have been posted: X did not confirm it. Check on X; PromoGPT will not post it again until that is done.');
      expect(targetRow(db, targetId).cps['part:0:unknown']).toBeTruthy();

      // Neither a retry nor the job running again sends it a second time.
      expect(() => retryTarget({ targetId, db, clock })).toThrow(/check on X first/);
      const posts = creates().length;
      expect(await publish(targetId)).toBe('needs_attention');
      expect(creates().length).toBe(posts);

      expect(await checkOnPlatform({ workspaceId, targetId, accounts: core.accounts, db, clock })).toMatchObject({ state: 'published', parts: [{ index: 0, result: 'posted' }] });
      const row = targetRow(db, targetId);
      expect(fake.tweet(row.remoteId as string)?.text).toBe(JSON.parse(row.variant).text);
      expect(created() - before).toBe(1);
      expect(outcome(targetId)).toMatchObject({ state: 'published', action: null, liveUrl: `https://x.com/acme/status/${row.remoteId}` });
    });

    it('in the middle of a thread: the check finds that part, and the retry posts only the rest', async () => {
      const before = created();
      net.loseAnswer((url, init) => init?.method === 'POST' && url.pathname === '/2/tweets' && String(init.body).includes('middle'));
      const targetId = insertTarget(db, accountId, { text: unique('Thread start'), thread: [unique('the middle'), unique('the end')] });
      expect(await publish(targetId)).toBe('needs_attention');
      expect(outcome(targetId).message).toMatch(/^Part 2 of the thread may or may not have been posted/);
      expect(created() - before).toBe(2);
      expect(await checkOnPlatform({ workspaceId, targetId, accounts: core.accounts, db, clock })).toMatchObject({ state: 'queued' });
      expect(await publish(targetId)).toBe('published');
      expect(created() - before).toBe(3);
      const row = targetRow(db, targetId);
      const ids = [0, 1, 2].map((i) => (JSON.parse(row.cps[`part:${i}:done`] as string) as { id: string }).id);
      expect(fake.tweet(ids[2] as string)?.inReplyToTweetId).toBe(ids[1]);
    });

    it('when the check does not find it, posting it is safe: back to queued, then one post', async () => {
      const before = created();
      const text = unique('Never arrived');
      const targetId = insertTarget(db, accountId, { text });
      // As a crash between sending the create and hearing back would leave it, when X never got it.
      setTarget(db, targetId, { state: 'needs_attention', checkpoints: { 'part:0:sending': clock.now().toISOString(), 'part:0:unknown': clock.now().toISOString() } });
      expect(await checkOnPlatform({ workspaceId, targetId, accounts: core.accounts, db, clock })).toMatchObject({ state: 'queued', parts: [{ index: 0, result: 'not-posted' }] });
      expect(targetRow(db, targetId).cps).toEqual({});
      expect(await publish(targetId)).toBe('published');
      expect(created() - before).toBe(1);
    });

    it('the user may confirm that it is not there and post anyway', async () => {
      const targetId = insertTarget(db, accountId, { text: unique('Confirmed') });
      setTarget(db, targetId, { state: 'needs_attention', checkpoints: { 'part:0:sending': clock.now().toISOString(), 'part:0:unknown': clock.now().toISOString() } });
      expect(retryTarget({ targetId, db, clock, confirmNotPosted: true })).toBe('queued');
      expect(await publish(targetId)).toBe('published');
    });
  });

  it('refuses to check or retry what is not in doubt', async () => {
    const targetId = insertTarget(db, accountId, { text: unique('Fine') });
    await expect(checkOnPlatform({ workspaceId, targetId, accounts: core.accounts, db, clock })).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('nothing to check') });
    expect(retryTarget({ targetId, db, clock })).toBe('queued');
    expect(await publish(targetId)).toBe('published');
    expect(() => retryTarget({ targetId, db, clock })).toThrow(/already on X/);
  });
});

describe('X sign-in during a publish', () => {
  it('a 401 from an expired access token refreshes once (rotating the refresh token) and the post goes out once', async () => {
    const before = created();
    clock.advance(3 * 3600_000); // the fake's 2 h access token has expired
    const tokenCalls = fake.log.filter((e) => e.path === '/2/oauth2/token').length;
    const targetId = insertTarget(db, accountId, { text: unique('After expiry'), media: [{ path: png('f.png'), mimeType: 'image/png' }] });
    expect(await publish(targetId)).toBe('published');
    expect(fake.log.filter((e) => e.path === '/2/oauth2/token').length - tokenCalls).toBe(1);
    expect(fake.log.some((e) => e.status === 401)).toBe(true);
    expect(created() - before).toBe(1);
    expect(accountRow(db, accountId)?.status).toBe('connected');
  });

  it('a refresh X refuses ends in needs attention with reconnect, and marks the account', async () => {
    const other = fake.addUser({ username: 'revoked' });
    const account = await connectX(core, workspaceId, fake, other);
    const session = await core.accounts.session(workspaceId, account.id);
    await fetch(`${fake.url}/2/oauth2/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: session.tokens.refreshToken as string, client_id: session.extras.clientId as string }),
    });
    const targetId = insertTarget(db, account.id, { text: unique('Revoked') });
    expect(await publish(targetId)).toBe('needs_attention');
    expect(accountRow(db, account.id)?.status).toBe('needs_reconnect');
    expect(targetOutcome(db, targetId, { handle: '@revoked', platform: 'x' })).toMatchObject({
      state: 'needs_attention',
      action: 'reconnect',
      message: 'X no longer accepts the sign-in of @revoked. Reconnect @revoked on the Accounts page, then retry.',
    });
    expect(fake.createdTweets(other.id)).toBe(0);
    expect(() => retryTarget({ targetId, db, clock })).toThrow('Reconnect @revoked on the Accounts page first, then retry.');
  });
});
