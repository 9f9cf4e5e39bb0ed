// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { dataTransfer, dayCell, findEntry, freezeMachine, hourSlot, openCalendar, thawMachine } from './calendar-fixtures';
import type { PostSeed } from './fake-posts';

beforeEach(() => freezeMachine());
afterEach(() => {
  cleanup();
  thawMachine();
});

const POSTS: PostSeed[] = [
  { text: 'Fresh beans today', accountIds: ['acct-1'], scheduledAt: '2026-03-12T08:00:00.000Z', timeZone: 'Europe/Berlin' },
  { text: 'New York brunch', accountIds: ['acct-2'], scheduledAt: '2026-03-13T14:45:00.000Z', timeZone: 'America/New_York' },
  { text: 'Already out', accountIds: ['acct-1'], scheduledAt: '2026-03-09T08:00:00.000Z', state: 'published' },
];

const drag = (chip: HTMLElement, onto: HTMLElement) => {
  const dt = dataTransfer();
  fireEvent.dragStart(chip, { dataTransfer: dt });
  fireEvent.dragOver(onto, { dataTransfer: dt });
  fireEvent.drop(onto, { dataTransfer: dt });
};

describe('drag to reschedule', () => {
  it('moves a post to the day it is dropped on, keeping its time of day, in its own zone', async () => {
    const { core } = openCalendar(POSTS);
    const chip = await findEntry('09:00, Scheduled, acme.bsky.social');
    drag(chip, dayCell('2026-03-31'));
    // 31 March is summer time in Berlin: 09:00 local is 07:00 UTC, not 08:00.
    await waitFor(() => expect(core.callsTo('post.reschedule')).toEqual([{ workspaceId: 'ws-1', postId: 'post-1', at: '2026-03-31 09:00', timeZone: 'Europe/Berlin' }]));
    expect(await within(dayCell('2026-03-31')).findByRole('button', { name: /Fresh beans/ })).toBeTruthy();
    expect(within(dayCell('2026-03-12')).queryByRole('button', { name: /Fresh beans/ })).toBeNull();
    expect(core.posts.postsOf().find((p) => p.id === 'post-1')?.scheduledAt).toBe('2026-03-31T07:00:00.000Z');
    expect(screen.getByText(/Moved “Fresh beans today” to Tuesday 31 March 2026, 09:00\./)).toBeTruthy();
  });

  it('writes the time in the post’s own zone when the calendar shows another', async () => {
    const { core } = openCalendar(POSTS);
    // 14:45 UTC is 15:45 in Berlin and 10:45 in New York (already on summer time on 13 March).
    const chip = await findEntry('15:45, Scheduled, @acmecoffee');
    drag(chip, dayCell('2026-03-16'));
    await waitFor(() => expect(core.callsTo('post.reschedule')).toEqual([{ workspaceId: 'ws-1', postId: 'post-2', at: '2026-03-16 10:45', timeZone: 'America/New_York' }]));
  });

  it('in the week view moves to the hour dropped on, keeping the minutes', async () => {
    const { core } = openCalendar(POSTS);
    await findEntry('09:00, Scheduled, acme.bsky.social');
    fireEvent.click(screen.getByRole('button', { name: 'Week' }));
    const chip = await within(hourSlot('2026-03-13 15:00')).findByRole('button', { name: /New York brunch/ });
    drag(chip, hourSlot('2026-03-14 18:00'));
    await waitFor(() => expect(core.callsTo('post.reschedule')).toEqual([{ workspaceId: 'ws-1', postId: 'post-2', at: '2026-03-14 13:45', timeZone: 'America/New_York' }]));
    expect(await within(hourSlot('2026-03-14 18:00')).findByRole('button', { name: /New York brunch/ })).toBeTruthy();
  });

  it('does not let a published post be dragged', async () => {
    const { core } = openCalendar(POSTS);
    const chip = await findEntry('09:00, Published, acme.bsky.social');
    expect(chip.getAttribute('draggable')).toBe('false');
    drag(chip, dayCell('2026-03-20'));
    expect(core.callsTo('post.reschedule')).toEqual([]);
    expect(within(dayCell('2026-03-09')).getByRole('button', { name: /Already out/ })).toBeTruthy();
  });

  it('puts the post back and shows the core’s words when the move is refused; a duplicate can be moved anyway', async () => {
    const { core } = openCalendar(POSTS);
    const clash = 'The same text is already scheduled to acme.bsky.social at 2026-03-20T08:30:00.000Z (30 minutes apart, post post-9). Change the text or the time, or schedule it anyway.';
    core.posts.failNext('post.reschedule', new AppError('Conflict', clash, { duplicates: [{ accountId: 'acct-1', postId: 'post-9' }] }));
    const release = core.posts.hold('post.reschedule');
    drag(await findEntry('09:00, Scheduled, acme.bsky.social'), dayCell('2026-03-20'));
    // At once, before the core answers.
    expect(within(dayCell('2026-03-20')).getByRole('button', { name: /Fresh beans/ })).toBeTruthy();
    release();
    expect(await screen.findByText(`Not moved. ${clash}`)).toBeTruthy();
    expect(within(dayCell('2026-03-12')).getByRole('button', { name: /Fresh beans/ })).toBeTruthy();
    expect(within(dayCell('2026-03-20')).queryByRole('button', { name: /Fresh beans/ })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Move anyway' }));
    await waitFor(() => expect(core.callsTo('post.reschedule').at(-1)).toEqual({ workspaceId: 'ws-1', postId: 'post-1', at: '2026-03-20 09:00', timeZone: 'Europe/Berlin', allowDuplicate: true }));
    expect(await within(dayCell('2026-03-20')).findByRole('button', { name: /Fresh beans/ })).toBeTruthy();
  });

  it('a time in the past is refused by the core and the post stays where it was', async () => {
    const { core } = openCalendar(POSTS);
    drag(await findEntry('09:00, Scheduled, acme.bsky.social'), dayCell('2026-03-02'));
    expect(await screen.findByText('Not moved. 2026-03-02 09:00 (Europe/Berlin) is in the past; choose a later time or post now.')).toBeTruthy();
    expect(within(dayCell('2026-03-12')).getByRole('button', { name: /Fresh beans/ })).toBeTruthy();
    expect(core.posts.postsOf().find((p) => p.id === 'post-1')?.scheduledAt).toBe('2026-03-12T08:00:00.000Z');
  });
});

describe('moving with the keyboard', () => {
  it('M on an entry opens Move, which takes a date and a time', async () => {
    const { core } = openCalendar(POSTS);
    const chip = await findEntry('09:00, Scheduled, acme.bsky.social');
    expect(chip.getAttribute('aria-keyshortcuts')).toBe('M');
    chip.focus();
    fireEvent.keyDown(chip, { key: 'm' });
    const dialog = screen.getByRole('dialog', { name: 'Move post' });
    expect((within(dialog).getByLabelText('Date') as HTMLInputElement).value).toBe('2026-03-12');
    expect((within(dialog).getByLabelText('Time') as HTMLInputElement).value).toBe('09:00');
    fireEvent.change(within(dialog).getByLabelText('Date'), { target: { value: '2026-03-18' } });
    fireEvent.change(within(dialog).getByLabelText('Time'), { target: { value: '16:30' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(core.callsTo('post.reschedule')).toEqual([{ workspaceId: 'ws-1', postId: 'post-1', at: '2026-03-18 16:30', timeZone: 'Europe/Berlin' }]);
    expect(within(dayCell('2026-03-18')).getByRole('button', { name: /^16:30, Scheduled, acme\.bsky\.social/ })).toBeTruthy();
  });

  it('keeps the dialog and what was typed when the core refuses', async () => {
    const { core } = openCalendar(POSTS);
    fireEvent.click(await findEntry('09:00, Scheduled, acme.bsky.social'));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Move…' }));
    const dialog = screen.getByRole('dialog', { name: 'Move post' });
    fireEvent.change(within(dialog).getByLabelText('Date'), { target: { value: '2026-03-01' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move' }));
    expect(await within(dialog).findByRole('alert')).toHaveProperty('textContent', '2026-03-01 09:00 (Europe/Berlin) is in the past; choose a later time or post now.');
    expect((within(dialog).getByLabelText('Date') as HTMLInputElement).value).toBe('2026-03-01');
    expect(core.posts.postsOf().find((p) => p.id === 'post-1')?.scheduledAt).toBe('2026-03-12T08:00:00.000Z');
  });
});
