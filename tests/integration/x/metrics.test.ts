import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/core/connectors/types';
import { xEnv } from './kit';

let env: Awaited<ReturnType<typeof xEnv>>;
let session: Session;
beforeAll(async () => {
  env = await xEnv();
  session = env.sessionFor(env.me);
});
afterAll(() => env.fake.close());

describe('X metrics and comments', () => {
  it('reads public and non-public metrics of own posts, falls back to public ones where X refuses, and leaves out deleted posts', async () => {
    const mine = await env.connector.publish(session, { text: 'Metrics mine', media: [], idempotencyKey: 'k' });
    const other = env.fake.addUser({ username: 'someone_else' });
    const theirs = env.fake.reply(mine.id, other.id, 'their reply');
    const gone = await env.connector.publish(session, { text: 'Metrics gone', media: [], idempotencyKey: 'k' });
    env.fake.engage(mine.id, { like_count: 9, retweet_count: 2, quote_count: 1, bookmark_count: 4, impression_count: 300 }, { impression_count: 310, engagements: 20 });
    env.fake.engage(theirs.id, { like_count: 5, impression_count: 50 });
    env.fake.deleteTweet(gone.id);

    const theirsRef = { id: theirs.id, url: `https://x.com/someone_else/status/${theirs.id}` };
    const metrics = await env.connector.fetchPostMetrics(session, [mine, theirsRef, gone]);
    expect(metrics.map((m) => [m.ref.id, m.values])).toEqual([
      [mine.id, { impressions: 310, likes: 9, reposts: 2, replies: 1, quotes: 1, bookmarks: 4 }],
      [theirs.id, { impressions: 50, likes: 5, reposts: 0, replies: 0, quotes: 0, bookmarks: 0 }],
    ]);
    const lookups = env.fake.log.filter((e) => e.path === '/2/tweets' && e.method === 'GET').slice(-2);
    expect(lookups.map((e) => new URLSearchParams(e.query).get('tweet.fields'))).toEqual(['public_metrics,non_public_metrics', 'public_metrics']);
    expect(new URLSearchParams(lookups[1]?.query).get('ids')).toBe(theirs.id);
  });

  it('non-public metrics stop after 30 days: public ones still come back', async () => {
    const old = await env.connector.publish(session, { text: 'Old post', media: [], idempotencyKey: 'k' });
    env.fake.engage(old.id, { like_count: 3, impression_count: 30 }, { impression_count: 33 });
    env.clock.advance(31 * 86_400_000);
    session = env.sessionFor(env.me); // the 2-hour access token expired meanwhile
    const [m] = await env.connector.fetchPostMetrics(session, [old]);
    expect(m?.values).toMatchObject({ impressions: 30, likes: 3 });
  });

  it('batches lookups by 100 ids', async () => {
    const refs = Array.from({ length: 150 }, (_, i) => ({ id: String(10_000 + i), url: '' }));
    const before = env.fake.log.length;
    expect(await env.connector.fetchPostMetrics(session, refs)).toEqual([]);
    const batches = env.fake.log.slice(before).map((e) => (new URLSearchParams(e.query).get('ids') ?? '').split(',').length);
    expect(batches).toEqual([100, 50]);
  });

  it.each(['post_count', 'tweet_count'] as const)('reads account metrics from users/me (%s)', async (field) => {
    env.fake.configure({ postCountField: field });
    const m = await env.connector.fetchAccountMetrics(session);
    const posts = m.values.posts;
    expect(m.values).toEqual({ followers: 42, following: 7, posts });
    expect(posts).toBeGreaterThan(0);
    expect(m.raw).toMatchObject({ public_metrics: { [field]: posts } });
  });

  it('reads replies from recent search by conversation_id, across pages, oldest first, without the post itself', async () => {
    const root = await env.connector.publish(session, { text: 'What do you think?', media: [], idempotencyKey: 'k' });
    const fan = env.fake.addUser({ username: 'fan_1', name: 'Fan One' });
    const critic = env.fake.addUser({ username: 'critic' });
    const replies = Array.from({ length: 104 }, (_, i) => {
      env.clock.advance(1000);
      return env.fake.reply(root.id, i % 2 ? fan.id : critic.id, `reply ${i}`);
    });
    env.clock.advance(1000);
    const nested = env.fake.reply(replies[0]?.id ?? '', fan.id, 'nested answer');
    // Outside recent search's 7 days: not found, as on X.
    env.fake.reply(root.id, fan.id, 'ancient', new Date(env.clock.now().getTime() - 8 * 86_400_000));

    const comments = await env.connector.fetchComments(session, root);
    expect(comments).toHaveLength(105);
    expect(comments[0]).toEqual({
      id: replies[0]?.id,
      url: `https://x.com/critic/status/${replies[0]?.id}`,
      authorHandle: '@critic',
      authorName: 'critic',
      text: 'reply 0',
      createdAt: expect.stringMatching(/Z$/),
      inReplyToId: root.id,
    });
    expect(comments.at(-1)).toMatchObject({ id: nested.id, authorHandle: '@fan_1', authorName: 'Fan One', inReplyToId: replies[0]?.id });
    expect(comments.some((c) => c.id === root.id || c.text === 'ancient')).toBe(false);
    const searches = env.fake.log.filter((e) => e.path === '/2/tweets/search/recent').slice(-2);
    expect(searches.map((e) => new URLSearchParams(e.query).get('query'))).toEqual([`conversation_id:${root.id}`, `conversation_id:${root.id}`]);
    expect(new URLSearchParams(searches[1]?.query).get('next_token')).toBeTruthy();
  });
});
