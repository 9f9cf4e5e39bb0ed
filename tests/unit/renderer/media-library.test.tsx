// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeCore } from './fake-core';
import type { MediaSeed } from './fake-media';
import { renderApp } from './render-app';

afterEach(() => cleanup());

const LIBRARY: MediaSeed[] = [
  { fileName: 'beans.jpg', kind: 'image', tags: ['spring', 'coffee'], width: 1200, height: 800, bytes: 350_000 },
  { fileName: 'latte-art.mp4', kind: 'video', tags: ['coffee'], durationSeconds: 75, bytes: 12_500_000 },
  { fileName: 'jingle.mp3', kind: 'audio', durationSeconds: 30, bytes: 480_000, hasThumbnail: false },
];

function openMedia(media: MediaSeed[] = LIBRARY) {
  const core = createFakeCore({ workspaces: ['Acme Coffee'], media });
  const view = renderApp(core, { hash: '#/media' });
  return { core, ...view };
}

const card = (name: string) => screen.findByRole('button', { name: new RegExp(`^${name.replace(/[.]/g, '\\.')},`) });

describe('media library', () => {
  it('shows every item as a card: thumbnail or kind icon, name, kind, facts and tags', async () => {
    const { core } = openMedia();
    expect(await screen.findByRole('heading', { level: 1, name: 'Media' })).toBeTruthy();
    const picture = await card('beans.jpg');
    expect(picture.tagName).toBe('BUTTON');
    expect(picture.getAttribute('aria-label')).toBe('beans.jpg, picture, 1200 × 800 · 350 KB, tags: spring, coffee');
    expect(picture.querySelector('img')?.getAttribute('src')).toBe('/media/ws-1/media-1/thumbnail');
    expect(within(picture).getByText('Picture · 1200 × 800 · 350 KB')).toBeTruthy();
    expect(within(picture).getByText('spring')).toBeTruthy();
    const video = await card('latte-art.mp4');
    expect(within(video).getByText('Video · 1920 × 1080 · 1:15 · 12.5 MB')).toBeTruthy();
    // No thumbnail: the kind's icon stands in, and no broken image is asked for.
    const audio = await card('jingle.mp3');
    expect(audio.querySelector('img')).toBeNull();
    expect(audio.querySelector('svg.media-kind-icon')).toBeTruthy();
    expect(core.callsTo('media.list')[0]).toEqual({ workspaceId: 'ws-1' });
  });

  it('filters by kind and tag through media.list, and searches after a pause in typing', async () => {
    const { core } = openMedia();
    await card('beans.jpg');

    fireEvent.click(screen.getByRole('radio', { name: 'Pictures' }));
    await waitFor(() => expect(core.callsTo('media.list').at(-1)).toEqual({ workspaceId: 'ws-1', kind: 'image' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: /^latte-art\.mp4,/ })).toBeNull());
    expect(screen.getByRole('button', { name: /^beans\.jpg,/ })).toBeTruthy();

    fireEvent.click(screen.getByRole('radio', { name: 'All' }));
    fireEvent.change(screen.getByLabelText('Tag'), { target: { value: 'coffee' } });
    await waitFor(() => expect(core.callsTo('media.list').at(-1)).toEqual({ workspaceId: 'ws-1', tag: 'coffee' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: /^jingle\.mp3,/ })).toBeNull());

    fireEvent.change(screen.getByLabelText('Tag'), { target: { value: '' } });
    await waitFor(() => expect(core.callsTo('media.list').at(-1)).toEqual({ workspaceId: 'ws-1' }));
    const before = core.callsTo('media.list').length;
    const search = screen.getByRole('searchbox', { name: 'Search' });
    fireEvent.change(search, { target: { value: 'l' } });
    fireEvent.change(search, { target: { value: 'la' } });
    fireEvent.change(search, { target: { value: 'latte' } });
    await waitFor(() => expect(core.callsTo('media.list').at(-1)).toEqual({ workspaceId: 'ws-1', search: 'latte' }));
    // One call for the whole word, not one per key.
    expect(core.callsTo('media.list').length).toBe(before + 1);
    await waitFor(() => expect(screen.queryByRole('button', { name: /^beans\.jpg,/ })).toBeNull());
    expect(screen.getByRole('button', { name: /^latte-art\.mp4,/ })).toBeTruthy();

    fireEvent.change(search, { target: { value: 'nothing-like-this' } });
    expect(await screen.findByText('Nothing matches these filters')).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0] as HTMLElement);
    await waitFor(() => expect(core.callsTo('media.list').at(-1)).toEqual({ workspaceId: 'ws-1' }));
    expect(await card('jingle.mp3')).toBeTruthy();
  });

  it('says what to do when the library is empty', async () => {
    openMedia([]);
    expect(await screen.findByText('The library is empty')).toBeTruthy();
    expect(screen.getByText(/Drag pictures, videos or audio onto this page/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add files' })).toBeTruthy();
  });

  it('reaches every card with Tab, and Enter opens the item with the file playing through the media route', async () => {
    openMedia();
    await card('jingle.mp3');
    const cards = within(screen.getByRole('list', { name: 'Library' })).getAllByRole('button');
    expect(cards).toHaveLength(3);
    for (const c of cards) {
      expect(c.tagName).toBe('BUTTON');
      expect(c.getAttribute('tabindex')).toBeNull();
      expect((c as HTMLButtonElement).disabled).toBe(false);
      c.focus();
      expect(document.activeElement).toBe(c);
    }
    // A native button turns Enter into a click.
    fireEvent.click(await card('latte-art.mp4'));
    const detail = await screen.findByRole('region', { name: 'latte-art.mp4' });
    const player = detail.querySelector('video');
    expect(player?.getAttribute('src')).toBe('/media/ws-1/media-2');
    expect(player?.hasAttribute('controls')).toBe(true);
    expect(within(detail).getByText('1:15')).toBeTruthy();
    expect(within(detail).getByText('video h264, audio aac')).toBeTruthy();
    expect(within(detail).getByText('30 fps')).toBeTruthy();
    expect((await card('latte-art.mp4')).getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(await card('jingle.mp3'));
    const audioDetail = await screen.findByRole('region', { name: 'jingle.mp3' });
    expect(audioDetail.querySelector('audio')?.getAttribute('src')).toBe('/media/ws-1/media-3');
    expect(within(audioDetail).getByRole('button', { name: 'Trim…' })).toBeTruthy();
    expect(within(audioDetail).getByRole('button', { name: 'Cut silence' })).toBeTruthy();
    expect(within(audioDetail).queryByRole('button', { name: 'Enhance…' })).toBeNull();
  });

  it('shows why the list did not load, and tries again', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'], media: LIBRARY });
    const invoke = core.transport.invoke.bind(core.transport);
    let failing = true;
    core.transport.invoke = async (method, input) => {
      if (method === 'media.list' && failing) return { ok: false, error: { name: 'Transient', message: 'The media library is busy. Try again in a moment.' } };
      return invoke(method, input);
    };
    renderApp(core, { hash: '#/media' });
    expect(await screen.findByText('The media library is busy. Try again in a moment.')).toBeTruthy();
    failing = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await card('beans.jpg')).toBeTruthy();
  });
});
