// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { findEntry, freezeMachine, openCalendar, thawMachine } from './calendar-fixtures';

beforeEach(() => freezeMachine());
afterEach(() => {
  cleanup();
  thawMachine();
});

const FAILED = 'Mastodon refused the post: it is longer than 500 characters. Shorten it to 500, then retry.';

const open = async (start: string) => {
  fireEvent.click(await findEntry(start));
  return screen.getByRole('dialog');
};
const targetItem = (dialog: HTMLElement, handle: string) => within(dialog).getByRole('listitem', { name: new RegExp(`^${handle.replace(/[.@]/g, '\\$&')} on`) });

describe('post detail', () => {
  it('shows the text, the time in this zone and the post’s own, and every account’s state', async () => {
    openCalendar([
      { text: 'Brunch in Brooklyn\nall day', accountIds: ['acct-1', 'acct-2'], scheduledAt: '2026-03-13T14:45:00.000Z', timeZone: 'America/New_York' },
    ]);
    const dialog = await open('15:45, Scheduled, @acmecoffee');
    expect(within(dialog).getByRole('heading', { name: 'Post for Friday 13 March 2026, 15:45' })).toBeTruthy();
    expect(within(dialog).getByText(/Brunch in Brooklyn/).textContent).toBe('Brunch in Brooklyn\nall day');
    expect(within(dialog).getByText('Friday 13 March 2026, 15:45 (Europe/Berlin); scheduled as 2026-03-13 10:45 in America/New_York')).toBeTruthy();
    expect(within(targetItem(dialog, 'acme.bsky.social')).getByText('Scheduled')).toBeTruthy();
    expect(within(targetItem(dialog, '@acmecoffee')).getByText('X')).toBeTruthy();
    expect(within(dialog).getAllByText('No attempts yet.')).toHaveLength(2);
  });

  it('says why a post failed in one sentence and retries it in one click', async () => {
    const { core } = openCalendar([
      {
        text: 'Latte art class',
        accountIds: ['acct-3'],
        scheduledAt: '2026-03-10T09:15:00.000Z',
        state: 'failed',
        message: FAILED,
        outcome: {
          action: 'retry',
          attempts: [{ startedAt: '2026-03-10T09:15:00.000Z', endedAt: '2026-03-10T09:15:02.000Z', outcome: 'failed', errorMessage: 'Text too long (612 of 500 characters).' }],
        },
      },
    ]);
    const dialog = await open('10:15, Failed, @acme@mastodon.social');
    const item = targetItem(dialog, '@acme@mastodon.social');
    expect(within(item).getByText('Failed')).toBeTruthy();
    expect(within(item).getByText(FAILED)).toBeTruthy();
    const table = within(item).getByRole('table', { name: 'Attempts for @acme@mastodon.social' });
    expect(within(table).getAllByRole('row').map((r) => Array.from(r.children).map((c) => c.textContent))).toEqual([
      ['Started', 'Ended', 'Outcome', 'Error'],
      ['10 March 2026, 10:15', '10 March 2026, 10:15', 'failed', 'Text too long (612 of 500 characters).'],
    ]);

    fireEvent.click(within(item).getByRole('button', { name: 'Retry' }));
    expect(await within(dialog).findByText('Back in the queue: PromoGPT posts it to @acme@mastodon.social now.')).toBeTruthy();
    expect(core.callsTo('post.retryTarget')).toEqual([{ workspaceId: 'ws-1', targetId: 'tgt-1' }]);
    expect(within(targetItem(dialog, '@acme@mastodon.social')).getByText('Scheduled')).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('offers no retry where the message says what to do instead (shorten, wait, reconnect)', async () => {
    openCalendar([
      { text: 'Too long', accountIds: ['acct-1'], scheduledAt: '2026-03-11T09:00:00.000Z', state: 'failed', message: 'Bluesky takes 300 characters; this has 412. Shorten it, then retry.', outcome: { action: 'shorten' } },
      { text: 'Signed out', accountIds: ['acct-2'], scheduledAt: '2026-03-11T10:00:00.000Z', state: 'needs_attention', message: 'Reconnect @acmecoffee on the Accounts page, then retry.', outcome: { action: 'reconnect' } },
    ]);
    let dialog = await open('10:00, Failed, acme.bsky.social');
    expect(within(dialog).getByText(/Shorten it, then retry\./)).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Retry' })).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));

    dialog = await open('11:00, Needs attention, @acmecoffee');
    expect(within(dialog).getByRole('link', { name: 'Reconnect @acmecoffee' }).getAttribute('href')).toBe('#/accounts');
    expect(within(dialog).queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('links a published post to the live post on the platform', async () => {
    openCalendar([
      {
        text: 'Spring menu is live',
        accountIds: ['acct-1'],
        scheduledAt: '2026-03-03T17:00:00.000Z',
        state: 'published',
        outcome: {
          remoteUrl: 'https://bsky.app/profile/acme.bsky.social/post/3kabc',
          publishedAt: '2026-03-03T17:00:04.000Z',
          attempts: [{ startedAt: '2026-03-03T17:00:00.000Z', endedAt: '2026-03-03T17:00:04.000Z', outcome: 'published', errorMessage: null }],
        },
      },
    ]);
    const dialog = await open('18:00, Published, acme.bsky.social');
    const link = within(dialog).getByRole('link', { name: /View on Bluesky/ });
    expect(link.getAttribute('href')).toBe('https://bsky.app/profile/acme.bsky.social/post/3kabc');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(within(dialog).getByText('Published Tuesday 3 March 2026, 18:00.')).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Move…' })).toBeNull();
    expect(within(dialog).queryByRole('button', { name: 'Cancel post…' })).toBeNull();
  });

  it('checks on the platform when the outcome is unknown, and says what came of it', async () => {
    const { core } = openCalendar([
      {
        text: 'Did it go out?',
        accountIds: ['acct-1'],
        scheduledAt: '2026-03-10T08:00:00.000Z',
        state: 'needs_attention',
        message: 'The connection dropped while Bluesky was creating this post: it may or may not be there. Check on Bluesky.',
      },
    ]);
    const dialog = await open('09:00, Needs attention, acme.bsky.social');
    expect(within(dialog).getByText(/it may or may not be there/)).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Retry' })).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Check on Bluesky' }));
    expect(await within(dialog).findByText('It is not on Bluesky, so posting it cannot make a copy: PromoGPT posts it now.')).toBeTruthy();
    expect(core.callsTo('post.checkTarget')).toEqual([{ workspaceId: 'ws-1', targetId: 'tgt-1' }]);
  });

  it('offers "post anyway" only once the core says it cannot tell, and sends the confirmation', async () => {
    const { core } = openCalendar([
      {
        text: 'Still unsure',
        accountIds: ['acct-1'],
        scheduledAt: '2026-03-10T08:00:00.000Z',
        state: 'needs_attention',
        message: 'PromoGPT could not tell whether Bluesky has this post. Look for it there; retry only if it is not there.',
        outcome: { action: 'retry' },
      },
    ]);
    const dialog = await open('09:00, Needs attention, acme.bsky.social');
    expect(within(dialog).queryByRole('button', { name: /post anyway/ })).toBeNull();
    const unsure = 'Bluesky may already have the post: check on Bluesky first, so it is not posted twice (or confirm that it is not there).';
    core.posts.failNext('post.retryTarget', new AppError('ValidationError', unsure, { reason: 'outcome_unknown', part: 0 }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry' }));
    expect(await within(dialog).findByText(unsure)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'It is not on Bluesky: post anyway' }));
    await waitFor(() => expect(core.callsTo('post.retryTarget').at(-1)).toEqual({ workspaceId: 'ws-1', targetId: 'tgt-1', confirmNotPosted: true }));
    expect(await within(dialog).findByText('Back in the queue: PromoGPT posts it to acme.bsky.social now.')).toBeTruthy();
  });

  it('cancels a scheduled post after asking', async () => {
    const { core } = openCalendar([{ text: 'Maybe not', accountIds: ['acct-1'], scheduledAt: '2026-03-12T08:00:00.000Z' }]);
    const dialog = await open('09:00, Scheduled, acme.bsky.social');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel post…' }));
    expect(within(dialog).getByText(/What has not gone out will not be posted/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel post' }));
    await waitFor(() => expect(core.callsTo('post.cancel')).toEqual([{ workspaceId: 'ws-1', postId: 'post-1' }]));
    expect(await within(dialog).findByText(/^Cancelled: what had not gone out will not/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    // Cancelled posts leave the calendar unless asked for.
    await waitFor(() => expect(screen.queryByRole('button', { name: /Maybe not/ })).toBeNull());
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'cancelled' } });
    expect(screen.getByRole('button', { name: /^09:00, Cancelled, acme\.bsky\.social/ })).toBeTruthy();
  });

  it('names the series an occurrence belongs to', async () => {
    openCalendar([
      { text: 'Monday tips', status: 'recurring', recurrence: { every: 1, unit: 'week', weekdays: [1, 4] }, timeZone: 'Europe/Berlin' },
      { text: 'Monday tips', accountIds: ['acct-1'], scheduledAt: '2026-03-16T08:00:00.000Z', timeZone: 'Europe/Berlin', seriesId: 'post-1' },
    ]);
    const dialog = await open('09:00, Scheduled, acme.bsky.social');
    expect(await within(dialog).findByText(/Repeats every week on Monday and Thursday\./)).toBeTruthy();
    expect(within(dialog).getByText(/One occurrence of a repeating post/)).toBeTruthy();
  });
});

describe('evergreen from the post detail', () => {
  it('adds a scheduled post to the evergreen pool and takes it out again', async () => {
    const { core } = openCalendar([{ text: 'Our best tips', accountIds: ['acct-3'], scheduledAt: '2026-03-10T09:15:00.000Z' }]);
    const dialog = await open('10:15, Scheduled, @acme@mastodon.social');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add to evergreen pool' }));
    expect(await within(dialog).findByText('In the evergreen pool: PromoGPT posts it again from time to time.')).toBeTruthy();
    expect(core.calls.filter((c) => c.method === 'evergreen.add')).toHaveLength(1);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove from evergreen pool' }));
    await waitFor(() => expect(within(dialog).queryByText(/In the evergreen pool/)).toBeNull());
  });
});

describe('per-account versions', () => {
  it('shows the text an account publishes when it has its own version', async () => {
    openCalendar([{ text: 'The long version for everyone', accountIds: ['acct-1', 'acct-3'], scheduledAt: '2026-03-10T09:15:00.000Z', variants: { bluesky: { text: 'Short for Bluesky' } } }]);
    const dialog = await open('10:15, Scheduled, @acme@mastodon.social');
    expect(within(targetItem(dialog, 'acme.bsky.social')).getByText('Its own version: Short for Bluesky')).toBeTruthy();
    expect(within(targetItem(dialog, '@acme@mastodon.social')).queryByText(/Its own version/)).toBeNull();
  });
});
