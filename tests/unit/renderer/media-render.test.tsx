// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MediaCapabilities } from '../../../src-shared/domain';
import { createFakeCore } from './fake-core';
import type { MediaSeed, RenderSeed } from './fake-media';
import { renderApp } from './render-app';

afterEach(() => cleanup());

// media-1 … media-5
const LIBRARY: MediaSeed[] = [
  { fileName: 'beans.jpg', kind: 'image' },
  { fileName: 'cup.jpg', kind: 'image' },
  { fileName: 'latte-art.mp4', kind: 'video', durationSeconds: 42 },
  { fileName: 'jingle.mp3', kind: 'audio', durationSeconds: 30 },
  { fileName: 'voice.m4a', kind: 'audio', durationSeconds: 12 },
];

function openMedia(seed: { renders?: RenderSeed[]; capabilities?: MediaCapabilities } = {}) {
  const core = createFakeCore({ workspaces: ['Acme Coffee'], media: LIBRARY, ...seed });
  const view = renderApp(core, { hash: '#/media' });
  return { core, ...view };
}

async function openItem(name: string) {
  fireEvent.click(await screen.findByRole('button', { name: new RegExp(`^${name.replace('.', '\\.')},`) }));
  return screen.findByRole('region', { name });
}

const rendersPanel = () => screen.getByRole('region', { name: /^Renders/ });

