// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PostSeed } from './fake-posts';
import { dayCell, findEntry, freezeMachine, hourSlot, openCalendar, thawMachine } from './calendar-fixtures';

beforeEach(() => freezeMachine());
afterEach(() => {
  cleanup();
  thawMachine();
});

const MARCH: PostSeed[] = [
  { text: 'Fresh beans today', accountIds: ['acct-1', 'acct-2'], scheduledAt: '2026-03-12T08:00:00.000Z', timeZone: 'Europe/Berlin' },
  { text: 'Spring menu is live', accountIds: ['acct-1'], scheduledAt: '2026-03-03T17:00:00.000Z', state: 'published' },
  { text: 'Latte art class', accountIds: ['acct-3'], scheduledAt: '2026-03-05T09:15:00.000Z', state: 'failed', message: 'Mastodon refused the post: it is longer than 500 characters. Shorten it, then retry.' },
  { text: 'Draft idea', status: 'draft' },
  { text: 'Another draft', status: 'draft' },
];

describe('calendar month view', () => {
  it('puts each (post, account) on its day in this machine’s zone, coloured and named by status', async () => {
    openCalendar(MARCH);
    expect(await screen.findByRole('heading', { level: 1, name: 'Calendar' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'March 2026' })).toBeTruthy();
    expect(screen.getByText('Europe/Berlin')).toBeTruthy();

    const thursday = dayCell('2026-03-12');
    await waitFor(() => expect(within(thursday).getAllByRole('button', { name: /Fresh beans today/ })).toHaveLength(2));
    const chips = within(thursday).getAllByRole('button', { name: /Fresh beans today/ });
    expect(chips.map((c) => c.getAttribute('aria-label'))).toEqual([
      '09:00, Scheduled, @acmecoffee on X: Fresh beans today',
      '09:00, Scheduled, acme.bsky.social on Bluesky: Fresh beans today',
    ]);
    expect(chips[0]?.className).toContain('entry--scheduled');
    // 17:00 UTC is 18:00 in Berlin (winter time).
    expect(within(dayCell('2026-03-03')).getByRole('button', { name: /^18:00, Published, acme\.bsky\.social/ }).className).toContain('entry--published');
    expect(within(dayCell('2026-03-05')).getByRole('button', { name: /^10:15, Failed, @acme@mastodon\.social/ })).toBeTruthy();
    // Only what has not gone out can be dragged.
    expect(chips[0]?.getAttribute('draggable')).toBe('true');
    expect(within(dayCell('2026-03-03')).getByRole('button', { name: /Spring menu/ }).getAttribute('draggable')).toBe('false');
  });

  it('names every colour in a legend, and counts drafts with a link to Compose', async () => {
    openCalendar(MARCH);
    const legend = await screen.findByRole('list', { name: 'Status colours' });
    expect(within(legend).getAllByRole('listitem').map((li) => li.textContent?.replace(/\d+$/, '').replace(/^\W+/, ''))).toEqual([
      'Draft',
      'Scheduled',
      'Publishing',
      'Published',
      'Failed',
      'Needs attention',
    ]);
    const drafts = await screen.findByRole('link', { name: 'Drafts (2)' });
    expect(drafts.getAttribute('href')).toBe('#/compose');
  });

  it('shows three posts a day, then "+N more" that opens the whole day', async () => {
    const busy: PostSeed[] = Array.from({ length: 15 }, (_, i) => ({
      text: `Post number ${i + 1}`,
      accountIds: ['acct-1'],
      scheduledAt: `2026-03-20T${String(6 + i).padStart(2, '0')}:00:00.000Z`,
    }));
    openCalendar(busy);
    const more = await screen.findByRole('button', { name: '+12 more on Friday 20 March' });
    expect(within(dayCell('2026-03-20')).getAllByRole('button', { name: /Post number/ })).toHaveLength(3);
    fireEvent.click(more);
    const dialog = screen.getByRole('dialog', { name: 'Friday 20 March' });
    expect(within(dialog).getAllByRole('button', { name: /Post number/ })).toHaveLength(15);
  });

  it('moves by month and comes back to today', async () => {
    const { core } = openCalendar(MARCH);
    await screen.findByRole('heading', { level: 2, name: 'March 2026' });
    fireEvent.click(screen.getByRole('button', { name: 'Next month' }));
    expect(screen.getByRole('heading', { level: 2, name: 'April 2026' })).toBeTruthy();
    await waitFor(() => expect(core.callsTo('post.list').at(-1)).toMatchObject({ from: '2026-03-29T22:00:00.000Z', to: '2026-05-03T21:59:59.999Z', limit: 10000 }));
    expect(await screen.findByText('Nothing scheduled in April 2026')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Today' }));
    expect(screen.getByRole('heading', { level: 2, name: 'March 2026' })).toBeTruthy();
  });

  it('says so when nothing is scheduled, with a link to Compose', async () => {
    openCalendar([]);
    const empty = (await screen.findByText('Nothing scheduled in March 2026')).parentElement as HTMLElement;
    expect(within(empty).getByRole('link', { name: 'Compose' }).getAttribute('href')).toBe('#/compose');
  });
});

describe('calendar filters', () => {
  it('narrows by account, platform and status on the client, and clears', async () => {
    const { core } = openCalendar(MARCH);
    await findEntry('09:00, Scheduled, @acmecoffee');
    const thursday = dayCell('2026-03-12');
    await waitFor(() => expect(within(thursday).getAllByRole('button', { name: /Fresh beans/ })).toHaveLength(2));
    const lists = core.callsTo('post.list').length;

    fireEvent.change(screen.getByLabelText('Platform'), { target: { value: 'x' } });
    expect(within(thursday).getAllByRole('button', { name: /Fresh beans/ }).map((b) => b.getAttribute('aria-label'))).toEqual([
      '09:00, Scheduled, @acmecoffee on X: Fresh beans today',
    ]);
    expect(within(dayCell('2026-03-03')).queryByRole('button', { name: /Spring menu/ })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    expect(within(thursday).queryByRole('button', { name: /Fresh beans/ })).toBeNull();
    expect(within(dayCell('2026-03-05')).getByRole('button', { name: /Latte art/ })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    fireEvent.click(screen.getByLabelText('acme.bsky.social (Bluesky)'));
    expect(within(thursday).getAllByRole('button', { name: /Fresh beans/ }).map((b) => b.getAttribute('aria-label'))).toEqual([
      '09:00, Scheduled, acme.bsky.social on Bluesky: Fresh beans today',
    ]);
    expect(screen.getByText('1 of 3 accounts')).toBeTruthy();
    // Filtering never asks the core again.
    expect(core.callsTo('post.list')).toHaveLength(lists);
  });

  it('says when no post matches', async () => {
    openCalendar(MARCH);
    await findEntry('09:00, Scheduled, @acmecoffee');
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'needs_attention' } });
    expect(screen.getByText('No posts match these filters')).toBeTruthy();
  });
});

