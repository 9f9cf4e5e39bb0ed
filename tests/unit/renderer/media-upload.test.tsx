// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outcomeOf, setUploader, xhrUploader } from '../../../src-renderer/features/media/upload';
import { createFakeCore } from './fake-core';
import { createFakeUploader } from './fake-media';
import { renderApp } from './render-app';

let restore: () => void = () => undefined;
let fake: ReturnType<typeof createFakeUploader>;

beforeEach(() => {
  fake = createFakeUploader();
  restore = setUploader(fake.uploader);
});
afterEach(() => {
  cleanup();
  restore();
});

function openMedia() {
  const core = createFakeCore({ workspaces: ['Acme Coffee'], media: [{ fileName: 'beans.jpg', kind: 'image' }] });
  const view = renderApp(core, { hash: '#/media' });
  return { core, ...view };
}

const file = (name: string, bytes: number, type: string) => new File([new Uint8Array(bytes)], name, { type });
const row = (name: string) => screen.getByText(name, { selector: '.media-upload__name' }).closest('li') as HTMLElement;

describe('uploading to the media library', () => {
  it('takes many dropped files, shows each one’s progress, then the new item or the refusal until dismissed', async () => {
    const { core } = openMedia();
    await screen.findByRole('button', { name: /^beans\.jpg,/ });
    const page = document.querySelector('.media-page') as HTMLElement;
    const files = [file('menu.png', 2000, 'image/png'), file('huge.mov', 4000, 'video/quicktime'), file('song.mp3', 1000, 'audio/mpeg')];

    fireEvent.dragEnter(page, { dataTransfer: { types: ['Files'], files: [] } });
    expect(screen.getByText('Drop to add to the library')).toBeTruthy();
    fireEvent.drop(page, { dataTransfer: { types: ['Files'], files } });
    expect(screen.queryByText('Drop to add to the library')).toBeNull();

    // Two at a time; the third waits its turn.
    expect(fake.sends.map((s) => s.file.name)).toEqual(['menu.png', 'huge.mov']);
    expect(fake.sends[0]?.workspaceId).toBe('ws-1');
    expect(within(row('song.mp3')).getByText(/^Waiting/)).toBeTruthy();

    act(() => fake.sends[0]?.progress(500));
    const menu = row('menu.png');
    expect(within(menu).getByText('25% · 500 B of 2.0 KB')).toBeTruthy();
    const bar = within(menu).getByRole('progressbar', { name: 'Uploading menu.png' }) as HTMLProgressElement;
    expect(bar.value).toBe(25);
    act(() => fake.sends[0]?.progress(1500));
    expect(within(row('menu.png')).getByText('75% · 1.5 KB of 2.0 KB')).toBeTruthy();

    // The route stores it; the list reloads on media.changed and the new card appears.
    await act(async () => {
      const item = core.media.addUploaded({ fileName: 'menu.png', kind: 'image' });
      fake.sends[0]?.finish({ ok: true, item, deduplicated: false });
    });
    expect(within(row('menu.png')).getByText('Added as a picture')).toBeTruthy();
    expect(within(row('menu.png')).queryByRole('progressbar')).toBeNull();
    expect(await screen.findByRole('button', { name: /^menu\.png,/ })).toBeTruthy();
    // The waiting file starts once a place is free.
    expect(fake.sends.map((s) => s.file.name)).toEqual(['menu.png', 'huge.mov', 'song.mp3']);

    await act(async () => fake.sends[1]?.finish(outcomeOf(413, 'This file is 5.2 GB; the media library takes files up to 4 GB. Export a smaller version.')));
    const refused = row('huge.mov');
    expect(within(refused).getByText('Not added')).toBeTruthy();
    expect(within(refused).getByText('This file is 5.2 GB; the media library takes files up to 4 GB. Export a smaller version.')).toBeTruthy();

    // Cancelling a file on its way aborts it.
    fireEvent.click(within(row('song.mp3')).getByRole('button', { name: 'Cancel uploading song.mp3' }));
    await waitFor(() => expect(within(row('song.mp3')).getByText('Cancelled')).toBeTruthy());
    expect(fake.sends[2]?.aborted).toBe(true);

    // Refusals stay until dismissed.
    fireEvent.click(within(refused).getByRole('button', { name: 'Dismiss huge.mov' }));
    expect(screen.queryByText('huge.mov', { selector: '.media-upload__name' })).toBeNull();
    expect(row('menu.png')).toBeTruthy();

    // "Show" opens what was added.
    fireEvent.click(within(row('menu.png')).getByRole('button', { name: 'Show' }));
    expect(await screen.findByRole('region', { name: 'menu.png' })).toBeTruthy();
  });

  it('takes files from the Add files picker too, and says when one was already in the library', async () => {
    const { core } = openMedia();
    await screen.findByRole('button', { name: /^beans\.jpg,/ });
    const input = screen.getByLabelText('Files to add to the library') as HTMLInputElement;
    expect(input.multiple).toBe(true);
    fireEvent.change(input, { target: { files: [file('beans-copy.jpg', 100, 'image/jpeg')] } });
    expect(fake.sends.map((s) => s.file.name)).toEqual(['beans-copy.jpg']);
    const [existing] = core.media.items();
    await act(async () => fake.sends[0]?.finish({ ok: true, item: existing as never, deduplicated: true }));
    expect(within(row('beans-copy.jpg')).getByText('Already in the library')).toBeTruthy();
  });
});