describe('making a video from pictures', () => {
  it('sends exactly the chosen pictures, in order, with shape, pace, motion, transition and music', async () => {
    const { core } = openMedia();
    const detail = await openItem('beans.jpg');
    fireEvent.click(within(detail).getByRole('button', { name: 'Make a video…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Make a video from pictures' });
    // The picture it was opened from comes first.
    await within(dialog).findByText('1. beans.jpg');

    fireEvent.click(within(dialog).getByText(/^Add pictures/));
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Add cup.jpg' }));
    expect(within(dialog).getByText('2. cup.jpg')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move cup.jpg up' }));
    expect(within(dialog).getByText('1. cup.jpg')).toBeTruthy();
    expect(within(dialog).getByText('2. beans.jpg')).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: 'Move cup.jpg up' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(within(dialog).getByRole('radio', { name: '1:1 square' }));
    fireEvent.change(within(dialog).getByLabelText('Seconds per picture'), { target: { value: '4' } });
    fireEvent.change(within(dialog).getByLabelText('Motion'), { target: { value: 'zoom-in' } });
    await waitFor(() => expect(within(within(dialog).getByLabelText('Music')).getByRole('option', { name: 'jingle.mp3' })).toBeTruthy());
    fireEvent.change(within(dialog).getByLabelText('Music'), { target: { value: 'media-4' } });
    // 2 × 4 s, less one 0.5 s crossfade.
    expect(within(dialog).getByText(/^Total length: 7\.5 s/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Cut' }));
    expect(within(dialog).getByText('Total length: 8.0 s.')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Fade' }));

    fireEvent.click(within(dialog).getByRole('button', { name: 'Make the video' }));
    await waitFor(() =>
      expect(core.callsTo('media.render')).toEqual([
        {
          workspaceId: 'ws-1',
          request: { kind: 'image-to-video', imageIds: ['media-2', 'media-1'], aspect: '1:1', secondsPerImage: 4, motion: 'zoom-in', transition: 'fade', musicId: 'media-4' },
        },
      ]),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByText('Pictures to video of cup.jpg is queued. Follow it under Renders; you can keep working meanwhile.')).toBeTruthy();
    // Found once the page is no longer hidden behind the closing dialog (aria-hidden for a moment).
    const panel = await screen.findByRole('region', { name: /^Renders/ });
    const row = within(panel).getByRole('listitem', { name: 'Pictures to video of cup.jpg' });
    expect(within(row).getByText('Waiting')).toBeTruthy();
  });

  it('keeps the button off while the form is not valid, and says why', async () => {
    openMedia();
    fireEvent.click(await screen.findByRole('button', { name: 'Make a video…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Make a video from pictures' });
    const make = within(dialog).getByRole('button', { name: 'Make the video' }) as HTMLButtonElement;
    expect(make.disabled).toBe(true);
    const reason = within(dialog).getByText('Choose at least one picture.');
    expect(make.getAttribute('aria-describedby')).toBe(reason.id);
    expect(within(dialog).getByText('Total length: choose pictures first.')).toBeTruthy();

    fireEvent.click(await within(dialog).findByText(/^Add pictures/));
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Add beans.jpg' }));
    expect(make.disabled).toBe(false);
    fireEvent.change(within(dialog).getByLabelText('Seconds per picture'), { target: { value: '45' } });
    expect(make.disabled).toBe(true);
    expect(within(dialog).getByText('Each picture shows for 1 to 30 seconds.')).toBeTruthy();
  });
});

describe('enhancing a video', () => {
  it('previews 5 seconds with the same options before the whole render, and shows the preview', async () => {
    const { core } = openMedia();
    const detail = await openItem('latte-art.mp4');
    fireEvent.click(within(detail).getByRole('button', { name: 'Enhance…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Enhance latte-art.mp4' });
    const whole = within(dialog).getByRole('button', { name: 'Enhance the whole video' }) as HTMLButtonElement;
    expect(whole.disabled).toBe(true);
    expect(within(dialog).getByText('Choose at least one change.')).toBeTruthy();

    fireEvent.click(within(dialog).getByLabelText('Reduce noise'));
    fireEvent.change(within(dialog).getByLabelText('Saturation'), { target: { value: '1.2' } });
    fireEvent.click(within(dialog).getByLabelText('Even out loudness'));
    expect((within(dialog).getByLabelText('Loudness target (LUFS)') as HTMLInputElement).value).toBe('-14');
    fireEvent.change(within(dialog).getByLabelText('Preview from (seconds)'), { target: { value: '10' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Preview 5 s' }));
    await waitFor(() =>
      expect(core.callsTo('media.render')).toEqual([
        {
          workspaceId: 'ws-1',
          request: { kind: 'enhance', videoId: 'media-3', denoise: true, saturation: 1.2, loudnorm: -14, preview: { fromSeconds: 10, seconds: 5 } },
        },
      ]),
    );
    expect(await within(dialog).findByText('Waiting')).toBeTruthy();
    act(() => {
      core.media.progress('render-1', 0.4, 3, 1.6);
    });
    expect(within(dialog).getByText('· 40% · about 3 s left · 1.6× real time')).toBeTruthy();
    act(() => {
      core.media.succeed('render-1', { fileName: 'latte-art (preview).mp4', kind: 'video', durationSeconds: 5 });
    });
    const preview = within(dialog).getByLabelText('Preview: original and enhanced side by side');
    expect(preview.getAttribute('src')).toBe('/media/ws-1/media-6');

    fireEvent.click(whole);
    await waitFor(() =>
      expect(core.callsTo('media.render').at(-1)).toEqual({
        workspaceId: 'ws-1',
        request: { kind: 'enhance', videoId: 'media-3', denoise: true, saturation: 1.2, loudnorm: -14 },
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('turns stabilise off, with the reason, when this ffmpeg has no stabiliser', async () => {
    const { core } = openMedia({ capabilities: { ffmpegVersion: '6.0', stabilise: null, captions: true, notes: ['This ffmpeg was built without vid.stab and without deshake.'] } });
    const detail = await openItem('latte-art.mp4');
    fireEvent.click(within(detail).getByRole('button', { name: 'Enhance…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Enhance latte-art.mp4' });
    const stabilise = within(dialog).getByLabelText('Stabilise') as HTMLInputElement;
    await waitFor(() => expect(stabilise.disabled).toBe(true));
    const hint = document.getElementById(stabilise.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toBe('This ffmpeg has no stabiliser. This ffmpeg was built without vid.stab and without deshake.');
    expect(core.callsTo('media.capabilities')).toEqual([{}]);
  });

  it('offers stabilise where ffmpeg has vid.stab', async () => {
    openMedia();
    const detail = await openItem('latte-art.mp4');
    fireEvent.click(within(detail).getByRole('button', { name: 'Enhance…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Enhance latte-art.mp4' });
    await waitFor(() => expect((within(dialog).getByLabelText('Stabilise') as HTMLInputElement).disabled).toBe(false));
  });
});

describe('the other renders', () => {
  it('trims the whole file by default, and refuses an end before the start', async () => {
    const { core } = openMedia();
    const detail = await openItem('jingle.mp3');
    fireEvent.click(within(detail).getByRole('button', { name: 'Trim…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Trim jingle.mp3' });
    expect((within(dialog).getByLabelText('To (seconds)') as HTMLInputElement).value).toBe('30');
    fireEvent.change(within(dialog).getByLabelText('From (seconds)'), { target: { value: '31' } });
    expect(within(dialog).getByText('The end must come after the start.')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('From (seconds)'), { target: { value: '2.5' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Trim' }));
    await waitFor(() => expect(core.callsTo('media.render')).toEqual([{ workspaceId: 'ws-1', request: { kind: 'trim', videoId: 'media-4', fromSeconds: 2.5, toSeconds: 30 } }]));
  });

  it('burns in imported captions with their style', async () => {
    const { core } = openMedia();
    const detail = await openItem('latte-art.mp4');
    fireEvent.click(within(detail).getByRole('button', { name: 'Captions…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Captions for latte-art.mp4' });
    const srt = '1\n00:00:01,000 --> 00:00:03,000\nFresh beans, every morning.\n';
    fireEvent.change(within(dialog).getByLabelText('Import an .srt or .vtt file'), { target: { files: [new File([srt], 'latte.srt', { type: 'application/x-subrip' })] } });
    await waitFor(() => expect((within(dialog).getByLabelText('Cue 1 text') as HTMLTextAreaElement).value).toBe('Fresh beans, every morning.'));
    fireEvent.change(within(dialog).getByLabelText('Text size (px at 1080p)'), { target: { value: '64' } });
    fireEvent.change(within(dialog).getByLabelText('Text colour'), { target: { value: '#FFEE00' } });
    fireEvent.change(within(dialog).getByLabelText('Position'), { target: { value: 'top' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Burn in captions' }));
    await waitFor(() =>
      expect(core.callsTo('media.render')).toEqual([
        { workspaceId: 'ws-1', request: { kind: 'captions', videoId: 'media-3', captions: srt, style: { size: 64, colour: '#ffee00', outline: '#000000', position: 'top' } } },
      ]),
    );
  });

  it('queues cut silence and extract audio at once, and reformats and watermarks with their options', async () => {
    const { core } = openMedia();
    const detail = await openItem('latte-art.mp4');
    fireEvent.click(within(detail).getByRole('button', { name: 'Extract audio' }));
    await waitFor(() => expect(core.callsTo('media.render').at(-1)).toEqual({ workspaceId: 'ws-1', request: { kind: 'extract-audio', videoId: 'media-3' } }));

    fireEvent.click(within(detail).getByRole('button', { name: 'Reformat for a platform…' }));
    let dialog = await screen.findByRole('dialog', { name: 'Reformat latte-art.mp4' });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Mastodon' }));
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Crop the middle' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reformat for Mastodon' }));
    await waitFor(() =>
      expect(core.callsTo('media.render').at(-1)).toEqual({ workspaceId: 'ws-1', request: { kind: 'reformat', videoId: 'media-3', platform: 'mastodon', fit: 'crop' } }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    fireEvent.click(within(await screen.findByRole('region', { name: 'latte-art.mp4' })).getByRole('button', { name: 'Watermark…' }));
    dialog = await screen.findByRole('dialog', { name: 'Watermark latte-art.mp4' });
    expect(within(dialog).getByText('Choose the picture to put over the video.')).toBeTruthy();
    await waitFor(() => expect(within(within(dialog).getByLabelText('Picture')).getByRole('option', { name: 'cup.jpg' })).toBeTruthy());
    fireEvent.change(within(dialog).getByLabelText('Picture'), { target: { value: 'media-2' } });
    fireEvent.change(within(dialog).getByLabelText('Position'), { target: { value: 'top-left' } });
    fireEvent.change(within(dialog).getByLabelText('Opacity (%)'), { target: { value: '50' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add the watermark' }));
    await waitFor(() =>
      expect(core.callsTo('media.render').at(-1)).toEqual({
        workspaceId: 'ws-1',
        request: { kind: 'watermark', videoId: 'media-3', imageId: 'media-2', position: 'top-left', opacity: 0.5, scale: 0.15 },
      }),
    );
  });

  it('shows the core’s refusal in the form and keeps the input', async () => {
    const { core } = openMedia();
    const detail = await openItem('latte-art.mp4');
    fireEvent.click(within(detail).getByRole('button', { name: 'Extract a frame…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Extract a frame from latte-art.mp4' });
    // The core finds the file gone between the click and the render.
    await core.transport.invoke('media.remove', { workspaceId: 'ws-1', mediaId: 'media-3' });
    fireEvent.change(within(dialog).getByLabelText('At (seconds)'), { target: { value: '12' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Extract the frame' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/^There is no media item with id media-3 in this workspace/);
    expect((within(dialog).getByLabelText('At (seconds)') as HTMLInputElement).value).toBe('12');
  });
});

describe('the renders panel', () => {
  const RUNNING: RenderSeed = { request: { kind: 'trim', videoId: 'media-3', fromSeconds: 0, toSeconds: 10 }, state: 'running', progress: 0.1, etaSeconds: 40, speed: 1 };
  const FAILED: RenderSeed = {
    request: { kind: 'reformat', videoId: 'media-3', platform: 'x' },
    state: 'failed',
    error: { name: 'RenderFailed', message: 'ffmpeg stopped: the video has no frames after 0:41. Trim the end and try again.' },
  };

  it('follows renderChanged events with a real progress bar, time left and speed, and cancels', async () => {
    const { core } = openMedia({ renders: [RUNNING] });
    await screen.findByRole('button', { name: /^latte-art\.mp4,/ });
    const row = await within(rendersPanel()).findByRole('listitem', { name: 'Trim of latte-art.mp4' });
    expect(within(rendersPanel()).getByRole('heading', { name: 'Renders (1 going)' })).toBeTruthy();

    act(() => {
      core.media.progress('render-1', 0.5, 12, 2.5);
    });
    expect(within(row).getByText('Rendering')).toBeTruthy();
    expect(within(row).getByText('· 50% · about 12 s left · 2.5× real time')).toBeTruthy();
    expect((within(row).getByRole('progressbar', { name: 'Trim progress' }) as HTMLProgressElement).value).toBe(0.5);
    act(() => {
      core.media.progress('render-1', 0.75, 150, 2.5);
    });
    expect(within(row).getByText('· 75% · about 3 min left · 2.5× real time')).toBeTruthy();

    fireEvent.click(within(row).getByRole('button', { name: 'Cancel Trim of latte-art.mp4' }));
    await waitFor(() => expect(core.callsTo('media.cancelRender')).toEqual([{ workspaceId: 'ws-1', renderId: 'render-1' }]));
    expect(await within(row).findByText('Cancelled')).toBeTruthy();
    expect(within(row).queryByRole('progressbar')).toBeNull();
    expect(within(row).queryByRole('button', { name: /^Cancel/ })).toBeNull();
  });

  it('shows a failed render’s message, and a finished one’s new item, which reloads the list', async () => {
    const { core } = openMedia({ renders: [FAILED, RUNNING] });
    await screen.findByRole('button', { name: /^latte-art\.mp4,/ });
    const failed = await within(rendersPanel()).findByRole('listitem', { name: 'Reformat of latte-art.mp4' });
    expect(within(failed).getByText('Failed')).toBeTruthy();
    expect(within(failed).getByText('ffmpeg stopped: the video has no frames after 0:41. Trim the end and try again.')).toBeTruthy();
    expect(within(failed).queryByRole('button', { name: /^Cancel/ })).toBeNull();

    const lists = core.callsTo('media.list').length;
    act(() => {
      core.media.succeed('render-2', { fileName: 'latte-art (trimmed).mp4', kind: 'video', durationSeconds: 10 });
    });
    const done = within(rendersPanel()).getByRole('listitem', { name: 'Trim of latte-art.mp4' });
    expect(within(done).getByText('Done')).toBeTruthy();
    expect(await screen.findByRole('button', { name: /^latte-art \(trimmed\)\.mp4,/ })).toBeTruthy();
    // One reload for the burst (the render's event and media.changed), not one each.
    await waitFor(() => expect(core.callsTo('media.list').length).toBe(lists + 1));

    fireEvent.click(await within(done).findByRole('button', { name: 'Show latte-art (trimmed).mp4' }));
    const detail = await screen.findByRole('region', { name: 'latte-art (trimmed).mp4' });
    expect(within(detail).getByText(/^Made from:/).textContent).toBe('Made from: latte-art.mp4 by Trim with from 0:00 to 0:10.');
  });

  it('lists renders newest first and never polls', async () => {
    const { core } = openMedia({ renders: [FAILED, RUNNING] });
    await screen.findByRole('button', { name: /^latte-art\.mp4,/ });
    await within(rendersPanel()).findByRole('listitem', { name: 'Trim of latte-art.mp4' });
    const names = within(within(rendersPanel()).getByRole('list')).getAllByRole('listitem').map((li) => li.querySelector('.media-render__title')?.textContent);
    expect(names).toEqual(['Trim of latte-art.mp4', 'Reformat of latte-art.mp4']);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(core.callsTo('media.renders')).toHaveLength(1);
    expect(core.callsTo('media.getRender')).toHaveLength(0);
  });
});
