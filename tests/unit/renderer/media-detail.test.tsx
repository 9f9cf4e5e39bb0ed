// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeCore } from './fake-core';
import type { MediaSeed } from './fake-media';
import { renderApp } from './render-app';

afterEach(() => cleanup());

const LIBRARY: MediaSeed[] = [
  { fileName: 'beans.jpg', kind: 'image', tags: ['coffee'] },
  { fileName: 'cup.jpg', kind: 'image' },
  {
    fileName: 'slideshow.mp4',
    kind: 'video',
    lineage: {
      renderId: 'render-old',
      sourceIds: ['media-1', 'media-2'],
      request: { kind: 'image-to-video', imageIds: ['media-1', 'media-2'], aspect: '9:16', secondsPerImage: 4, motion: 'zoom-in', transition: 'fade' },
    },
  },
];

async function openItem(name: string, media: MediaSeed[] = LIBRARY) {
  const core = createFakeCore({ workspaces: ['Acme Coffee'], media });
  renderApp(core, { hash: '#/media' });
  fireEvent.click(await screen.findByRole('button', { name: new RegExp(`^${name.replace('.', '\\.')},`) }));
  const detail = await screen.findByRole('region', { name });
  return { core, detail };
}

describe('an item’s detail', () => {
  it('saves alt text with media.setAltText and says it is saved', async () => {
    const { core, detail } = await openItem('beans.jpg');
    expect(detail.querySelector('img')?.getAttribute('src')).toBe('/media/ws-1/media-1');
    const alt = within(detail).getByLabelText('Alt text') as HTMLTextAreaElement;
    expect(within(detail).getByText('No alt text yet.')).toBeTruthy();
    fireEvent.change(alt, { target: { value: '  A sack of green coffee beans on a wooden table ' } });
    expect(within(detail).getByText('Not saved yet.')).toBeTruthy();
    fireEvent.click(within(detail).getByRole('button', { name: 'Save alt text' }));
    await waitFor(() =>
      expect(core.callsTo('media.setAltText')).toEqual([{ workspaceId: 'ws-1', mediaId: 'media-1', altText: 'A sack of green coffee beans on a wooden table' }]),
    );
    expect(await within(detail).findByText('Saved.')).toBeTruthy();
    expect(alt.value).toBe('A sack of green coffee beans on a wooden table');
    expect(core.media.items()[0]?.altText).toBe('A sack of green coffee beans on a wooden table');
    // The picture itself now carries it.
    await waitFor(() => expect(detail.querySelector('img')?.getAttribute('alt')).toBe('A sack of green coffee beans on a wooden table'));
  });

  it('adds and removes tags with media.setTags, and shows the core’s refusal next to the field', async () => {
    const { core, detail } = await openItem('beans.jpg');
    const field = within(detail).getByLabelText('New tag');
    fireEvent.change(field, { target: { value: 'Spring Menu' } });
    fireEvent.click(within(detail).getByRole('button', { name: 'Add tag' }));
    await waitFor(() => expect(core.callsTo('media.setTags').at(-1)).toEqual({ workspaceId: 'ws-1', mediaId: 'media-1', tags: ['coffee', 'spring menu'] }));
    expect(await within(detail).findByRole('button', { name: 'Remove tag spring menu' })).toBeTruthy();
    expect((field as HTMLInputElement).value).toBe('');
    // The card shows it too.
    await waitFor(() => expect(screen.getByRole('button', { name: /^beans\.jpg,.*tags: coffee, spring menu$/ })).toBeTruthy());

    fireEvent.click(within(detail).getByRole('button', { name: 'Remove tag coffee' }));
    await waitFor(() => expect(core.callsTo('media.setTags').at(-1)).toEqual({ workspaceId: 'ws-1', mediaId: 'media-1', tags: ['spring menu'] }));
    await waitFor(() => expect(within(detail).queryByRole('button', { name: 'Remove tag coffee' })).toBeNull());

    fireEvent.change(field, { target: { value: 'half-price!' } });
    fireEvent.click(within(detail).getByRole('button', { name: 'Add tag' }));
    const problem = await within(detail).findByRole('alert');
    expect(problem.textContent).toBe('a tag has letters, digits, spaces, - and _ only');
    expect(field.getAttribute('aria-describedby')).toBe(problem.id);
    // The user's input stays for fixing.
    expect((field as HTMLInputElement).value).toBe('half-price!');
  });

  it('attaches a captions file to a video by language with media.setCaptions, lists it, and removes it', async () => {
    const { core, detail } = await openItem('slideshow.mp4');
    const srt = '1\n00:00:00,000 --> 00:00:01,000\nHallo\n';
    const file = new File([srt], 'talk.de.srt', { type: 'application/x-subrip' });
    fireEvent.change(within(detail).getByLabelText('SRT or WebVTT file'), { target: { files: [file] } });
    fireEvent.change(within(detail).getByLabelText('Language'), { target: { value: 'de' } });
    fireEvent.click(within(detail).getByRole('button', { name: 'Add captions' }));
    await waitFor(() => expect(core.callsTo('media.setCaptions')).toEqual([{ workspaceId: 'ws-1', mediaId: 'media-3', lang: 'de', text: srt }]));
    expect(await within(detail).findByText('de · 1 cue')).toBeTruthy();

    fireEvent.click(within(detail).getByRole('button', { name: 'Remove de captions' }));
    await waitFor(() => expect(core.callsTo('media.removeCaptions')).toEqual([{ workspaceId: 'ws-1', mediaId: 'media-3', lang: 'de' }]));
    expect(await within(detail).findByText('No captions files yet.')).toBeTruthy();
  });

  it('transcribes a video with the AI provider into a captions file in the chosen language', async () => {
    const { core, detail } = await openItem('slideshow.mp4');
    fireEvent.change(within(detail).getByLabelText('Language'), { target: { value: 'fr' } });
    fireEvent.click(within(detail).getByRole('button', { name: 'Transcribe with AI' }));
    await waitFor(() => expect(core.callsTo('studio.transcribe')).toEqual([{ workspaceId: 'ws-1', mediaId: 'media-3', lang: 'fr' }]));
    expect(await within(detail).findByText('fr · 2 cues')).toBeTruthy();
  });

  it('offers captions files for videos only', async () => {
    const { detail } = await openItem('beans.jpg');
    expect(within(detail).queryByText('Captions files')).toBeNull();
  });

  it('says what a made file was made from, and how, with links to its sources', async () => {
    const { detail } = await openItem('slideshow.mp4');
    const lineage = within(detail).getByText(/^Made from:/);
    expect(lineage.textContent).toBe('Made from: beans.jpg, cup.jpg by Pictures to video with 9:16, 4 s per picture, zoom in motion, fade between pictures.');
    fireEvent.click(within(lineage).getByRole('button', { name: 'cup.jpg' }));
    expect(await screen.findByRole('region', { name: 'cup.jpg' })).toBeTruthy();
  });

  it('fetches a source that the current filter hides, and says when one was removed', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'], media: LIBRARY });
    renderApp(core, { hash: '#/media' });
    await screen.findByRole('button', { name: /^slideshow\.mp4,/ });
    fireEvent.click(screen.getByRole('radio', { name: 'Video' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: /^beans\.jpg,/ })).toBeNull());
    await core.transport.invoke('media.remove', { workspaceId: 'ws-1', mediaId: 'media-2' });
    fireEvent.click(screen.getByRole('button', { name: /^slideshow\.mp4,/ }));
    const detail = await screen.findByRole('region', { name: 'slideshow.mp4' });
    // beans.jpg is known from the first, unfiltered list; cup.jpg is gone.
    await waitFor(() => expect(within(detail).getByText(/^Made from:/).textContent).toMatch(/^Made from: beans\.jpg, a file since removed by/));
  });

  it('removes an item only after a confirmation', async () => {
    const { core, detail } = await openItem('cup.jpg');
    fireEvent.click(within(detail).getByRole('button', { name: 'Remove from library…' }));
    const confirm = within(detail).getByRole('group', { name: 'Remove cup.jpg?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(core.callsTo('media.remove')).toHaveLength(0);

    fireEvent.click(within(detail).getByRole('button', { name: 'Remove from library…' }));
    fireEvent.click(within(within(detail).getByRole('group', { name: 'Remove cup.jpg?' })).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(core.callsTo('media.remove')).toEqual([{ workspaceId: 'ws-1', mediaId: 'media-2' }]));
    expect(await screen.findByText('Removed cup.jpg from the library.')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'cup.jpg' })).toBeNull();
    await waitFor(() => expect(screen.queryByRole('button', { name: /^cup\.jpg,/ })).toBeNull());
  });

  it('offers the actions that fit its kind', async () => {
    const { detail } = await openItem('slideshow.mp4');
    const actions = within(detail)
      .getAllByRole('button')
      .map((b) => b.textContent)
      .filter((t) => t && /…$|^Cut silence$|^Extract audio$/.test(t) && t !== 'Remove from library…');
    expect(actions).toEqual(['Enhance…', 'Reformat for a platform…', 'Captions…', 'Trim…', 'Cut silence', 'Extract a frame…', 'Extract audio', 'Watermark…']);
  });
});