describe('the upload route’s answers', () => {
  it('reads an added item, a refusal in the result, a 413 and a lost sign-in', () => {
    const item = { id: 'media-9', fileName: 'a.jpg' };
    expect(outcomeOf(200, JSON.stringify({ path: 'a.jpg', ok: true, item, deduplicated: false }))).toEqual({ ok: true, item, deduplicated: false });
    expect(outcomeOf(200, JSON.stringify({ path: 'a.txt', ok: false, error: { name: 'ValidationError', message: 'This is not a picture, video or audio file.' } }))).toEqual({
      ok: false,
      message: 'This is not a picture, video or audio file.',
    });
    expect(outcomeOf(413, 'Too big: at most 4 GB.\n')).toEqual({ ok: false, message: 'Too big: at most 4 GB.' });
    expect(outcomeOf(413, '')).toEqual({ ok: false, message: 'This file is too big for the media library.' });
    expect(outcomeOf(401, '')).toMatchObject({ ok: false, message: expect.stringContaining('not signed in') });
    expect(outcomeOf(403, 'nope')).toMatchObject({ ok: false, message: expect.stringContaining('not signed in') });
    expect(outcomeOf(200, '<html>')).toMatchObject({ ok: false });
  });

  it('posts the raw file to /media/<workspace>/upload with its name, reporting progress', async () => {
    const sent: { method: string; url: string; body: unknown }[] = [];
    class FakeXhr {
      status = 0;
      responseText = '';
      upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onabort: (() => void) | null = null;
      private method = '';
      private url = '';
      open(method: string, url: string) {
        this.method = method;
        this.url = url;
      }
      send(body: unknown) {
        sent.push({ method: this.method, url: this.url, body });
        this.upload.onprogress?.({ loaded: 3, total: 6, lengthComputable: true });
        this.status = 413;
        this.responseText = 'This file is too big.';
        this.onload?.();
      }
      abort() {
        this.onabort?.();
      }
    }
    const real = globalThis.XMLHttpRequest;
    globalThis.XMLHttpRequest = FakeXhr as never;
    try {
      const progress: number[] = [];
      const body = file('Spring menü #1.png', 6, 'image/png');
      const outcome = await xhrUploader('ws-1', body, (p) => progress.push(p.loaded / p.total)).done;
      expect(sent).toEqual([{ method: 'POST', url: '/media/ws-1/upload?name=Spring%20men%C3%BC%20%231.png', body }]);
      expect(progress).toEqual([0.5]);
      expect(outcome).toEqual({ ok: false, message: 'This file is too big.' });
    } finally {
      globalThis.XMLHttpRequest = real;
    }
  });
});
