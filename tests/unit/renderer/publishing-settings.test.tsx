// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvergreenPool } from '../../../src-shared/domain';
import { createFakeCore } from './fake-core';
import type { PostSeed } from './fake-posts';
import { fakeScheduleOf } from './fake-schedule';
import { renderApp } from './render-app';

afterEach(cleanup);

const NOW = new Date('2025-12-01T08:00:00.000Z'); // a Monday
const section = async (name: string) => (await screen.findByRole('heading', { level: 2, name })).closest('section') as HTMLElement;
const evergreen = async () => (await screen.findByRole('heading', { level: 3, name: 'Evergreen pool' })).closest('section') as HTMLElement;
const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
/** "Mon 1 Dec, 09:30" in this computer's zone, with the year when it is not this one: written out independently of the app's helper. */
const localWords = (iso: string) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: localZone(), hourCycle: 'h23', year: 'numeric', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  const year = parts.year === String(new Date().getFullYear()) ? '' : ` ${parts.year}`;
  return `${parts.weekday} ${parts.day} ${parts.month}${year}, ${parts.hour}:${parts.minute}`;
};

const POSTS: PostSeed[] = [
  { text: 'Our single-origin Ethiopia is back in the shop.\nGrab a bag before the weekend.', accountIds: ['acct-1'], status: 'scheduled', scheduledAt: '2025-11-20T10:00:00.000Z', state: 'published' },
  { text: 'Latte art class every Saturday at 10 — book a seat at the counter or online, spots are limited to eight people per class, so hurry.', accountIds: ['acct-1'], status: 'scheduled', scheduledAt: '2025-12-05T10:00:00.000Z' },
  { text: 'A draft nobody finished', accountIds: ['acct-1'], status: 'draft' },
];

function coreWithPool(seed: Parameters<typeof createFakeCore>[0] = {}) {
  return createFakeCore({ workspaces: ['Acme Coffee'], accounts: [{ platform: 'bluesky', handle: 'acme.bsky.social' }], posts: POSTS, now: () => NOW, ...seed });
}

