// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeCore } from './fake-core';
import type { MediaSeed } from './fake-media';
import { renderApp } from './render-app';

afterEach(() => cleanup());

const LIBRARY: MediaSeed[] = [{ fileName: 'latte-art.mp4', kind: 'video', durationSeconds: 42 }];

const SRT = ['1', '00:00:01,000 --> 00:00:03,000', 'Fresh beans,', 'every morning.', '', '2', '00:00:03,500 --> 00:00:06,250', '<i>Roasted</i> in town.', ''].join('\r\n');

async function openCaptions() {
  const core = createFakeCore({ workspaces: ['Acme Coffee'], media: LIBRARY });
  renderApp(core, { hash: '#/media' });
  fireEvent.click(await screen.findByRole('button', { name: /^latte-art\.mp4,/ }));
  const detail = await screen.findByRole('region', { name: 'latte-art.mp4' });
  fireEvent.click(within(detail).getByRole('button', { name: 'Captions…' }));
  const dialog = await screen.findByRole('dialog', { name: 'Captions for latte-art.mp4' });
  return { core, dialog };
}

function importFile(dialog: HTMLElement, text: string, name: string) {
  fireEvent.change(within(dialog).getByLabelText('Import an .srt or .vtt file'), { target: { files: [new File([text], name)] } });
}

const value = (dialog: HTMLElement, label: string) => (within(dialog).getByLabelText(label) as HTMLInputElement | HTMLTextAreaElement).value;
const burn = (dialog: HTMLElement) => within(dialog).getByRole('button', { name: 'Burn in captions' }) as HTMLButtonElement;

