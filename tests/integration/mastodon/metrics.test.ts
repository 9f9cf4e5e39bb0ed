import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/core/connectors/types';
import { mastodonEnv } from './kit';

let env: Awaited<ReturnType<typeof mastodonEnv>>;
let session: Session;
beforeAll(async () => {
  env = await mastodonEnv();
  session = env.sessionFor(env.alice);
});
afterAll(() => env.fake.close());

describe('Mastodon metrics and comments', () => {
  it('reads replies, reblogs, favourites and quotes per status, leaving out deleted ones', async () => {
    const a = await env.connector.publish(session, { text: 'Metrics A', media: [], idempotencyKey: 'm-a' });
    const b = await env.connector.publish(session, { text: 'Metrics B', media: [], idempotencyKey: 'm-b' });
    const gone = await env.connector.publish(session, { text: 'Metrics gone', media: [], idempotencyKey: 'm-c' });
    const bob = env.fake.addAccount({ username: 'bob' });
    env.fake.engage(a.id, { favourites: 7, reblogs: 3, quotes: 1 });
    env.fake.reply(a.id, bob.id, 'nice');
    env.fake.deleteStatus(gone.id);

    const metrics = await env.connector.fetchPostMetrics(session, [a, b, gone]);
    expect(metrics.map((m) => [m.ref.id, m.values])).toEqual([
      [a.id, { replies: 1, reposts: 3, likes: 7, quotes: 1 }],
      [b.id, { replies: 0, reposts: 0, likes: 0, quotes: 0 }],
    ]);
    expect(metrics[0]?.raw).toMatchObject({ id: a.id, favourites_count: 7 });
  });

  it('reads followers, following and post count from verify_credentials', async () => {
    const m = await env.connector.fetchAccountMetrics(session);
    expect(m.values).toEqual({ followers: 12, following: 3, posts: env.fake.account(env.alice.id).statuses });
    expect(m.values.posts).toBeGreaterThan(0);
  });

  it('reads replies from /context as plain text, nested ones included, in thread order', async () => {
    const root = await env.connector.publish(session, { text: 'Tell me what you think', media: [], idempotencyKey: 'c-root' });
    const carol = env.fake.addAccount({ username: 'carol', displayName: 'Carol C.' });
    const dave = env.fake.addAccount({ username: 'dave' });
    const r1 = env.fake.reply(root.id, carol.id, 'Love it <3 & more\nsecond line');
    const r2 = env.fake.reply(r1.id, dave.id, '"agreed"');
    env.fake.reply(root.id, dave.id, 'meh');

    const comments = await env.connector.fetchComments(session, root);
    const host = new URL(env.fake.url).host;
    expect(comments.map((c) => ({ ...c, createdAt: typeof c.createdAt }))).toEqual([
      { id: r1.id, url: `${env.fake.url}/@carol/${r1.id}`, authorHandle: `@carol@${host}`, authorName: 'Carol C.', text: 'Love it <3 & more\nsecond line', createdAt: 'string', inReplyToId: root.id },
      { id: r2.id, url: `${env.fake.url}/@dave/${r2.id}`, authorHandle: `@dave@${host}`, authorName: 'dave', text: '"agreed"', createdAt: 'string', inReplyToId: r1.id },
      expect.objectContaining({ text: 'meh', inReplyToId: root.id }),
    ]);
    // What the instance sends is HTML; the text above is what it says.
    const raw = (await (await fetch(`${env.fake.url}/api/v1/statuses/${root.id}/context`)).json()) as { descendants: { content: string }[] };
    expect(raw.descendants[0]?.content).toBe('<p>Love it &lt;3 &amp; more<br />second line</p>');
  });
});