describe('calendar week view', () => {
  it('places each post in the hour it goes out, by day', async () => {
    const { core } = openCalendar(MARCH);
    await findEntry('09:00, Scheduled, @acmecoffee');
    fireEvent.click(screen.getByRole('button', { name: 'Week' }));
    expect(screen.getByRole('heading', { level: 2, name: '9 – 15 March 2026' })).toBeTruthy();
    await waitFor(() => expect(core.callsTo('post.list').at(-1)).toMatchObject({ from: '2026-03-08T23:00:00.000Z', to: '2026-03-15T22:59:59.999Z' }));
    await waitFor(() => expect(within(hourSlot('2026-03-12 09:00')).getAllByRole('button', { name: /Fresh beans/ })).toHaveLength(2));
    expect(within(hourSlot('2026-03-12 08:00')).queryAllByRole('button')).toEqual([]);
    expect(screen.queryByRole('button', { name: /Spring menu/ })).toBeNull(); // 3 March is last week
  });
});

describe('calendar list view', () => {
  it('draws only a window of 10,000 posts, and follows the scroll', async () => {
    const many: PostSeed[] = Array.from({ length: 10_000 }, (_, i) => ({
      text: `Bulk post ${i + 1}`,
      accountIds: ['acct-1'],
      scheduledAt: new Date(Date.parse('2026-03-01T00:00:00.000Z') + i * 4 * 60_000).toISOString(),
    }));
    openCalendar(many);
    fireEvent.click(await screen.findByRole('button', { name: 'List' }));
    const list = await screen.findByRole('list', { name: 'Posts in March 2026' }, { timeout: 10_000 });
    await waitFor(() => expect(Number(within(list).getAllByRole('listitem')[0]?.getAttribute('aria-setsize'))).toBeGreaterThan(10_000));
    const rows = within(list).getAllByRole('listitem');
    expect(rows.length).toBeLessThan(40);
    expect(rows[0]?.textContent).toContain('Sunday 1 March');
    expect(within(list).getByRole('button', { name: /^01:00, Scheduled, acme\.bsky\.social on Bluesky: Bulk post 1$/ })).toBeTruthy();

    const viewport = list.parentElement as HTMLElement;
    fireEvent.scroll(viewport, { target: { scrollTop: 44 * 5000 } });
    const after = within(list).getAllByRole('listitem');
    expect(after.length).toBeLessThan(40);
    expect(Number(after[0]?.getAttribute('aria-posinset'))).toBeGreaterThan(4900);
    expect(within(list).queryByRole('button', { name: /Bulk post 1$/ })).toBeNull();
  }, 30_000);
});

describe('calendar and pushed changes', () => {
  it('shows a post scheduled elsewhere (posts.changed) without a reload of the month', async () => {
    const { core } = openCalendar(MARCH);
    await findEntry('09:00, Scheduled, @acmecoffee');
    const lists = core.callsTo('post.list').filter((c) => c.from).length;
    act(() => {
      core.posts.add({ text: 'From the CLI', accountIds: ['acct-2'], scheduledAt: '2026-03-25T11:00:00.000Z' });
    });
    expect(await within(dayCell('2026-03-25')).findByRole('button', { name: /From the CLI/ })).toBeTruthy();
    expect(core.callsTo('post.get')).toContainEqual(expect.objectContaining({ postId: expect.any(String) }));
    expect(core.callsTo('post.list').filter((c) => c.from)).toHaveLength(lists);
  });
});
