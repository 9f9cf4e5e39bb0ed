// The crash matrix on a real PDS: after a kill at any step, a fresh process re-runs the part;
// the record key it chose before uploading lets getRecord find a record that already landed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBlueskyNetwork, type BlueskyTestNetwork, type TestAccount } from '../../fakes/bluesky-pds';
import { crashMatrix, matrixTable } from './crash-kit';

let pds: BlueskyTestNetwork;
let alice: TestAccount;
beforeAll(async () => {
  pds = await startBlueskyNetwork();
  alice = await pds.createAccount('alice');
}, 180_000);
afterAll(() => pds?.close(), 60_000);

interface PostRecord {
  uri: string;
  value: { text: string; reply?: { parent: { uri: string } }; embed?: { images: unknown[] } };
}

async function records(): Promise<PostRecord[]> {
  const out: PostRecord[] = [];
  let cursor: string | undefined;
  do {
    const q = new URLSearchParams({ repo: alice.did, collection: 'app.bsky.feed.post', limit: '100', ...(cursor ? { cursor } : {}) });
    const body = (await (await fetch(`${pds.pdsUrl}/xrpc/com.atproto.repo.listRecords?${q}`)).json()) as { records: PostRecord[]; cursor?: string };
    out.push(...body.records);
    cursor = body.records.length ? body.cursor : undefined;
  } while (cursor);
  return out;
}

it('never posts twice and never loses a post, whatever step the process dies at', async () => {
  const rows = await crashMatrix(
    {
      platform: 'bluesky',
      connect: async (core, workspaceId) => (await core.call('account.connectBluesky', { workspaceId, service: pds.pdsUrl, identifier: alice.handle, appPassword: alice.appPassword })).id,
      created: async () => (await records()).length,
      verify: async (refs, texts) => {
        const all = await records();
        refs.forEach((ref, i) => {
          const same = all.filter((r) => r.value.text === texts[i]);
          expect(same.map((r) => r.uri)).toEqual([ref.id]);
          expect(same[0]?.value.reply?.parent.uri).toBe(i === 0 ? undefined : refs[i - 1]?.id);
        });
        expect(all.find((r) => r.uri === refs[0]?.id)?.value.embed?.images).toHaveLength(2);
      },
    },
    // rkey, blob:0, blob:1 (the post), rkey (part 2), rkey (part 3)
    { checkpoints: 5 },
  );
  console.info(matrixTable('bluesky', rows));
}, 600_000);