async function call<T>(core: ReturnType<typeof createFakeCore>, method: string, input: Record<string, unknown>): Promise<T> {
  const result = await core.transport.invoke(method as never, input as never);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

describe('publishing rules', () => {
  it('shows the saved late window in hours with what it means, and saves both windows', async () => {
    const core = coreWithPool({ publishing: { lateWindowMinutes: 120, duplicateWindowHours: 24 } });
    renderApp(core, { hash: '#/settings' });
    const publishing = await section('Publishing');
    const late = (await within(publishing).findByLabelText('Late window')) as HTMLInputElement;
    expect(late.value).toBe('2');
    expect((within(publishing).getByLabelText('Unit') as HTMLSelectElement).value).toBe('hours');
    expect(
      within(publishing).getByText(
        'If PromoGPT was not running at a post’s time, it still goes out up to 2 h late; later than that it waits for you in the calendar as Needs attention.',
      ),
    ).toBeTruthy();
    const duplicate = within(publishing).getByLabelText('Duplicate guard (hours)') as HTMLInputElement;
    expect(duplicate.value).toBe('24');
    expect(within(publishing).getByText(/0 turns the guard off/)).toBeTruthy();

    // The sentence follows what is typed.
    fireEvent.change(within(publishing).getByLabelText('Unit'), { target: { value: 'minutes' } });
    fireEvent.change(late, { target: { value: '90' } });
    expect(within(publishing).getByText(/still goes out up to 1 h 30 min late/)).toBeTruthy();
    fireEvent.change(duplicate, { target: { value: '0' } });
    fireEvent.click(within(publishing).getByRole('button', { name: 'Save publishing rules' }));

    expect(await within(publishing).findByText('Saved. New posts and the scheduler use these rules from now on.')).toBeTruthy();
    expect(core.callsTo('publishing.updateSettings')).toEqual([{ workspaceId: 'ws-1', lateWindowMinutes: 90, duplicateWindowHours: 0 }]);
    expect(await call(core, 'publishing.getSettings', { workspaceId: 'ws-1' })).toEqual({ lateWindowMinutes: 90, duplicateWindowHours: 0 });
  });

  it('shows the core’s validation errors under the field they belong to', async () => {
    const core = coreWithPool();
    renderApp(core, { hash: '#/settings' });
    const publishing = await section('Publishing');
    const late = await within(publishing).findByLabelText('Late window');
    fireEvent.change(within(publishing).getByLabelText('Unit'), { target: { value: 'hours' } });
    fireEvent.change(late, { target: { value: '200' } });
    fireEvent.change(within(publishing).getByLabelText('Duplicate guard (hours)'), { target: { value: '5000' } });
    fireEvent.click(within(publishing).getByRole('button', { name: 'Save publishing rules' }));

    await waitFor(() => expect(late.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(late.getAttribute('aria-describedby') ?? '')?.textContent).toBe('The late window can be at most 7 days.');
    const duplicate = within(publishing).getByLabelText('Duplicate guard (hours)');
    expect(document.getElementById(duplicate.getAttribute('aria-describedby') ?? '')?.textContent).toBe('The duplicate window can be at most 90 days.');
    expect(core.callsTo('publishing.updateSettings')).toEqual([{ workspaceId: 'ws-1', lateWindowMinutes: 12000, duplicateWindowHours: 5000 }]);
    // Kept what the user typed, and nothing was saved.
    expect((late as HTMLInputElement).value).toBe('200');
    expect(within(publishing).queryByText(/^Saved\./)).toBeNull();

    // Typing again clears the errors.
    fireEvent.change(late, { target: { value: '' } });
    expect(late.getAttribute('aria-invalid')).toBeNull();
    fireEvent.click(within(publishing).getByRole('button', { name: 'Save publishing rules' }));
    expect(await within(publishing).findByText('Enter a number of hours; 0 means never late.')).toBeTruthy();
    expect(core.callsTo('publishing.updateSettings')).toHaveLength(1);
  });
});

describe('evergreen pool', () => {
  it('starts off in this computer’s zone, says how to add posts, and saves a cadence', async () => {
    const core = coreWithPool();
    renderApp(core, { hash: '#/settings' });
    const pool = await evergreen();
    const enabled = (await within(pool).findByLabelText('Post from the evergreen pool')) as HTMLInputElement;
    expect(enabled.checked).toBe(false);
    expect((within(pool).getByLabelText('Every (days)') as HTMLInputElement).value).toBe('1');
    expect((within(pool).getByLabelText('At') as HTMLInputElement).value).toBe('10:00');
    expect((within(pool).getByLabelText('Time zone') as HTMLSelectElement).value).toBe(localZone());
    expect((within(pool).getByLabelText('Minimum gap before a post comes back (days)') as HTMLInputElement).value).toBe('30');
    expect(within(pool).getByText(/open a scheduled or published post in the Calendar and choose “Add to evergreen pool”/)).toBeTruthy();
    expect(within(pool).getByText('The pool is off.')).toBeTruthy();
    expect(within(pool).getByText('No posts in the pool yet.')).toBeTruthy();

    fireEvent.click(enabled);
    fireEvent.change(within(pool).getByLabelText('Every (days)'), { target: { value: '3' } });
    fireEvent.change(within(pool).getByLabelText('At'), { target: { value: '09:30' } });
    fireEvent.change(within(pool).getByLabelText('Time zone'), { target: { value: 'Europe/Berlin' } });
    fireEvent.change(within(pool).getByLabelText('Minimum gap before a post comes back (days)'), { target: { value: '14' } });
    fireEvent.click(within(pool).getByRole('button', { name: 'Save evergreen schedule' }));

    expect(await within(pool).findByText('Saved.')).toBeTruthy();
    expect(core.callsTo('evergreen.configure')).toEqual([{ workspaceId: 'ws-1', enabled: true, everyDays: 3, time: '09:30', timeZone: 'Europe/Berlin', minGapDays: 14 }]);
    expect(within(pool).getByText('The pool is on but empty: the first run comes once a post is in it.')).toBeTruthy();
  });

  it('shows the next run in local words, each post with when it was last queued, and removes one', async () => {
    const core = coreWithPool();
    await call(core, 'evergreen.configure', { workspaceId: 'ws-1', enabled: true, everyDays: 2, time: '09:30', timeZone: 'Europe/Berlin' });
    await call(core, 'evergreen.add', { workspaceId: 'ws-1', postId: 'post-1' });
    const { nextRunAt } = await call<EvergreenPool>(core, 'evergreen.add', { workspaceId: 'ws-1', postId: 'post-2' });
    expect(nextRunAt).toBe('2025-12-01T08:30:00.000Z'); // 09:30 in Berlin, today
    expect(fakeScheduleOf(core.posts).run()).toBe('post-1');

    renderApp(core, { hash: '#/settings' });
    const pool = await evergreen();
    expect(await within(pool).findByText(`Next run: ${localWords('2025-12-01T08:30:00.000Z')}.`)).toBeTruthy();
    const list = within(pool).getByRole('list', { name: 'Posts in the evergreen pool' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('Our single-origin Ethiopia is back in the shop.');
    expect(rows[0]?.textContent).not.toContain('Grab a bag'); // the first line only
    expect(rows[0]?.textContent).toContain(`Last queued ${localWords(NOW.toISOString())}`);
    expect(rows[1]?.textContent).toContain('Not queued yet');
    expect(rows[1]?.textContent).toContain('…');
    expect(rows[1]?.textContent?.length).toBeLessThan(140);

    const remove = within(rows[0] as HTMLElement).getByRole('button', { name: 'Remove' });
    expect(remove.getAttribute('aria-describedby')).toBeTruthy();
    fireEvent.click(remove);
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
    expect(core.callsTo('evergreen.remove')).toEqual([{ workspaceId: 'ws-1', postId: 'post-1' }]);
    expect(within(list).getByRole('listitem').textContent).toContain('Latte art class');

    fireEvent.click(within(list).getByRole('button', { name: 'Remove' }));
    expect(await within(pool).findByText('No posts in the pool yet.')).toBeTruthy();
    expect(within(pool).getByText('The pool is on but empty: the first run comes once a post is in it.')).toBeTruthy();
  });

  it('the fake refuses what the core refuses, in its words', async () => {
    const core = coreWithPool();
    await expect(call(core, 'evergreen.add', { workspaceId: 'ws-1', postId: 'post-3' })).rejects.toThrow(
      'Only a scheduled or published post can go in the evergreen pool; post post-3 is a draft.',
    );
    await expect(call(core, 'evergreen.configure', { workspaceId: 'ws-1', timeZone: 'Mars/Olympus' })).rejects.toThrow(
      '"Mars/Olympus" is not a time zone PromoGPT knows; use an IANA name like Europe/Berlin.',
    );
    await expect(call(core, 'evergreen.configure', { workspaceId: 'ws-1', everyDays: 91 })).rejects.toThrow(/^evergreen\.configure: everyDays: /);
  });
});