describe('caption cues', () => {
  it('shows an imported SRT as a list of cues', async () => {
    const { dialog } = await openCaptions();
    importFile(dialog, SRT, 'latte.srt');
    await waitFor(() => expect(within(dialog).getAllByRole('listitem')).toHaveLength(2));
    expect(value(dialog, 'Cue 1 start')).toBe('00:01.000');
    expect(value(dialog, 'Cue 1 end')).toBe('00:03.000');
    expect(value(dialog, 'Cue 1 text')).toBe('Fresh beans,\nevery morning.');
    expect(value(dialog, 'Cue 2 start')).toBe('00:03.500');
    expect(value(dialog, 'Cue 2 end')).toBe('00:06.250');
    // Formatting the core drops anyway is dropped here, so the list shows what will be drawn.
    expect(value(dialog, 'Cue 2 text')).toBe('Roasted in town.');
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Cue 1 start'));
    expect(burn(dialog).disabled).toBe(false);
  });

  it('sends SRT made from the edited cues', async () => {
    const { core, dialog } = await openCaptions();
    importFile(dialog, SRT, 'latte.srt');
    await within(dialog).findByLabelText('Cue 2 text');
    fireEvent.change(within(dialog).getByLabelText('Cue 2 text'), { target: { value: 'Roasted in town,\nsince 1998.' } });
    fireEvent.change(within(dialog).getByLabelText('Cue 2 end'), { target: { value: '1:02.5' } });
    fireEvent.change(within(dialog).getByLabelText('Cue 1 start'), { target: { value: '0:00:00,250' } });
    fireEvent.click(burn(dialog));
    await waitFor(() =>
      expect(core.callsTo('media.render')).toEqual([
        {
          workspaceId: 'ws-1',
          request: {
            kind: 'captions',
            videoId: 'media-1',
            captions: '1\n00:00:00,250 --> 00:00:03,000\nFresh beans,\nevery morning.\n\n2\n00:00:03,500 --> 00:01:02,500\nRoasted in town,\nsince 1998.\n',
            style: { size: 48, colour: '#ffffff', outline: '#000000', position: 'bottom' },
          },
        },
      ]),
    );
  });

  it('names a bad time beside its cue and keeps the button off with the reason', async () => {
    const { dialog } = await openCaptions();
    importFile(dialog, SRT, 'latte.srt');
    await within(dialog).findByLabelText('Cue 2 start');
    fireEvent.change(within(dialog).getByLabelText('Cue 2 start'), { target: { value: '00:3.5x' } });
    const start = within(dialog).getByLabelText('Cue 2 start');
    expect(start.getAttribute('aria-invalid')).toBe('true');
    const note = document.getElementById(start.getAttribute('aria-describedby') ?? '');
    expect(note?.textContent).toBe('Cue 2 start: “00:3.5x” is not a time like 01:02.500.');
    expect(burn(dialog).disabled).toBe(true);
    expect(document.getElementById(burn(dialog).getAttribute('aria-describedby') ?? '')?.textContent).toBe('Cue 2 start: “00:3.5x” is not a time like 01:02.500.');

    fireEvent.change(start, { target: { value: '00:07.000' } });
    const end = within(dialog).getByLabelText('Cue 2 end');
    expect(document.getElementById(end.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Cue 2 must end after it starts.');
    expect(burn(dialog).disabled).toBe(true);
    expect(within(dialog).getAllByText('Cue 2 must end after it starts.')).toHaveLength(2);

    fireEvent.change(end, { target: { value: '' } });
    expect(document.getElementById(end.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Cue 2 needs an end time, like 01:02.500.');
    fireEvent.change(end, { target: { value: '00:08' } });
    expect(end.getAttribute('aria-invalid')).toBeNull();
    expect(burn(dialog).disabled).toBe(false);
  });

  it('adds a cue 2 seconds long after the last, and removes cues', async () => {
    const { core, dialog } = await openCaptions();
    expect(within(dialog).getByText('Add at least one cue, or import an .srt or .vtt file.')).toBeTruthy();
    expect(burn(dialog).disabled).toBe(true);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Add a cue' }));
    expect(value(dialog, 'Cue 1 start')).toBe('00:00.000');
    expect(value(dialog, 'Cue 1 end')).toBe('00:02.000');
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Cue 1 start'));
    // An empty cue says so, and holds the render back.
    expect(within(dialog).getAllByText('Cue 1 has no text: write some, or remove the cue.').length).toBeGreaterThan(0);
    expect(burn(dialog).disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText('Cue 1 text'), { target: { value: 'Hello.' } });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Add a cue' }));
    expect(value(dialog, 'Cue 2 start')).toBe('00:02.000');
    expect(value(dialog, 'Cue 2 end')).toBe('00:04.000');
    fireEvent.change(within(dialog).getByLabelText('Cue 2 text'), { target: { value: 'Goodbye.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add a cue' }));
    fireEvent.change(within(dialog).getByLabelText('Cue 3 text'), { target: { value: 'Gone.' } });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove cue 1' }));
    expect(within(dialog).getAllByRole('listitem')).toHaveLength(2);
    expect(value(dialog, 'Cue 1 text')).toBe('Goodbye.');
    expect(value(dialog, 'Cue 2 text')).toBe('Gone.');
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Cue 1 start'));

    fireEvent.click(burn(dialog));
    await waitFor(() => expect(core.callsTo('media.render')).toHaveLength(1));
    expect(core.callsTo('media.render')[0]).toMatchObject({ request: { captions: '1\n00:00:02,000 --> 00:00:04,000\nGoodbye.\n\n2\n00:00:04,000 --> 00:00:06,000\nGone.\n' } });
  });

  it('reads WebVTT: no hours, settings, notes, identifiers and entities', async () => {
    const { core, dialog } = await openCaptions();
    const vtt = 'WEBVTT - latte\n\nNOTE from the edit\n\nintro\n00:01.000 --> 00:02.500 align:start\nBeans &amp; milk\n\n01:00:00.000 --> 01:00:01.000\n<v Barista>Done.\n';
    importFile(dialog, vtt, 'latte.vtt');
    await waitFor(() => expect(within(dialog).getAllByRole('listitem')).toHaveLength(2));
    expect(value(dialog, 'Cue 1 start')).toBe('00:01.000');
    expect(value(dialog, 'Cue 1 text')).toBe('Beans & milk');
    expect(value(dialog, 'Cue 2 start')).toBe('1:00:00.000');
    expect(value(dialog, 'Cue 2 text')).toBe('Done.');
    fireEvent.click(burn(dialog));
    await waitFor(() => expect(core.callsTo('media.render')).toHaveLength(1));
    expect(core.callsTo('media.render')[0]).toMatchObject({ request: { captions: '1\n00:00:01,000 --> 00:00:02,500\nBeans & milk\n\n2\n01:00:00,000 --> 01:00:01,000\nDone.\n' } });
  });

  it('keeps a file it cannot read as text, with the reason', async () => {
    const { dialog } = await openCaptions();
    importFile(dialog, '1\nFresh beans.\n', 'broken.srt');
    await waitFor(() => expect(value(dialog, 'Captions (SRT or WebVTT)')).toBe('1\nFresh beans.\n'));
    const reason = 'Cue 1 at line 1 has no time line like “00:00:01,000 --> 00:00:02,500”. Fix the text around that line.';
    expect(within(dialog).getAllByText(reason)).toHaveLength(2);
    expect(burn(dialog).disabled).toBe(true);
    // It cannot go back to the list until it reads.
    fireEvent.click(within(dialog).getByLabelText('Edit as text'));
    expect((within(dialog).getByLabelText('Edit as text') as HTMLInputElement).checked).toBe(true);
  });

  it('round-trips through “Edit as text”, and sends what the text says', async () => {
    const { core, dialog } = await openCaptions();
    importFile(dialog, SRT, 'latte.srt');
    await within(dialog).findByLabelText('Cue 1 text');
    fireEvent.change(within(dialog).getByLabelText('Cue 1 text'), { target: { value: 'Fresh beans.' } });

    fireEvent.click(within(dialog).getByLabelText('Edit as text'));
    const text = within(dialog).getByLabelText('Captions (SRT or WebVTT)') as HTMLTextAreaElement;
    expect(text.value).toBe('1\n00:00:01,000 --> 00:00:03,000\nFresh beans.\n\n2\n00:00:03,500 --> 00:00:06,250\nRoasted in town.\n');
    expect(within(dialog).queryByLabelText('Cue 1 text')).toBeNull();

    fireEvent.change(text, { target: { value: `${text.value}\n3\n00:00:07,000 --> 00:00:08,000\nSee you.\n` } });
    expect(burn(dialog).disabled).toBe(false);
    fireEvent.change(text, { target: { value: `${text.value}\n4\n00:00:09,000 --> 00:00:08,000\nToo late.\n` } });
    expect(within(dialog).getByText('Cue 4 must end after it starts.')).toBeTruthy();
    expect(burn(dialog).disabled).toBe(true);
    fireEvent.change(text, { target: { value: text.value.replace(/\n4\n[\s\S]*$/, '') } });

    fireEvent.click(within(dialog).getByLabelText('Edit as text'));
    expect(within(dialog).getAllByRole('listitem')).toHaveLength(3);
    expect(value(dialog, 'Cue 1 text')).toBe('Fresh beans.');
    expect(value(dialog, 'Cue 3 start')).toBe('00:07.000');
    expect(value(dialog, 'Cue 3 text')).toBe('See you.');

    fireEvent.click(burn(dialog));
    await waitFor(() => expect(core.callsTo('media.render')).toHaveLength(1));
    expect(core.callsTo('media.render')[0]).toMatchObject({
      request: { captions: '1\n00:00:01,000 --> 00:00:03,000\nFresh beans.\n\n2\n00:00:03,500 --> 00:00:06,250\nRoasted in town.\n\n3\n00:00:07,000 --> 00:00:08,000\nSee you.\n' },
    });
  });

  it('turns captions pasted into the empty text box into cues', async () => {
    const { dialog } = await openCaptions();
    fireEvent.click(within(dialog).getByLabelText('Edit as text'));
    const text = within(dialog).getByLabelText('Captions (SRT or WebVTT)');
    expect(within(dialog).getByText('Paste captions, or import an .srt or .vtt file.')).toBeTruthy();
    fireEvent.paste(text);
    fireEvent.change(text, { target: { value: SRT } });
    expect(within(dialog).getAllByRole('listitem')).toHaveLength(2);
    expect((within(dialog).getByLabelText('Edit as text') as HTMLInputElement).checked).toBe(false);
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Cue 1 start'));
  });
});
