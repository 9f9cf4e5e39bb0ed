// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountSeed } from './fake-accounts';
import { createFakeCore } from './fake-core';
import type { QueueSeed } from './fake-posts';
import { renderApp } from './render-app';

afterEach(cleanup);

const NOW = new Date('2025-12-01T12:00:00.000Z'); // Monday, 13:00 in Berlin
/** The app adds the year to a date that is not in this year. */
const Y2025 = new Date().getFullYear() === 2025 ? '' : ' 2025';

const ACCOUNTS: AccountSeed[] = [
  { platform: 'bluesky', handle: 'acme.bsky.social' },
  { platform: 'bluesky', handle: 'old-acme.bsky.social', status: 'disconnected' },
];
const BERLIN: QueueSeed = {
  accountId: 'acct-1',
  timeZone: 'Europe/Berlin',
  slots: [
    { weekday: 1, time: '09:00' },
    { weekday: 3, time: '17:30' },
  ],
};

const row = (handle: string) => screen.getByRole('listitem', { name: handle });

async function openTimes(queues: QueueSeed[] = [BERLIN]) {
  const core = createFakeCore({ workspaces: ['Acme Coffee'], accounts: ACCOUNTS, queues, now: () => NOW });
  renderApp(core, { hash: '#/accounts' });
  await screen.findByRole('list', { name: 'Connected accounts' });
  const opener = within(row('acme.bsky.social')).getByRole('button', { name: 'Posting times' });
  opener.focus(); // as a real click or Enter would
  fireEvent.click(opener);
  const dialog = await screen.findByRole('dialog', { name: 'Posting times for acme.bsky.social' });
  const week = await within(dialog).findByRole('list', { name: 'Posting times by weekday' });
  return { core, opener, dialog, week };
}

/** Each weekday's row as "Monday: 09:00" or "Tuesday: -". */
const weekText = (week: HTMLElement) =>
  within(week)
    .getAllByRole('listitem')
    .filter((li) => li.classList.contains('queue-day'))
    .map((li) => {
      const name = li.querySelector('.queue-day__name')?.textContent;
      const times = [...li.querySelectorAll('.queue-time > span:first-child')].map((t) => t.textContent);
      return `${name}: ${times.join(' ') || '-'}`;
    });

describe('posting times', () => {
  it('is offered for every account that can post, not a disconnected one', async () => {
    renderApp(createFakeCore({ workspaces: ['Acme Coffee'], accounts: ACCOUNTS }), { hash: '#/accounts' });
    await screen.findByRole('list', { name: 'Connected accounts' });
    expect(within(row('acme.bsky.social')).getByRole('button', { name: 'Posting times' }).getAttribute('aria-describedby')).toBeTruthy();
    expect(within(row('old-acme.bsky.social')).queryByRole('button', { name: 'Posting times' })).toBeNull();
  });

  it('shows the week by weekday, adds and removes times, and saves them with the next free slot', async () => {
    const { core, dialog, week } = await openTimes();
    expect(weekText(week)).toEqual(['Monday: 09:00', 'Tuesday: -', 'Wednesday: 17:30', 'Thursday: -', 'Friday: -', 'Saturday: -', 'Sunday: -']);
    expect((within(dialog).getByLabelText('Time zone') as HTMLSelectElement).value).toBe('Europe/Berlin');
    // Focus starts where a time is added.
    const weekday = within(dialog).getByLabelText('Weekday') as HTMLSelectElement;
    await waitFor(() => expect(document.activeElement).toBe(weekday));

    fireEvent.change(weekday, { target: { value: '2' } });
    fireEvent.change(within(dialog).getByLabelText('Time'), { target: { value: '09:00' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add time' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove Wednesday 17:30' }));
    expect(weekText(week)).toEqual(['Monday: 09:00', 'Tuesday: 09:00', 'Wednesday: -', 'Thursday: -', 'Friday: -', 'Saturday: -', 'Sunday: -']);
    expect(core.callsTo('queue.set')).toEqual([]);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Save posting times' }));
    const saved = await within(dialog).findByRole('status');
    // Monday 09:00 has passed in Berlin; Tuesday 09:00 is next.
    expect(saved.textContent).toMatch(new RegExp(`^Saved\\. Next free slot: Tue 2 Dec${Y2025}, 09:00( \\(Europe/Berlin time\\))?\\.$`));
    expect(core.callsTo('queue.set')).toEqual([
      {
        workspaceId: 'ws-1',
        accountId: 'acct-1',
        timeZone: 'Europe/Berlin',
        slots: [
          { weekday: 1, time: '09:00' },
          { weekday: 2, time: '09:00' },
        ],
      },
    ]);
  });

  it('works from the keyboard: Enter adds a time, a duplicate is refused, focus never drops, Escape returns to the button', async () => {
    const { core, opener, dialog, week } = await openTimes();
    const time = within(dialog).getByLabelText('Time');
    fireEvent.change(time, { target: { value: '09:00' } });
    fireEvent.keyDown(time, { key: 'Enter' });
    expect(await within(dialog).findByText('Monday 09:00 is already a posting time.')).toBeTruthy();
    expect(time.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(time, { target: { value: '12:15' } });
    expect(time.getAttribute('aria-invalid')).toBeNull();
    fireEvent.keyDown(time, { key: 'Enter' });
    expect(weekText(week)[0]).toBe('Monday: 09:00 12:15');
    expect(core.callsTo('queue.set')).toEqual([]); // Enter added; it did not save

    // Removing a time moves focus to the next Remove button, then to the weekday when none is left.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove Monday 12:15' }));
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Remove Wednesday 17:30'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove Wednesday 17:30' }));
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Remove Monday 09:00'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove Monday 09:00' }));
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText('Weekday')));

    fireEvent.click(within(dialog).getByRole('button', { name: 'Save posting times' }));
    expect((await within(dialog).findByRole('status')).textContent).toBe(
      'Saved. With no posting times, this account has no next free slot; choose a time when you schedule.',
    );

    fireEvent.keyDown(document, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(opener);
  });

  it('shows the core’s refusal of a zone it does not know, and keeps the week', async () => {
    const { core, dialog, week } = await openTimes([{ accountId: 'acct-1', timeZone: 'Mars/Olympus', slots: [] }]);
    const zone = within(dialog).getByLabelText('Time zone') as HTMLSelectElement;
    expect(zone.value).toBe('Mars/Olympus'); // a saved zone is shown even when the list lacks it
    fireEvent.change(within(dialog).getByLabelText('Time'), { target: { value: '08:00' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add time' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save posting times' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('"Mars/Olympus" is not a time zone PromoGPT knows; use an IANA name like Europe/Berlin.');
    expect(weekText(week)[0]).toBe('Monday: 08:00');

    fireEvent.change(zone, { target: { value: 'America/New_York' } });
    expect(within(dialog).queryByRole('alert')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save posting times' }));
    // Monday 08:00 in New York is still ahead (it is 07:00 there).
    expect((await within(dialog).findByRole('status')).textContent).toMatch(new RegExp(`^Saved\\. Next free slot: Mon 1 Dec${Y2025}, 08:00 \\(America/New York time\\)\\.$`));
    expect(core.callsTo('queue.set').map((c) => c.timeZone)).toEqual(['Mars/Olympus', 'America/New_York']);
  });
});
