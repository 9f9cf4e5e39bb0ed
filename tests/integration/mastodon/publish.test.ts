import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMastodonConnector } from '../../../src-main/core/connectors/mastodon';
import type { Session } from '../../../src-main/core/connectors/types';
import { failure, mastodonEnv, mediaFile } from './kit';

let env: Awaited<ReturnType<typeof mastodonEnv>>;
let session: Session;
beforeAll(async () => {
  env = await mastodonEnv();
  session = env.sessionFor(env.alice);
});
afterAll(() => env.fake.close());
beforeEach(() => {
  env.fake.clearFaults();
  env.fake.configure({ media: { async: 'video', pollsUntilReady: 2, fail: false } });
  env.sleeps.length = 0;
});

let keys = 0;
const key = () => `post-${++keys}-acct-1-part-0`;
const statusPosts = () => env.fake.log.filter((e) => e.method === 'POST' && e.path === '/api/v1/statuses');

describe('publishing to Mastodon', () => {
  it('posts a status with the Idempotency-Key header and returns its id and URL', async () => {
    const before = env.fake.createdStatuses(env.alice.id);
    const k = key();
    const ref = await env.connector.publish(session, { text: 'Hello <fediverse> & friends', media: [], idempotencyKey: k });
    expect(ref.url).toBe(`${env.fake.url}/@alice/${ref.id}`);
    expect(env.fake.status(ref.id)).toMatchObject({ text: 'Hello <fediverse> & friends', visibility: 'public', accountId: env.alice.id });
    expect(statusPosts().at(-1)?.headers['idempotency-key']).toBe(k);
    expect(env.fake.createdStatuses(env.alice.id)).toBe(before + 1);
  });

  it('uploads an image (200) and a video (202, polled 206 → 200) with alt text, checkpointing each id before the post', async () => {
    const steps: [string, string][] = [];
    const progress: number[] = [];
    const ref = await env.connector.publish(
      session,
      {
        text: 'With media',
        media: [
          { path: mediaFile('cover.png'), mimeType: 'image/png', altText: 'A red cover' },
          { path: mediaFile('clip.mp4', 100_000), mimeType: 'video/mp4', altText: 'A short clip' },
        ],
        idempotencyKey: key(),
      },
      { checkpoint: (s, v) => steps.push([s, v]), progress: (f) => progress.push(f) },
    );
    expect(steps.map(([s]) => s)).toEqual(['media:0', 'media:1', 'post']);
    const [image, video] = [steps[0]?.[1] ?? '', steps[1]?.[1] ?? ''];
    expect(env.fake.media(image)).toEqual({ description: 'A red cover', mimeType: 'image/png', size: 2048, statusId: ref.id });
    expect(env.fake.media(video)).toEqual({ description: 'A short clip', mimeType: 'video/mp4', size: 100_000, statusId: ref.id });
    expect(env.fake.status(ref.id)?.mediaIds).toEqual([image, video]);

    // The video came back 202 and was polled until 200; the image was ready at once.
    const mediaLog = env.fake.log.filter((e) => e.path.startsWith('/api/v2/media') || e.path.startsWith('/api/v1/media'));
    expect(mediaLog.map((e) => `${e.method} ${e.path.replace(/\d+$/, ':id')} ${e.status}`)).toEqual([
      'POST /api/v2/media 200',
      'POST /api/v2/media 202',
      'GET /api/v1/media/:id 206',
      'GET /api/v1/media/:id 206',
      'GET /api/v1/media/:id 200',
    ]);
    expect(env.sleeps.length).toBe(3);
    expect(progress).toEqual([1 / 3, 2 / 3, 1]);
  });

  it('the fake refuses media that has not finished processing (why the connector waits)', async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(10, 1)], { type: 'video/mp4' }), 'v.mp4');
    const up = await fetch(`${env.fake.url}/api/v2/media`, { method: 'POST', headers: { authorization: `Bearer ${session.tokens.accessToken}` }, body: form });
    expect(up.status).toBe(202);
    const { id, url } = (await up.json()) as { id: string; url: string | null };
    expect(url).toBeNull();
    const post = await fetch(`${env.fake.url}/api/v1/statuses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.tokens.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'too early', media_ids: [id] }),
    });
    expect(post.status).toBe(422);
    expect(await post.json()).toEqual({ error: 'Cannot attach files that have not finished processing. Try again in a moment!' });
  });

  it('chains a thread with in_reply_to_id', async () => {
    const first = await env.connector.publish(session, { text: 'Thread 1/2', media: [], idempotencyKey: key() });
    const second = await env.connector.publish(session, { text: 'Thread 2/2', media: [], replyTo: first, idempotencyKey: key() });
    expect(env.fake.status(second.id)?.inReplyToId).toBe(first.id);
    expect(env.fake.status(first.id)?.repliesCount).toBe(1);
  });

  it('a repeated publish with the same Idempotency-Key returns the same status and creates nothing new', async () => {
    const before = env.fake.createdStatuses(env.alice.id);
    const input = { text: 'Only once', media: [], idempotencyKey: key() };
    const a = await env.connector.publish(session, input);
    const b = await env.connector.publish(session, input);
    expect(b).toEqual(a);
    expect(env.fake.createdStatuses(env.alice.id)).toBe(before + 1);
  });

  it('a connection dropped after the server created the status is an unknown outcome; the retry with the key finds it', async () => {
    const before = env.fake.createdStatuses(env.alice.id);
    const input = { text: 'Dropped answer', media: [], idempotencyKey: key() };
    env.fake.fail({ dropAfterReceive: true, match: { method: 'POST', path: '/api/v1/statuses' } });
    const err = await failure(env.connector.publish(session, input));
    expect(err.name).toBe('Transient');
    expect(err.details).toMatchObject({ outcomeUnknown: true, idempotent: true });
    expect(env.fake.createdStatuses(env.alice.id)).toBe(before + 1);
    const created = statusPosts().at(-1);
    expect(created?.fault).toBe('drop');

    const ref = await env.connector.publish(session, input);
    expect(env.fake.status(ref.id)?.text).toBe('Dropped answer');
    expect(env.fake.createdStatuses(env.alice.id)).toBe(before + 1);
  });

  it('a create that times out is an unknown outcome, and the server still created exactly one status', async () => {
    const before = env.fake.createdStatuses(env.alice.id);
    const slow = createMastodonConnector({ ...env.deps, timeoutMs: 500 });
    env.fake.fail({ delayMs: 2000, match: { method: 'POST', path: '/api/v1/statuses' } });
    const input = { text: 'Slow answer', media: [], idempotencyKey: key() };
    const err = await failure(slow.publish(session, input));
    expect(err.name).toBe('Transient');
    expect(err.details).toMatchObject({ outcomeUnknown: true });
    expect(err.message).toMatch(/may or may not exist/);
    expect(env.fake.createdStatuses(env.alice.id)).toBe(before + 1);
    await env.connector.publish(session, input);
    expect(env.fake.createdStatuses(env.alice.id)).toBe(before + 1);
  });

  it('media that fails processing stops the publish before any status exists', async () => {
    env.fake.configure({ media: { fail: true } });
    const before = env.fake.createdStatuses(env.alice.id);
    const steps: string[] = [];
    const err = await failure(
      env.connector.publish(session, { text: 'Broken video', media: [{ path: mediaFile('bad.mp4'), mimeType: 'video/mp4' }], idempotencyKey: key() }, { checkpoint: (s) => steps.push(s) }),
    );
    expect(err.name).toBe('PlatformRejected');
    expect(err.message).toContain('Error processing');
    expect(steps).toEqual(['media:0']);
    expect(env.fake.createdStatuses(env.alice.id)).toBe(before);
  });

  it('gives up on media that never finishes within the bound, keeping the media id', async () => {
    env.fake.configure({ media: { pollsUntilReady: 1000 } });
    const bounded = createMastodonConnector({ ...env.deps, mediaMaxWaitMs: 20_000 });
    const before = env.fake.createdStatuses(env.alice.id);
    const err = await failure(bounded.publish(session, { text: 'Never ready', media: [{ path: mediaFile('slow.mp4'), mimeType: 'video/mp4' }], idempotencyKey: key() }));
    expect(err.name).toBe('Transient');
    expect(err.details?.mediaId).toMatch(/^\d+$/);
    expect(env.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(20_000);
    expect(env.sleeps.length).toBeLessThan(12);
    expect(env.fake.createdStatuses(env.alice.id)).toBe(before);
  });

  it('refuses a missing media file with a clear error and posts nothing', async () => {
    const before = env.fake.createdStatuses(env.alice.id);
    const err = await failure(env.connector.publish(session, { text: 'x', media: [{ path: '/nonexistent/photo.png', mimeType: 'image/png' }], idempotencyKey: key() }));
    expect(err.name).toBe('ValidationError');
    expect(err.message).toContain('photo.png');
    expect(err.message).not.toContain('/nonexistent');
    expect(env.fake.createdStatuses(env.alice.id)).toBe(before);
  });

  it('passes the instance\'s own validation errors on as PlatformRejected', async () => {
    const err = await failure(env.connector.publish(session, { text: 'x'.repeat(501), media: [], idempotencyKey: key() }));
    expect(err.name).toBe('PlatformRejected');
    expect(err.details).toMatchObject({ status: 422, platformMessage: 'Validation failed: Text character limit of 500 exceeded' });
  });

  it('status() finds a post, and answers null once it is gone', async () => {
    const ref = await env.connector.publish(session, { text: 'Soon deleted', media: [], idempotencyKey: key() });
    expect(await env.connector.status(session, ref)).toEqual(ref);
    env.fake.deleteStatus(ref.id);
    expect(await env.connector.status(session, ref)).toBeNull();
    expect(await env.connector.status(session, { id: '../../admin', url: '' })).toBeNull();
  });
});
