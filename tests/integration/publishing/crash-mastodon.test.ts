// The crash matrix on Mastodon (fake): after a kill at any step, a fresh process re-runs the
// part with the same Idempotency-Key, and the post ends published exactly once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMastodonFake, type FakeAccount, type MastodonFake } from '../../fakes/mastodon/server';
import { crashMatrix, matrixTable } from './crash-kit';
import { connectMastodon } from './kit';

let fake: MastodonFake;
let alice: FakeAccount;
beforeAll(async () => {
  fake = await startMastodonFake({ rateLimit: { limit: 10_000, periodSec: 300 }, mediaRateLimit: { limit: 10_000, periodSec: 1800 } });
  alice = fake.addAccount({ username: 'alice' });
});
afterAll(() => fake?.close());

it('never posts twice and never loses a post, whatever step the process dies at', async () => {
  const rows = await crashMatrix(
    {
      platform: 'mastodon',
      connect: async (core, workspaceId) => (await connectMastodon(core, workspaceId, fake, alice)).id,
      created: async () => fake.createdStatuses(alice.id),
      verify: async (refs, texts) => {
        refs.forEach((ref, i) => {
          expect(fake.status(ref.id)).toMatchObject({ text: texts[i], deleted: false, inReplyToId: i === 0 ? null : refs[i - 1]?.id });
        });
        expect(fake.status(refs[0]?.id as string)?.mediaIds).toHaveLength(2);
      },
    },
    // media:0, media:1, post (the post), post (part 2), post (part 3)
    { checkpoints: 5 },
  );
  console.info(matrixTable('mastodon', rows));
}, 600_000);
