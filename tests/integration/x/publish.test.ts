import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createXConnector } from '../../../src-main/core/connectors/x';
import type { Session } from '../../../src-main/core/connectors/types';
import { failure, mediaFile, xEnv } from './kit';

let env: Awaited<ReturnType<typeof xEnv>>;
let session: Session;
beforeAll(async () => {
  env = await xEnv({}, { chunkBytes: 1024 * 1024 });
  session = env.sessionFor(env.me);
});
afterAll(() => env.fake.close());
beforeEach(() => {
  env.fake.clearFaults();
  env.fake.configure({ processing: { durationSec: 3, checkAfterSecs: 1, fail: false } });
  env.sleeps.length = 0;
});

let n = 0;
const text = (t: string) => `${t} #${++n}`;
const tweetPosts = () => env.fake.log.filter((e) => e.method === 'POST' && e.path === '/2/tweets');
const created = () => env.fake.createdTweets(env.me.id);

describe('publishing to X', () => {
  it('creates a post (201) and returns its id and x.com URL', async () => {
    const before = created();
    const t = text('Hello X');
    const ref = await env.connector.publish(session, { text: t, media: [], idempotencyKey: 'unused-on-x' });
    expect(ref).toEqual({ id: expect.stringMatching(/^\d+$/), url: `https://x.com/promo_maker/status/${ref.id}` });
    expect(env.fake.tweet(ref.id)).toMatchObject({ text: t, authorId: env.me.id });
    expect(JSON.parse(tweetPosts().at(-1)?.bodyText ?? '')).toEqual({ text: t });
    expect(tweetPosts().at(-1)?.status).toBe(201);
    expect(created()).toBe(before + 1);
  });

  it('uploads images with initialize → append → finalize, checkpoints each id, and attaches them', async () => {
    const steps: [string, string][] = [];
    const ref = await env.connector.publish(
      session,
      {
        text: text('Two photos'),
        media: [
          { path: mediaFile('a.png', 3000), mimeType: 'image/png' },
          { path: mediaFile('b.jpg', 5000), mimeType: 'image/jpeg' },
        ],
        idempotencyKey: 'k',
      },
      { checkpoint: (s, v) => steps.push([s, v]) },
    );
    expect(steps.map(([s]) => s)).toEqual(['media:0', 'media:1', 'post']);
    const ids = steps.slice(0, 2).map(([, v]) => v);
    for (const id of ids) expect(env.fake.upload(id)).toMatchObject({ segments: [0], finalized: true, category: 'tweet_image' });
    expect(env.fake.tweet(ref.id)?.mediaKeys).toEqual(ids.map((id) => `3_${id}`));
    const body = JSON.parse(tweetPosts().at(-1)?.bodyText ?? '') as { media: { media_ids: string[] } };
    expect(body.media.media_ids).toEqual(ids);
    // Images need no processing: no STATUS polls, no waiting.
    expect(env.sleeps).toEqual([]);
  });

  it('uploads a video in 1 MiB chunks and waits for processing exactly as check_after_secs says', async () => {
    env.fake.configure({ processing: { durationSec: 5, checkAfterSecs: 2 } });
    const early = env.fake.earlyStatusPolls();
    const steps: [string, string][] = [];
    const progress: number[] = [];
    const size = 2.5 * 1024 * 1024;
    const ref = await env.connector.publish(
      session,
      { text: text('A video'), media: [{ path: mediaFile('clip.mp4', size), mimeType: 'video/mp4' }], idempotencyKey: 'k' },
      { checkpoint: (s, v) => steps.push([s, v]), progress: (f) => progress.push(f) },
    );
    const id = steps[0]?.[1] ?? '';
    expect(env.fake.upload(id)).toEqual({ totalBytes: size, segments: [0, 1, 2], finalized: true, category: 'tweet_video' });
    const init = env.fake.log.find((e) => e.path === '/2/media/upload/initialize' && e.status === 200 && e.bodyText.includes(String(size)));
    expect(JSON.parse(init?.bodyText ?? '')).toEqual({ media_type: 'video/mp4', total_bytes: size, media_category: 'tweet_video' });
    // pending (check after 2 s) → in_progress (2 s) → in_progress (1 s left) → succeeded.
    expect(env.sleeps).toEqual([2000, 2000, 1000]);
    expect(env.fake.earlyStatusPolls()).toBe(early);
    const polls = env.fake.log.filter((e) => e.method === 'GET' && e.path === '/2/media/upload');
    expect(polls.map((e) => e.query)).toEqual(Array(3).fill(`?command=STATUS&media_id=${id}`));
    expect(env.fake.tweet(ref.id)?.mediaKeys).toEqual([`7_${id}`]);
    expect(progress).toEqual([0.5, 1]);
  });

  it('the fake refuses media that is still processing (why the connector waits)', async () => {
    const noWait = createXConnector({ ...env.deps, sleep: async () => undefined, mediaMaxWaitMs: 1000 });
    const before = created();
    const err = await failure(noWait.publish(session, { text: text('Impatient'), media: [{ path: mediaFile('v.mp4'), mimeType: 'video/mp4' }], idempotencyKey: 'k' }));
    expect(err.name).toBe('Transient');
    expect(err.message).toContain('still processing');
    expect(err.details?.mediaId).toMatch(/^\d+$/);
    const res = await fetch(`${env.fake.url}/2/tweets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.tokens.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'too early', media: { media_ids: [String(err.details?.mediaId)] } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ message: 'Your media IDs are invalid.' }] });
    expect(created()).toBe(before);
  });

  it('a video X fails to process stops the publish before any post', async () => {
    env.fake.configure({ processing: { fail: true } });
    const before = created();
    const err = await failure(env.connector.publish(session, { text: text('Broken'), media: [{ path: mediaFile('bad.mp4'), mimeType: 'video/mp4' }], idempotencyKey: 'k' }));
    expect(err.name).toBe('PlatformRejected');
    expect(err.message).toContain('Unsupported video format');
    expect(created()).toBe(before);
  });

  it('chains a thread with reply.in_reply_to_tweet_id', async () => {
    const first = await env.connector.publish(session, { text: text('Thread 1/2'), media: [], idempotencyKey: 'k' });
    const second = await env.connector.publish(session, { text: text('Thread 2/2'), media: [], replyTo: first, idempotencyKey: 'k' });
    expect(JSON.parse(tweetPosts().at(-1)?.bodyText ?? '')).toMatchObject({ reply: { in_reply_to_tweet_id: first.id } });
    expect(env.fake.tweet(second.id)).toMatchObject({ inReplyToTweetId: first.id, conversationId: first.id });
    expect(env.fake.tweet(first.id)?.metrics.reply_count).toBe(1);
  });

  it('a connection dropped after X created the post: outcome unknown, never retried, and findable', async () => {
    const before = created();
    const posts = tweetPosts().length;
    const t = text('Dropped answer');
    const since = env.clock.now().toISOString();
    env.fake.fail({ dropAfterReceive: true, match: { method: 'POST', path: '/2/tweets' } });
    const err = await failure(env.connector.publish(session, { text: t, media: [], idempotencyKey: 'k' }));
    expect(err.name).toBe('Transient');
    expect(err.details).toEqual({ outcomeUnknown: true });
    expect(created()).toBe(before + 1);
    expect(tweetPosts().length).toBe(posts + 1);

    const found = await env.connector.findRecentPost(session, { text: t, since });
    expect(found).toEqual({ id: expect.stringMatching(/^\d+$/), url: `https://x.com/promo_maker/status/${found?.id}` });
    expect(env.fake.tweet(found?.id ?? '')?.text).toBe(t);
    expect(await env.connector.findRecentPost(session, { text: text('Never posted'), since })).toBeNull();
  });

  it('a create that times out: outcome unknown, exactly one post on X, no second attempt', async () => {
    const slow = createXConnector({ ...env.deps, timeoutMs: 500 });
    const before = created();
    const posts = tweetPosts().length;
    env.fake.fail({ delayMs: 2000, match: { method: 'POST', path: '/2/tweets' } });
    const err = await failure(slow.publish(session, { text: text('Slow answer'), media: [], idempotencyKey: 'k' }));
    expect(err.name).toBe('Transient');
    expect(err.details).toEqual({ outcomeUnknown: true });
    expect(err.message).toMatch(/may or may not exist/);
    expect(created()).toBe(before + 1);
    expect(tweetPosts().length).toBe(posts + 1);
  });

  it('duplicate content (a 403 from X) is the post’s problem: PlatformRejected, not PermissionDenied', async () => {
    const t = text('Same words');
    await env.connector.publish(session, { text: t, media: [], idempotencyKey: 'k' });
    const err = await failure(env.connector.publish(session, { text: t, media: [], idempotencyKey: 'k2' }));
    expect(err.name).toBe('PlatformRejected');
    expect(err.details).toMatchObject({ status: 403, platformMessage: 'You are not allowed to create a Tweet with duplicate content.' });
  });

  it('the fake counts weighted characters like X: 280, URLs 23, CJK and emoji 2', async () => {
    const url = 'https://example.com/a/very/long/path/that/would/be/long';
    await env.connector.publish(session, { text: `${'a'.repeat(256)} ${url}`, media: [], idempotencyKey: 'k' });
    const cjk = await failure(env.connector.publish(session, { text: '字'.repeat(141), media: [], idempotencyKey: 'k' }));
    expect(cjk.name).toBe('PlatformRejected');
    await env.connector.publish(session, { text: `${'字'.repeat(139)}b`, media: [], idempotencyKey: 'k' });
    expect((await failure(env.connector.publish(session, { text: '😀'.repeat(141), media: [], idempotencyKey: 'k' }))).name).toBe('PlatformRejected');
    await env.connector.publish(session, { text: '😀'.repeat(140), media: [], idempotencyKey: 'k' });
  });

  it('status() finds a post, and answers null for a deleted one ("Not Found Error") or a 404', async () => {
    const ref = await env.connector.publish(session, { text: text('Check me'), media: [], idempotencyKey: 'k' });
    expect(await env.connector.status(session, ref)).toEqual(ref);
    env.fake.deleteTweet(ref.id);
    expect(await env.connector.status(session, ref)).toBeNull();
    env.fake.fail({ ...env.fake.faults.notFound(), match: { path: `/2/tweets/${ref.id}` } });
    expect(await env.connector.status(session, ref)).toBeNull();
  });
});
