// Publishing and reading back against a REAL Bluesky network from @atproto/dev-env: PLC, PDS
// and the AppView (with its Postgres and Redis, started by the helper on loopback ports), so
// app.bsky.* reads (getPosts counts, getProfile, getPostThread) run through the PDS's proxy
// exactly as they do against bsky.social.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { blueskyConnector, postUri, recordKeyFor, type BlueskyConnector } from '../../../src-main/core/connectors/bluesky';
import type { RemotePostRef, Session } from '../../../src-main/core/connectors/types';
import { LOOPBACK, startBlueskyNetwork, type BlueskyTestNetwork, type TestAccount } from '../../fakes/bluesky-pds';
import { makeClip } from '../media/render-helpers';
import { JPEG_6x4, pngBytes, recordingDeps, writeFile } from './util';

let net: BlueskyTestNetwork;
let alice: TestAccount;
let bob: TestAccount;
let connector: BlueskyConnector;
let aliceSession: Session;
let bobSession: Session;
let dir: string;

beforeAll(async () => {
  net = await startBlueskyNetwork({ appView: true });
  alice = await net.createAccount('alice');
  bob = await net.createAccount('bob');
  await net.processAll();
  connector = blueskyConnector(recordingDeps());
  aliceSession = await connector.connect({ service: net.pdsUrl, identifier: alice.handle, password: alice.appPassword });
  bobSession = await connector.connect({ service: net.pdsUrl, identifier: bob.handle, password: bob.appPassword });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promogpt-bsky-'));
}, 180_000); // the network with its AppView, Postgres and Redis starts in ~10 s here, slower on a busy machine

