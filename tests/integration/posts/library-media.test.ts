// Attachments chosen from the media library: the post keeps the item's id, each target's variant
// gets the stored file and its type, so publishing reads a file as it always did.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { posts, postTargets } from '../../../src-main/core/db/schema/workspace';
import type { Input } from '../../../src-shared/contract';
import type { MediaItem } from '../../../src-shared/domain';
import { tempDir } from '../../helpers/core';
import { failure, world, type World } from './scheduling-kit';

let w: World;
afterEach(async () => {
  await w?.close();
});

let picture: string;
beforeAll(() => {
  const dir = tempDir('promogpt-library-media-');
  picture = path.join(dir, 'launch.png');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-frames:v', '1', picture]);
}, 30_000);

async function addPicture(): Promise<MediaItem> {
  const [result] = await w.core.call('media.add', { workspaceId: w.workspaceId, paths: [picture] });
  if (!result?.ok) throw new Error(`expected the picture to be added, got ${JSON.stringify(result)}`);
  await w.core.call('media.setAltText', { workspaceId: w.workspaceId, mediaId: result.item.id, altText: 'The launch poster' });
  return result.item;
}

const variantsOf = (postId: string) =>
  w.core.workspaces
    .db(w.workspaceId)
    .orm.select()
    .from(postTargets)
    .where(eq(postTargets.postId, postId))
    .all()
    .map((t) => JSON.parse(t.variant) as { media: { path: string; mimeType: string; altText?: string }[] });

/** A post for one account at a fixed time tomorrow, with the given attachments. */
const scheduleWith = (accountId: string, media: Input<'post.create'>['media'], more: Pick<Input<'post.create'>, 'variants'> = {}) =>
  w.core.call('post.create', {
    workspaceId: w.workspaceId,
    accountIds: [accountId],
    text: 'Launch day',
    media,
    ...more,
    when: { kind: 'at', at: '2026-03-21 10:00', timeZone: 'Europe/Berlin' },
  });

describe('library attachments', () => {
  it('a post with a mediaId: each target gets the stored file and its type; the post keeps the id', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    const { account } = await w.addMastodon('alice');
    const item = await addPicture();

    const post = await scheduleWith(account.id, [{ mediaId: item.id }]);
    const [variant] = variantsOf(post.id);
    expect(variant?.media).toHaveLength(1);
    expect(variant?.media[0]).toMatchObject({ mimeType: 'image/png', altText: 'The launch poster' });
    expect(path.isAbsolute(variant?.media[0]?.path ?? '')).toBe(true);
    expect(variant?.media[0]?.path.endsWith(item.storedPath.split('/').join(path.sep))).toBe(true);
    const content = w.core.workspaces.db(w.workspaceId).orm.select().from(posts).where(eq(posts.id, post.id)).get()?.content;
    expect(JSON.parse(content ?? '{}').media).toEqual([{ mediaId: item.id }]);
  });

  it('a platform variant may use another library item, and path attachments work as before', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    const { account } = await w.addMastodon('alice');
    const item = await addPicture();
    const post = await scheduleWith(account.id, [{ path: picture, mimeType: 'image/png' }], { variants: { mastodon: { media: [{ mediaId: item.id, altText: 'Own words' }] } } });
    const [variant] = variantsOf(post.id);
    expect(variant?.media).toEqual([{ path: expect.stringContaining(item.sha256), mimeType: 'image/png', altText: 'Own words', width: 320, height: 240 }]);
  });

  it('an unknown mediaId is refused with NotFound and a sentence saying to choose the file again', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    const { account } = await w.addMastodon('alice');
    const refused = await failure(scheduleWith(account.id, [{ mediaId: 'media-gone' }]));
    expect(refused.name).toBe('NotFound');
    expect(refused.message).toMatch(/no longer in this workspace's library.*Choose the file again/);
    expect(await w.list()).toEqual([]);

    const draft = await failure(w.core.call('post.saveDraft', { workspaceId: w.workspaceId, draft: { text: 'x', media: [{ mediaId: 'media-gone' }] } }));
    expect(draft.name).toBe('NotFound');
  });

  it('a draft keeps the mediaId (main post and variants), so it reopens with the library item', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    const item = await addPicture();
    const draft = { accountIds: [], text: 'Soon', media: [{ mediaId: item.id, altText: 'Poster' }], thread: [], variants: { x: { media: [{ mediaId: item.id }] } } };
    const saved = await w.core.call('post.saveDraft', { workspaceId: w.workspaceId, draft });
    expect(saved.draft).toEqual(draft);
    expect((await w.get(saved.id)).draft).toEqual(draft);
  });

  it('a post made from the library publishes the stored file', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    const { account } = await w.addMastodon('alice');
    const item = await addPicture();
    const post = await w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [account.id], text: 'Now with a picture', media: [{ mediaId: item.id }], when: { kind: 'now' } });
    await w.run();
    const done = await w.get(post.id);
    expect(done.targets.map((t) => t.state)).toEqual(['published']);
  });

  it('a library file a scheduled post carries cannot be removed until the post is cancelled', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    const { account } = await w.addMastodon('alice');
    const item = await addPicture();
    const post = await scheduleWith(account.id, [{ mediaId: item.id }]);
    await expect(w.core.call('media.remove', { workspaceId: w.workspaceId, mediaId: item.id })).rejects.toMatchObject({
      name: 'Conflict',
      message: '"launch.png" is attached to a post not yet published. Cancel that post or change its media first, then remove it.',
    });
    expect((await w.core.call('media.get', { workspaceId: w.workspaceId, mediaId: item.id })).id).toBe(item.id);

    await w.core.call('post.cancel', { workspaceId: w.workspaceId, postId: post.id });
    await expect(w.core.call('media.remove', { workspaceId: w.workspaceId, mediaId: item.id })).resolves.toEqual({ id: item.id });
  });
});
