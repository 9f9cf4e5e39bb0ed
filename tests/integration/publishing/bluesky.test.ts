// Publishing to Bluesky through the real core against a REAL PDS (@atproto/dev-env, no
// AppView needed): images and a thread as repo records, and a lost createRecord answer that a
// re-run resolves with getRecord on the record key PromoGPT chose, so there is one record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/app';
import type { WorkspaceDb } from '../../../src-main/core/db/app-db';
import { systemClock } from '../../../src-main/core/platform/clock';
import { publishTarget, targetOutcome } from '../../../src-main/core/publishing';
import { startBlueskyNetwork, type BlueskyTestNetwork, type TestAccount } from '../../fakes/bluesky-pds';
import { failure, faultyFetch, insertTarget, png, publishingCore, targetRow } from './kit';

const clock = systemClock;
const net = faultyFetch();
let pds: BlueskyTestNetwork;
let alice: TestAccount;
let core: Core;
let db: WorkspaceDb;
let workspaceId: string;
let accountId: string;

beforeAll(async () => {
  pds = await startBlueskyNetwork();
  alice = await pds.createAccount('alice');
  ({ core, db, workspaceId } = await publishingCore({ fetch: net.fetch }));
  accountId = (await core.call('account.connectBluesky', { workspaceId, service: pds.pdsUrl, identifier: alice.handle, appPassword: alice.appPassword })).id;
}, 180_000);
afterAll(async () => {
  core?.close();
  await pds?.close();
}, 60_000);

const publish = (targetId: string) => publishTarget({ workspaceId, targetId, accounts: core.accounts, db, clock });

interface PostRecord {
  uri: string;
  cid: string;
  value: { text: string; reply?: { root: { uri: string }; parent: { uri: string } }; embed?: { images: { alt: string }[] } };
}

/** Every post record in alice's repo, read straight from the PDS. */
async function postRecords(): Promise<PostRecord[]> {
  const out: PostRecord[] = [];
  let cursor: string | undefined;
  do {
    const q = new URLSearchParams({ repo: alice.did, collection: 'app.bsky.feed.post', limit: '100', ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${pds.pdsUrl}/xrpc/com.atproto.repo.listRecords?${q}`);
    const body = (await res.json()) as { records: PostRecord[]; cursor?: string };
    out.push(...body.records);
    cursor = body.records.length ? body.cursor : undefined;
  } while (cursor);
  return out;
}
const withText = async (text: string) => (await postRecords()).filter((r) => r.value.text === text);

describe('publishing to Bluesky on a real PDS', () => {
  it('publishes two images and a thread with a first comment, replies pointing at the root and the previous part', async () => {
    const texts = ['A thread with pictures', 'Second post of it', 'And the first comment'];
    const targetId = insertTarget(db, accountId, {
      text: texts[0] as string,
      media: [
        { path: png('b1.png'), mimeType: 'image/png', altText: 'Red' },
        { path: png('b2.png', [10, 200, 10]), mimeType: 'image/png', altText: 'Green' },
      ],
      thread: [texts[1] as string],
      firstComment: texts[2],
    });
    expect(await publish(targetId)).toBe('published');
    const records = await Promise.all(texts.map(withText));
    for (const r of records) expect(r).toHaveLength(1);
    const [root, second, comment] = records.map((r) => r[0] as PostRecord);
    expect(root?.value.embed?.images.map((i) => i.alt)).toEqual(['Red', 'Green']);
    expect(second?.value.reply).toMatchObject({ root: { uri: root?.uri }, parent: { uri: root?.uri } });
    expect(comment?.value.reply).toMatchObject({ root: { uri: root?.uri }, parent: { uri: second?.uri } });
    const row = targetRow(db, targetId);
    expect(row.remoteId).toBe(root?.uri);
    expect(row.remoteUrl).toMatch(/^https:\/\/bsky\.app\/profile\/alice\.test\/post\//);
    expect(row.cps['part:0:rkey']).toBe(root?.uri.split('/').pop());
    expect(row.cps['part:0:blob:0']).toBeTruthy();
    expect(row.cps['part:0:blob:1']).toBeTruthy();
  });

  it('a lost createRecord answer: queued, and the re-run finds the record by its key instead of creating a second', async () => {
    const text = 'Did this one arrive?';
    net.loseAnswer();
    const targetId = insertTarget(db, accountId, { text, media: [{ path: png('b3.png'), mimeType: 'image/png' }] });
    expect(await failure(publish(targetId))).toMatchObject({ name: 'Transient', details: { outcomeUnknown: true } });
    expect(await withText(text)).toHaveLength(1);
    expect(targetOutcome(db, targetId, { handle: alice.handle, platform: 'bluesky' })).toMatchObject({ state: 'queued', action: 'retry' });
    expect(await publish(targetId)).toBe('published');
    const records = await withText(text);
    expect(records).toHaveLength(1);
    expect(targetRow(db, targetId).remoteId).toBe(records[0]?.uri);
  });

  it('checks the 300-grapheme rule before uploading anything', async () => {
    const targetId = insertTarget(db, accountId, { text: 'é'.repeat(301), media: [{ path: png('b4.png'), mimeType: 'image/png' }] });
    expect(await publish(targetId)).toBe('failed');
    expect(targetOutcome(db, targetId, { handle: alice.handle, platform: 'bluesky' })).toMatchObject({ action: 'shorten', message: 'Bluesky: 301 of 300 graphemes. Shorten it, then retry.' });
  });
});