afterAll(async () => {
  await net?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function caught(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, got success');
}

async function xrpcGet(nsid: string, query: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await fetch(`${net.pdsUrl}/xrpc/${nsid}?${new URLSearchParams(query)}`);
  expect(res.status, `${nsid} ${await res.clone().text()}`).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function storedRecord(ref: RemotePostRef): Promise<Record<string, unknown>> {
  const [, , repo, collection, rkey] = ref.id.split('/');
  const body = await xrpcGet('com.atproto.repo.getRecord', { repo: repo as string, collection: collection as string, rkey: rkey as string });
  return body.value as Record<string, unknown>;
}

async function postCount(did: string): Promise<number> {
  const body = await xrpcGet('com.atproto.repo.listRecords', { repo: did, collection: 'app.bsky.feed.post', limit: '100' });
  return (body.records as unknown[]).length;
}

/** A record written by `session`'s account straight to its repo (likes, reposts, follows). */
async function writeRecord(session: Session, collection: string, record: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${session.apiBase}/xrpc/com.atproto.repo.createRecord`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.tokens.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ repo: session.identity.platformUserId, collection, record: { $type: collection, createdAt: new Date().toISOString(), ...record } }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('the network with an AppView', () => {
  it('binds every server to 127.0.0.1 and shows the profile through the PDS', () => {
    expect(net.withAppView).toBe(true);
    expect(net.listeners.length).toBeGreaterThanOrEqual(4);
    for (const l of net.listeners) expect(l.address).toBe(LOOPBACK);
    expect(aliceSession.identity.displayName).toBe('Test alice');
  });
});

describe('publishing', () => {
  it('posts text with a link, a mention and a tag at UTF-8 byte offsets (emoji and accents before them)', async () => {
    const link = 'https://example.com/ünï/path?q=1';
    const text = `Héllo 👋🏽 wörld — see ${link} and ping @${bob.handle}, not @ghost.test #promo`;
    const ref = await connector.publish(aliceSession, { text, media: [], idempotencyKey: 'facets-1' });

    const record = await storedRecord(ref);
    expect(record.text).toBe(text);
    const facets = record.facets as { index: { byteStart: number; byteEnd: number }; features: Record<string, string>[] }[];
    const at = (needle: string) => {
      const i = text.indexOf(needle);
      return { byteStart: bytes(text.slice(0, i)), byteEnd: bytes(text.slice(0, i)) + bytes(needle) };
    };
    expect(facets).toHaveLength(3); // link, @bob, #promo; @ghost.test does not resolve, so it stays plain text
    const linkFacet = facets.find((f) => f.features[0]?.$type === 'app.bsky.richtext.facet#link');
    const mention = facets.find((f) => f.features[0]?.$type === 'app.bsky.richtext.facet#mention');
    const tag = facets.find((f) => f.features[0]?.$type === 'app.bsky.richtext.facet#tag');
    expect(linkFacet).toMatchObject({ index: at(link), features: [{ uri: link }] });
    expect(mention).toMatchObject({ index: at(`@${bob.handle}`), features: [{ did: bob.did }] });
    expect(tag).toMatchObject({ index: at('#promo'), features: [{ tag: 'promo' }] });
    // The byte range really is the link, read back from the stored bytes.
    const stored = Buffer.from(record.text as string, 'utf8');
    expect(stored.subarray(linkFacet?.index.byteStart, linkFacet?.index.byteEnd).toString('utf8')).toBe(link);
    expect(stored.subarray(mention?.index.byteStart, mention?.index.byteEnd).toString('utf8')).toBe(`@${bob.handle}`);

    const rkey = ref.id.split('/').pop() as string;
    expect(ref).toEqual({
      id: `at://${alice.did}/app.bsky.feed.post/${rkey}`,
      url: `https://bsky.app/profile/${alice.handle}/post/${rkey}`,
      extras: { cid: expect.any(String), rootUri: ref.id, rootCid: ref.extras?.cid, rkey },
    });
    expect(rkey).toBe(recordKeyFor('facets-1'));
  });

  it('posts up to 4 images with alt text and aspect ratios; the blobs are the bytes sent', async () => {
    const files = [
      { bytes: pngBytes(40, 30, [200, 30, 30]), name: 'red.png', mimeType: 'image/png', alt: 'A red rectangle' },
      { bytes: pngBytes(20, 20, [30, 30, 200]), name: 'blue.png', mimeType: 'image/png', alt: 'Ein blaues Quadrat 🟦' },
      { bytes: JPEG_6x4, name: 'photo.jpg', mimeType: 'image/jpeg', alt: '' },
    ];
    const media = files.map((f) => ({ path: writeFile(dir, f.name, f.bytes), mimeType: f.mimeType, altText: f.alt }));
    const steps: string[] = [];
    const progress: number[] = [];
    const ref = await connector.publish(aliceSession, { text: 'Three pictures', media, idempotencyKey: 'images-1' }, {
      checkpoint: (step) => steps.push(step),
      progress: (f) => progress.push(f),
    });

    expect(steps).toEqual(['rkey', 'blob:0', 'blob:1', 'blob:2']);
    expect(progress.at(-1)).toBe(1);
    const record = await storedRecord(ref);
    const embed = record.embed as { $type: string; images: { alt: string; aspectRatio?: { width: number; height: number }; image: { ref: { $link: string }; mimeType: string; size: number } }[] };
    expect(embed.$type).toBe('app.bsky.embed.images');
    expect(embed.images.map((i) => i.alt)).toEqual(files.map((f) => f.alt));
    expect(embed.images.map((i) => i.aspectRatio)).toEqual([
      { width: 40, height: 30 },
      { width: 20, height: 20 },
      { width: 6, height: 4 },
    ]);
    for (const [i, img] of embed.images.entries()) {
      const file = files[i];
      if (!file) throw new Error('missing file');
      expect(img.image.mimeType).toBe(file.mimeType);
      expect(img.image.size).toBe(file.bytes.length);
      const res = await fetch(`${net.pdsUrl}/xrpc/com.atproto.sync.getBlob?${new URLSearchParams({ did: alice.did, cid: img.image.ref.$link })}`);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(file.bytes)).toBe(true);
    }
  });

  it('posts a video with alt text, its aspect ratio and captions in two languages; the blobs are the bytes sent', async () => {
    const file = makeClip(path.join(dir, 'clip.mp4'), { size: '320x180', seconds: 1 });
    const captions = [
      { lang: 'en', vtt: 'WEBVTT\n\n00:00:00.000 --> 00:00:00.900\nHello there\n' },
      { lang: 'pt-BR', vtt: 'WEBVTT\n\n00:00:00.000 --> 00:00:00.900\nOlá\n' },
    ];
    const steps: string[] = [];
    const ref = await connector.publish(
      aliceSession,
      { text: 'A short clip', media: [{ path: file, mimeType: 'video/mp4', altText: 'A test pattern', width: 320, height: 180, captions }], idempotencyKey: 'video-1' },
      { checkpoint: (step) => steps.push(step) },
    );

    expect(steps).toEqual(['rkey', 'blob:video', 'blob:captions:en', 'blob:captions:pt-BR']);
    const embed = (await storedRecord(ref)).embed as {
      $type: string;
      alt: string;
      aspectRatio: { width: number; height: number };
      video: { ref: { $link: string }; mimeType: string };
      captions: { lang: string; file: { ref: { $link: string }; mimeType: string } }[];
    };
    expect(embed.$type).toBe('app.bsky.embed.video');
    expect(embed.alt).toBe('A test pattern');
    expect(embed.aspectRatio).toEqual({ width: 320, height: 180 });
    expect(embed.video.mimeType).toBe('video/mp4');
    expect(embed.captions.map((c) => [c.lang, c.file.mimeType])).toEqual([
      ['en', 'text/vtt'],
      ['pt-BR', 'text/vtt'],
    ]);
    const blob = async (cid: string) => {
      const res = await fetch(`${net.pdsUrl}/xrpc/com.atproto.sync.getBlob?${new URLSearchParams({ did: alice.did, cid })}`);
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    expect((await blob(embed.video.ref.$link)).equals(fs.readFileSync(file))).toBe(true);
    expect((await blob(embed.captions[1]?.file.ref.$link as string)).toString('utf8')).toBe(captions[1]?.vtt);
  });

  it('refuses, before any call, a video with other files, a caption file over 20 kB, and a file that is no MP4', async () => {
    const deps = recordingDeps();
    const strict = blueskyConnector(deps);
    const clip = makeClip(path.join(dir, 'clip2.mp4'), { size: '160x90', seconds: 1, audio: null });
    const png = writeFile(dir, 'still.png', pngBytes(4, 4, [0, 0, 0]));
    const long = `WEBVTT\n\n${Array.from({ length: 400 }, (_, i) => `00:00:${String(i % 60).padStart(2, '0')}.000 --> 00:00:${String(i % 60).padStart(2, '0')}.500\nA line of words said ${i}`).join('\n\n')}\n`;
    const cases: [string, Parameters<BlueskyConnector['publish']>[1], RegExp][] = [
      ['with an image', { text: 'x', media: [{ path: clip, mimeType: 'video/mp4' }, { path: png, mimeType: 'image/png' }], idempotencyKey: 'bad-mixed' }, /one video per post/],
      ['long captions', { text: 'x', media: [{ path: clip, mimeType: 'video/mp4', captions: [{ lang: 'en', vtt: long }] }], idempotencyKey: 'bad-captions' }, /up to 20 kB/],
      ['not mp4', { text: 'x', media: [{ path: png, mimeType: 'video/mp4' }], idempotencyKey: 'bad-video' }, /not an MP4/],
    ];
    for (const [label, input, message] of cases) {
      const error = await caught(strict.publish(aliceSession, input));
      expect(error.name, label).toBe('ValidationError');
      expect(error.message, label).toMatch(message);
    }
    expect(deps.calls).toEqual([]);
  });

  it('refuses, before any call, 5 images, an image over 2 MB, a file that is no image, a PNG called a video, and 301 characters', async () => {
    const deps = recordingDeps();
    const strict = blueskyConnector(deps);
    const png = writeFile(dir, 'ok.png', pngBytes(4, 4, [0, 0, 0]));
    const big = writeFile(dir, 'big.png', Buffer.concat([pngBytes(4, 4, [0, 0, 0]), Buffer.alloc(2_000_001)]));
    const notImage = writeFile(dir, 'notes.png', Buffer.from('just text, named like a picture'));
    const before = await postCount(alice.did);
    const cases: [string, Parameters<BlueskyConnector['publish']>[1]][] = [
      ['five', { text: 'five', media: Array.from({ length: 5 }, () => ({ path: png, mimeType: 'image/png' })), idempotencyKey: 'bad-5' }],
      ['big', { text: 'big', media: [{ path: big, mimeType: 'image/png' }], idempotencyKey: 'bad-big' }],
      ['not an image', { text: 'text', media: [{ path: notImage, mimeType: 'image/png' }], idempotencyKey: 'bad-type' }],
      ['video', { text: 'video', media: [{ path: png, mimeType: 'video/mp4' }], idempotencyKey: 'bad-video' }],
      ['long', { text: 'é'.repeat(301), media: [], idempotencyKey: 'bad-long' }],
      ['empty', { text: '   ', media: [], idempotencyKey: 'bad-empty' }],
    ];
    for (const [label, input] of cases) {
      const error = await caught(strict.publish(aliceSession, input));
      expect(error.name, label).toBe('ValidationError');
    }
    expect((await caught(strict.publish(aliceSession, cases[1]?.[1] as never))).message).toMatch(/up to 2 MB/);
    expect(deps.calls).toEqual([]);
    expect(await postCount(alice.did)).toBe(before);
    // Exactly 300 graphemes (emoji count once each) is fine.
    const ok = await strict.publish(aliceSession, { text: '👍🏽'.repeat(300), media: [], idempotencyKey: 'exactly-300' });
    expect(ok.id).toMatch(/^at:\/\//);
  });

  it('chains a thread of 3: each reply carries the root and its parent', async () => {
    const first = await connector.publish(aliceSession, { text: 'Thread 1/3', media: [], idempotencyKey: 'thread-1' });
    const second = await connector.publish(aliceSession, { text: 'Thread 2/3', media: [], replyTo: first, idempotencyKey: 'thread-2' });
    const third = await connector.publish(aliceSession, { text: 'Thread 3/3', media: [], replyTo: second, idempotencyKey: 'thread-3' });

    const root = { uri: first.id, cid: first.extras?.cid };
    expect((await storedRecord(first)).reply).toBeUndefined();
    expect((await storedRecord(second)).reply).toEqual({ root, parent: root });
    expect((await storedRecord(third)).reply).toEqual({ root, parent: { uri: second.id, cid: second.extras?.cid } });
    expect(third.extras).toMatchObject({ rootUri: first.id, rootCid: first.extras?.cid });

    // A reply target known only by its URI (e.g. pasted from a URL): the connector looks up cid and root.
    const fourth = await connector.publish(aliceSession, { text: 'A late reply', media: [], replyTo: { id: third.id, url: third.url }, idempotencyKey: 'thread-4' });
    expect((await storedRecord(fourth)).reply).toEqual({ root, parent: { uri: third.id, cid: third.extras?.cid } });

    await net.processAll();
    const comments = await connector.fetchComments(aliceSession, first);
    expect(comments.map((c) => [c.text, c.inReplyToId])).toEqual([
      ['Thread 2/3', first.id],
      ['Thread 3/3', second.id],
      ['A late reply', third.id],
    ]);
  });

  it('a retry with the same idempotency key returns the first post: the record key is reported before createRecord', async () => {
    const deps = recordingDeps();
    const c = blueskyConnector(deps);
    const media = [{ path: writeFile(dir, 'retry.png', pngBytes(8, 8, [1, 2, 3])), mimeType: 'image/png', altText: 'retry' }];
    const checkpoints: { step: string; value: string; callsSoFar: number }[] = [];
    const hooks = { checkpoint: (step: string, value: string) => checkpoints.push({ step, value, callsSoFar: deps.calls.length }) };
    const before = await postCount(alice.did);

    const first = await c.publish(aliceSession, { text: 'Only once', media, idempotencyKey: 'retry-1' }, hooks);
    const rkeyCheckpoint = checkpoints.find((p) => p.step === 'rkey');
    const createIndex = deps.calls.findIndex((call) => call.nsid === 'com.atproto.repo.createRecord');
    expect(rkeyCheckpoint?.value).toBe(first.extras?.rkey);
    expect(rkeyCheckpoint?.callsSoFar).toBeLessThanOrEqual(createIndex);

    deps.calls.length = 0;
    const again = await c.publish(aliceSession, { text: 'Only once', media, idempotencyKey: 'retry-1' }, hooks);
    expect(again).toEqual(first);
    expect(deps.calls.map((call) => call.nsid)).toEqual(['com.atproto.repo.getRecord']); // no upload, no create
    expect(await postCount(alice.did)).toBe(before + 1);
  });

  it('a record key taken meanwhile (a stale first read, then 500 on createRecord) resolves to the post that exists', async () => {
    const first = await connector.publish(aliceSession, { text: 'Raced', media: [], idempotencyKey: 'race-1' });
    let staleReads = 1;
    const deps = recordingDeps({
      answer: (nsid) =>
        nsid === 'com.atproto.repo.getRecord' && staleReads-- > 0
          ? new Response(JSON.stringify({ error: 'RecordNotFound', message: 'Could not locate record' }), { status: 400, headers: { 'content-type': 'application/json' } })
          : undefined,
    });
    const before = await postCount(alice.did);
    const again = await blueskyConnector(deps).publish(aliceSession, { text: 'Raced', media: [], idempotencyKey: 'race-1' });
    expect(again).toEqual(first);
    // This PDS answers a duplicate record key with 500; the connector reads the record instead of failing.
    expect(deps.calls.map((c) => [c.nsid, c.status])).toEqual([
      ['com.atproto.repo.getRecord', 400],
      ['com.atproto.repo.createRecord', 500],
      ['com.atproto.repo.getRecord', 200],
    ]);
    expect(await postCount(alice.did)).toBe(before);
  });

  it('an unknown outcome (answer lost after the post landed) is checked with status() and not posted twice', async () => {
    let dropped = false;
    const lossy = blueskyConnector(
      recordingDeps({
        failAfterSend: (nsid) => {
          if (nsid !== 'com.atproto.repo.createRecord' || dropped) return false;
          dropped = true;
          return true;
        },
      }),
    );
    const before = await postCount(alice.did);
    const error = await caught(lossy.publish(aliceSession, { text: 'Did this land?', media: [], idempotencyKey: 'lost-answer-1' }));
    expect(error.name).toBe('Transient');
    expect(error.details).toMatchObject({ outcomeUnknown: true, rkey: recordKeyFor('lost-answer-1'), uri: postUri(alice.did, recordKeyFor('lost-answer-1')) });

    const found = await lossy.status(aliceSession, { id: String(error.details?.uri), url: '' });
    expect(found?.id).toBe(error.details?.uri);
    const retried = await lossy.publish(aliceSession, { text: 'Did this land?', media: [], idempotencyKey: 'lost-answer-1' });
    expect(retried).toEqual(found);
    expect(await postCount(alice.did)).toBe(before + 1);

    expect(await lossy.status(aliceSession, { id: postUri(alice.did, recordKeyFor('never-posted')), url: '' })).toBeNull();
  });
});

describe('reading back through the AppView', () => {
  let post: RemotePostRef;
  let bobReply: RemotePostRef;
  let aliceAnswer: RemotePostRef;

  beforeAll(async () => {
    post = await connector.publish(aliceSession, { text: 'How do you like this?', media: [], idempotencyKey: 'metrics-1' });
    bobReply = await connector.publish(bobSession, { text: 'Love it! 🎉', media: [], replyTo: post, idempotencyKey: 'bob-reply-1' });
    aliceAnswer = await connector.publish(aliceSession, { text: 'Thank you, Bob', media: [], replyTo: bobReply, idempotencyKey: 'alice-answer-1' });
    const subject = { uri: post.id, cid: post.extras?.cid };
    await writeRecord(bobSession, 'app.bsky.feed.like', { subject });
    await writeRecord(bobSession, 'app.bsky.feed.repost', { subject });
    await writeRecord(bobSession, 'app.bsky.feed.post', { text: 'Quoting Alice', embed: { $type: 'app.bsky.embed.record', record: subject } });
    await writeRecord(bobSession, 'app.bsky.graph.follow', { subject: alice.did });
    await net.processAll();
  });

  it('reads per-post metrics with getPosts', async () => {
    const metrics = await connector.fetchPostMetrics(aliceSession, [post, aliceAnswer, { id: postUri(alice.did, recordKeyFor('never-posted')), url: '' }]);
    expect(metrics).toHaveLength(2); // a post that does not exist has no numbers
    expect(metrics[0]?.ref).toBe(post);
    expect(metrics[0]?.values).toMatchObject({ likes: 1, reposts: 1, replies: 1, quotes: 1 });
    expect(metrics[0]?.raw).toMatchObject({ uri: post.id, likeCount: 1 });
    expect(metrics[1]?.values).toMatchObject({ likes: 0, reposts: 0, replies: 0, quotes: 0 });
  });

  it('reads account metrics with getProfile', async () => {
    const account = await connector.fetchAccountMetrics(aliceSession);
    expect(account.values).toEqual({ followers: 1, following: 0, posts: await postCount(alice.did) });
    const bobs = await connector.fetchAccountMetrics(bobSession);
    expect(bobs.values).toMatchObject({ followers: 0, following: 1 });
  });

  it('reads replies (nested) with getPostThread', async () => {
    const comments = await connector.fetchComments(aliceSession, post);
    expect(comments).toEqual([
      {
        id: bobReply.id,
        url: bobReply.url,
        authorHandle: bob.handle,
        authorName: 'Test bob',
        text: 'Love it! 🎉',
        createdAt: expect.any(String),
        inReplyToId: post.id,
      },
      {
        id: aliceAnswer.id,
        url: aliceAnswer.url,
        authorHandle: alice.handle,
        authorName: 'Test alice',
        text: 'Thank you, Bob',
        createdAt: expect.any(String),
        inReplyToId: bobReply.id,
      },
    ]);
    const missing = await caught(connector.fetchComments(aliceSession, { id: postUri(alice.did, recordKeyFor('never-posted')), url: '' }));
    expect(missing.name).toBe('NotFound');
  });
});
