// Caption files kept with a video: imported from SRT or WebVTT, stored as WebVTT, listed with the
// item, carried into each post's variant (for platforms that take them beside the video), and
// gone with the item.
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mediaCaptions, postTargets } from '../../../src-main/core/db/schema/workspace';
import type { MediaItem } from '../../../src-shared/domain';
import { tempDir } from '../../helpers/core';
import { failure, world, type World } from '../posts/scheduling-kit';
import { makeClip, makePicture } from './render-helpers';

const SRT = '1\r\n00:00:00,000 --> 00:00:00,800\r\nHello <i>there</i> & welcome\r\n\r\n2\r\n00:00:00,800 --> 00:00:01,500\r\nSecond line --> with an arrow\r\n';

let w: World;
let clip: string;
let picture: string;
beforeAll(() => {
  const dir = tempDir('promogpt-captions-');
  clip = makeClip(path.join(dir, 'clip.mp4'), { size: '320x180', seconds: 2 });
  picture = makePicture(path.join(dir, 'still.png'));
}, 30_000);
afterEach(async () => {
  await w?.close();
});

async function add(file: string): Promise<MediaItem> {
  const [result] = await w.core.call('media.add', { workspaceId: w.workspaceId, paths: [file] });
  if (!result?.ok) throw new Error(`expected ${file} to be added, got ${JSON.stringify(result)}`);
  return result.item;
}

const storedRows = () => w.core.workspaces.db(w.workspaceId).orm.select().from(mediaCaptions).all();

describe('caption files of a video', () => {
  it('keeps SRT as WebVTT we wrote (markup dropped, text escaped), lists languages with the item, replaces and removes by language', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    const video = await add(clip);
    expect(video.captions).toEqual([]);

    const withEn = await w.core.call('media.setCaptions', { workspaceId: w.workspaceId, mediaId: video.id, lang: 'en', text: SRT });
    expect(withEn.captions).toEqual([{ lang: 'en', cues: 2 }]);
    const [track] = await w.core.call('media.getCaptions', { workspaceId: w.workspaceId, mediaId: video.id });
    expect(track?.vtt).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:00.800\nHello there &amp; welcome\n\n00:00:00.800 --> 00:00:01.500\nSecond line --&gt; with an arrow\n');

    await w.core.call('media.setCaptions', { workspaceId: w.workspaceId, mediaId: video.id, lang: 'pt-BR', text: 'WEBVTT\n\n00:01.000 --> 00:02.000\nOlá\n' });
    const replaced = await w.core.call('media.setCaptions', { workspaceId: w.workspaceId, mediaId: video.id, lang: 'en', text: '1\n00:00:00,000 --> 00:00:01,000\nOnly one\n' });
    expect(replaced.captions).toEqual([
      { lang: 'en', cues: 1 },
      { lang: 'pt-BR', cues: 1 },
    ]);
    const [listed] = await w.core.call('media.list', { workspaceId: w.workspaceId });
    expect(listed?.captions).toEqual(replaced.captions);

    const removed = await w.core.call('media.removeCaptions', { workspaceId: w.workspaceId, mediaId: video.id, lang: 'en' });
    expect(removed.captions).toEqual([{ lang: 'pt-BR', cues: 1 }]);
    const again = await failure(w.core.call('media.removeCaptions', { workspaceId: w.workspaceId, mediaId: video.id, lang: 'en' }));
    expect(again.name).toBe('NotFound');
  });

  it('refuses captions for a picture, broken captions, a bad language tag and oversized text, and keeps what was there', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    const video = await add(clip);
    const still = await add(picture);
    await w.core.call('media.setCaptions', { workspaceId: w.workspaceId, mediaId: video.id, lang: 'en', text: SRT });
    const before = storedRows();

    const onPicture = await failure(w.core.call('media.setCaptions', { workspaceId: w.workspaceId, mediaId: still.id, lang: 'en', text: SRT }));
    expect(onPicture.message).toMatch(/caption files go with videos/);
    const broken = await failure(w.core.call('media.setCaptions', { workspaceId: w.workspaceId, mediaId: video.id, lang: 'en', text: '1\n00:00:02,000 --> 00:00:01,000\nBackwards\n' }));
    expect(broken).toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/Caption 1 at line 2 ends before it starts/) });
    const badLang = await failure(w.core.call('media.setCaptions', { workspaceId: w.workspaceId, mediaId: video.id, lang: 'English', text: SRT }));
    expect(badLang.message).toMatch(/language tag like en/);
    const huge = await failure(w.core.call('media.setCaptions', { workspaceId: w.workspaceId, mediaId: video.id, lang: 'en', text: 'x'.repeat(500_001) }));
    expect(huge.name).toBe('ValidationError');

    expect(storedRows()).toEqual(before);
  });

  it('a post with the video carries its captions and size into each variant; removing the item removes its captions', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    const { account } = await w.addMastodon('alice');
    const video = await add(clip);
    await w.core.call('media.setCaptions', { workspaceId: w.workspaceId, mediaId: video.id, lang: 'en', text: SRT });
    const post = await w.core.call('post.create', {
      workspaceId: w.workspaceId,
      accountIds: [account.id],
      text: 'With captions',
      media: [{ mediaId: video.id }],
      when: { kind: 'at', at: '2026-03-21 10:00', timeZone: 'Europe/Berlin' },
    });
    const target = w.core.workspaces.db(w.workspaceId).orm.select().from(postTargets).where(eq(postTargets.postId, post.id)).get();
    const [media] = (JSON.parse(target?.variant ?? '{}') as { media: { width?: number; height?: number; captions?: { lang: string; vtt: string }[] }[] }).media;
    expect(media).toMatchObject({ width: 320, height: 180 });
    expect(media?.captions?.map((c) => c.lang)).toEqual(['en']);
    expect(media?.captions?.[0]?.vtt).toMatch(/^WEBVTT\n/);

    await w.core.call('post.cancel', { workspaceId: w.workspaceId, postId: post.id });
    await w.core.call('media.remove', { workspaceId: w.workspaceId, mediaId: video.id });
    expect(storedRows()).toEqual([]);
  });
});
