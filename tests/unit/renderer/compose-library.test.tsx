// @vitest-environment happy-dom
// The composer and the media library: attachments chosen from it, their size and length checked
// as the user writes, and "Make a version for <Platform>" when a network would refuse a video.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS, choose, mainText, type } from './compose-helpers';
import { createFakeCore } from './fake-core';
import type { MediaSeed } from './fake-media';
import type { PostSeed } from './fake-posts';
import { renderApp } from './render-app';

beforeEach(() => window.localStorage.clear());
afterEach(cleanup);

/** media-1 a 3:10 video (X takes at most 2:20), media-2 a picture, media-3 audio. */
const LIBRARY: MediaSeed[] = [
  { fileName: 'launch.mp4', kind: 'video', durationSeconds: 190, altText: 'The launch film' },
  { fileName: 'beans.jpg', kind: 'image', tags: ['coffee'] },
  { fileName: 'jingle.mp3', kind: 'audio' },
];

function openComposer(seed: { posts?: PostSeed[]; hash?: string } = {}) {
  const core = createFakeCore({ workspaces: ['Acme Coffee'], accounts: ACCOUNTS, media: LIBRARY, ...(seed.posts ? { posts: seed.posts } : {}) });
  const view = renderApp(core, { hash: seed.hash ?? '#/compose' });
  return { core, ...view };
}

async function pickFromLibrary(name: RegExp) {
  fireEvent.click(screen.getByRole('button', { name: 'Choose from library…' }));
  const dialog = await screen.findByRole('dialog', { name: 'Choose from the library' });
  fireEvent.click(await within(dialog).findByRole('button', { name }));
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
}

describe('composer: attachments from the media library', () => {
  it('the picker lists pictures and video (not audio), filters by kind and search, and adds the item with its alt text', async () => {
    openComposer();
    await choose('acme.bsky.social');
    type(mainText(), 'Fresh beans');
    fireEvent.click(screen.getByRole('button', { name: 'Choose from library…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Choose from the library' });
    await within(dialog).findByRole('button', { name: /^launch\.mp4/ });
    expect(within(dialog).getByRole('button', { name: /^beans\.jpg/ })).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: /^jingle\.mp3/ })).toBeNull();

    fireEvent.click(within(dialog).getByRole('radio', { name: 'Video' }));
    expect(within(dialog).queryByRole('button', { name: /^beans\.jpg/ })).toBeNull();
    fireEvent.click(within(dialog).getByRole('radio', { name: 'All' }));
    type(within(dialog).getByLabelText('Search'), 'coffee');
    expect(within(dialog).queryByRole('button', { name: /^launch\.mp4/ })).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: /^beans\.jpg/ }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    const file = screen.getByRole('group', { name: 'File 1' });
    expect(within(file).getByText('beans.jpg')).toBeTruthy();
    expect(within(file).getByText(/Picture from the library/)).toBeTruthy();
    expect(screen.queryByPlaceholderText('/home/you/Pictures/launch.jpg')).toBeNull();
    // The picture had no alt text in the library: the rules say so.
    expect(screen.getByText('Bluesky: image 1 has no alt text')).toBeTruthy();

    await pickFromLibrary(/^launch\.mp4/);
    expect((screen.getByLabelText('Alt text for file 2') as HTMLInputElement).value).toBe('The launch film');
  });

  it('a too-long video shows the issue and the reformat offer; the render’s progress shows inline; success puts the new video in that network’s version only', async () => {
    const { core } = openComposer();
    await choose('@acmecoffee');
    await choose('acme.bsky.social');
    type(mainText(), 'Launch day');
    await pickFromLibrary(/^launch\.mp4/);

    await waitFor(() => expect(screen.getByRole('list', { name: 'Problems to fix' }).textContent).toContain('X: video 1 is 3 min 10 s, at most 2 min 20 s'));
    // Bluesky takes 10 minutes: no problem and no offer there.
    expect(screen.queryByRole('button', { name: 'Make a version for Bluesky' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Make a version for X' }));
    await waitFor(() => expect(core.callsTo('media.render')).toEqual([{ workspaceId: 'ws-1', request: { kind: 'reformat', videoId: 'media-1', platform: 'x' } }]));
    const render = core.media.renders()[0];
    expect(render?.id).toBe('render-1');

    act(() => {
      core.media.progress('render-1', 0.5, 20, 2);
    });
    expect(await screen.findByText(/50%/)).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: /progress/ })).toBeTruthy();

    act(() => {
      core.media.succeed('render-1', { fileName: 'launch (X).mp4', kind: 'video', durationSeconds: 139 });
    });
    await waitFor(() => expect(screen.queryByText(/X: video 1 is 3 min 10 s/)).toBeNull());

    // The main post keeps the original; X's own version has the new video, alt text kept.
    expect(within(screen.getByRole('group', { name: 'File 1' })).getByText('launch.mp4')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: /^X/ }));
    expect(await within(screen.getByRole('group', { name: 'File 1' })).findByText('launch (X).mp4')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Post now' }));
    await waitFor(() => expect(core.callsTo('post.create')).toHaveLength(1));
    const sent = core.callsTo('post.create')[0] as { media: unknown; variants: { x?: { media?: unknown } } };
    expect(sent.media).toEqual([{ mediaId: 'media-1', altText: 'The launch film' }]);
    expect(sent.variants.x?.media).toEqual([{ mediaId: 'media-4', altText: 'The launch film' }]);
  });

  it('a failed reformat shows why next to the offer and changes nothing', async () => {
    const { core } = openComposer();
    await choose('@acmecoffee');
    type(mainText(), 'Launch day');
    await pickFromLibrary(/^launch\.mp4/);
    fireEvent.click(await screen.findByRole('button', { name: 'Make a version for X' }));
    await waitFor(() => expect(core.media.renders()).toHaveLength(1));
    act(() => {
      core.media.fail('render-1', 'ffmpeg stopped: the file is damaged.');
    });
    expect(await screen.findByText('ffmpeg stopped: the file is damaged.')).toBeTruthy();
    expect(screen.getByText('Nothing in the post changed.')).toBeTruthy();
    expect(screen.getByText(/X: video 1 is 3 min 10 s/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Make a version for X' })).toBeTruthy();
    expect(screen.queryByRole('tab', { name: /own version/ })).toBeNull();
  });

  it('a reopened draft shows its library items by name and facts, and autosave sends only the id and alt text', async () => {
    const draft = { accountIds: ['acct-3'], text: 'Teaser', media: [{ mediaId: 'media-1', altText: 'Film' }], thread: [], variants: {} };
    const { core } = openComposer({ posts: [{ text: 'Teaser', status: 'draft', accountIds: ['acct-3'], draft }], hash: '#/compose?draft=post-1' });
    const file = await screen.findByRole('group', { name: 'File 1' });
    expect(await within(file).findByText('launch.mp4')).toBeTruthy();
    expect(within(file).getByText(/Video from the library · 1920 × 1080/)).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Make a version for X' })).toBeTruthy();

    type(screen.getByLabelText('Alt text for file 1'), 'The launch film');
    await waitFor(() => expect(core.callsTo('post.saveDraft').length).toBeGreaterThan(0), { timeout: 3000 });
    const saved = core.callsTo('post.saveDraft').at(-1) as { draft: { media: unknown } };
    expect(saved.draft.media).toEqual([{ mediaId: 'media-1', altText: 'The launch film' }]);
  });
});
