// The crash matrix on X (fake): after a kill at any step, the post ends published exactly once,
// or, where the create may already have gone out, in needs attention until a check finds it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startXFake, type XFake, type XUser } from '../../fakes/x/server';
import { crashMatrix, matrixTable } from './crash-kit';
import { connectX } from './kit';

let fake: XFake;
let me: XUser;
beforeAll(async () => {
  fake = await startXFake();
  me = fake.addUser({ username: 'crashy' });
});
afterAll(() => fake?.close());

it('never posts twice and never loses a post, whatever step the process dies at', async () => {
  const created = (text: string) => fake.log.filter((e) => e.method === 'POST' && e.path === '/2/tweets' && e.status === 201 && (JSON.parse(e.bodyText) as { text?: string }).text === text).length;
  const rows = await crashMatrix(
    {
      platform: 'x',
      connect: async (core, workspaceId) => (await connectX(core, workspaceId, fake, me)).id,
      created: async () => fake.createdTweets(me.id),
      verify: async (refs, texts) => {
        refs.forEach((ref, i) => {
          const tweet = fake.tweet(ref.id);
          expect(tweet).toMatchObject({ text: texts[i], deleted: false, inReplyToTweetId: i === 0 ? null : refs[i - 1]?.id });
          expect(created(texts[i] as string)).toBe(1);
        });
        expect(fake.tweet(refs[0]?.id as string)?.mediaKeys).toHaveLength(2);
      },
    },
    // media:0, media:1, post (the post), post (part 2), post (part 3)
    { checkpoints: 5 },
  );
  console.info(matrixTable('x', rows));
}, 600_000);
