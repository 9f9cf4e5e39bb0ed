// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { choose, localCopy, mainText, openComposer, type } from './compose-helpers';

beforeEach(() => window.localStorage.clear());
afterEach(cleanup);

const SAVE_WAIT = { timeout: 4000 };
const inAnHour = () => new Date(Date.now() + 60 * 60_000).toISOString();

describe('composer: autosave', () => {
  it('keeps every change on this device at once and saves a draft to the core after a pause', async () => {
    const { core } = openComposer();
    await choose('acme.bsky.social');
    type(mainText(), 'Fresh beans today');
    expect(localCopy()?.draft.text).toBe('Fresh beans today');
    expect(localCopy()?.dirty).toBe(true);
    expect(core.callsTo('post.saveDraft')).toHaveLength(0);

    await waitFor(() => expect(screen.getByText(/^Saved as draft · \d\d:\d\d$/)).toBeTruthy(), SAVE_WAIT);
    const saved = core.callsTo('post.saveDraft');
    expect(saved).toHaveLength(1);
    expect(saved[0]?.draft).toMatchObject({ text: 'Fresh beans today', accountIds: ['acct-1'] });
    expect(core.posts.postsOf()).toMatchObject([{ status: 'draft', text: 'Fresh beans today' }]);
    expect(localCopy()).toMatchObject({ draftId: 'post-1', dirty: false });

    // Further edits update the same draft.
    type(mainText(), 'Fresh beans today!');
    await waitFor(() => expect(core.callsTo('post.saveDraft')).toHaveLength(2), SAVE_WAIT);
    expect(core.callsTo('post.saveDraft')[1]?.draftId).toBe('post-1');
    const drafts = screen.getByRole('list', { name: 'Saved drafts' });
    await waitFor(() => expect(within(drafts).getByText('Fresh beans today!')).toBeTruthy());
  });

  it('brings back what was typed after a crash, before the core ever saved it', async () => {
    const first = openComposer();
    await choose('acme.bsky.social');
    type(mainText(), 'Half a thought');
    // The window goes away before the autosave delay: nothing reached the core through the timer.
    first.unmount();
    cleanup();

    openComposer();
    await waitFor(() => expect(mainText().value).toBe('Half a thought'));
    expect(((await screen.findByRole('checkbox', { name: /(^| )acme\.bsky\.social$/ })) as HTMLInputElement).checked).toBe(true);
  });

  it('says the draft was not saved, and keeps the text, when saveDraft fails', async () => {
    const { core } = openComposer();
    core.posts.failNext('post.saveDraft', new AppError('Internal', 'The workspace database is busy.'));
    await choose('acme.bsky.social');
    type(mainText(), 'Do not lose me');
    await waitFor(() => expect(screen.getByText('Not saved: The workspace database is busy. — your text is kept on this device')).toBeTruthy(), SAVE_WAIT);
    expect(mainText().value).toBe('Do not lose me');
    expect(localCopy()).toMatchObject({ draft: { text: 'Do not lose me' }, dirty: true, draftId: null });

    // The next edit saves again, and this time it works.
    type(mainText(), 'Do not lose me, please');
    await waitFor(() => expect(screen.getByText(/^Saved as draft/)).toBeTruthy(), SAVE_WAIT);
  });

  it('opens a saved draft from the Drafts list and from #/compose?draft=', async () => {
    const seeded = { posts: [{ text: 'Draft about the cold brew', status: 'draft' as const, accountIds: ['acct-3'] }] };
    openComposer(seeded);
    const drafts = await screen.findByRole('list', { name: 'Saved drafts' });
    fireEvent.click(within(drafts).getByRole('button', { name: 'Open draft: Draft about the cold brew' }));
    await waitFor(() => expect(mainText().value).toBe('Draft about the cold brew'));
    cleanup();
    window.localStorage.clear();

    openComposer({ ...seeded, hash: '#/compose?draft=post-1' });
    await waitFor(() => expect(mainText().value).toBe('Draft about the cold brew'));
    expect(((await screen.findByRole('checkbox', { name: /@acmecoffee$/ })) as HTMLInputElement).checked).toBe(true);
  });
});

describe('composer: the When of a draft', () => {
  it('is saved with the draft and comes back when the draft is opened on a fresh device', async () => {
    const { core } = openComposer();
    await choose('@acmecoffee');
    fireEvent.click(screen.getByRole('radio', { name: 'At a time' }));
    type(screen.getByLabelText('Date'), '2099-03-02');
    type(screen.getByLabelText('Time'), '09:30');
    type(screen.getByLabelText('Time zone'), 'America/New_York');
    type(mainText(), 'See you Monday');
    await waitFor(() => expect(core.callsTo('post.saveDraft')).toHaveLength(1), SAVE_WAIT);
    expect(core.callsTo('post.saveDraft')[0]?.draft).toMatchObject({ text: 'See you Monday', when: { kind: 'at', date: '2099-03-02', time: '09:30', timeZone: 'America/New_York' } });
    const [saved] = core.posts.postsOf();
    cleanup();
    window.localStorage.clear();

    openComposer({ posts: [{ text: 'See you Monday', status: 'draft', accountIds: ['acct-3'], draft: saved?.draft ?? undefined }], hash: '#/compose?draft=post-1' });
    await waitFor(() => expect(mainText().value).toBe('See you Monday'));
    expect((screen.getByRole('radio', { name: 'At a time' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Date') as HTMLInputElement).value).toBe('2099-03-02');
    expect((screen.getByLabelText('Time zone') as HTMLInputElement).value).toBe('America/New_York');
  });
});

describe('composer: scheduling', () => {
  it('clears the composer and this device’s copy once the post is scheduled, and links to the calendar', async () => {
    const { core } = openComposer();
    await choose('acme.bsky.social');
    type(mainText(), 'Going out now');
    await waitFor(() => expect(screen.getByText(/^Saved as draft/)).toBeTruthy(), SAVE_WAIT);

    fireEvent.click(screen.getByRole('button', { name: 'Post now' }));
    const done = await screen.findByText(/Posting now to acme\.bsky\.social\./);
    expect(within(done).getByRole('link', { name: 'See it in the calendar' }).getAttribute('href')).toBe('#/calendar');
    expect(core.callsTo('post.create')[0]).toMatchObject({ accountIds: ['acct-1'], text: 'Going out now', when: { kind: 'now' }, draftId: 'post-1' });
    expect(mainText().value).toBe('');
    expect(localCopy()).toBeNull();
    // The draft became the post: no copy is left in the drafts.
    expect(core.posts.postsOf().map((p) => p.status)).toEqual(['scheduled']);
  });

  it('keeps everything when post.create fails, and shows the core’s message', async () => {
    const { core } = openComposer();
    await choose('acme.bsky.social');
    type(mainText(), 'This must survive');
    core.posts.failNext('post.create', new AppError('ValidationError', 'acme.bsky.social is waiting to be reconnected: reconnect it on the Accounts page first.'));
    fireEvent.click(screen.getByRole('button', { name: 'Post now' }));
    expect(
      await screen.findByText('Not scheduled: acme.bsky.social is waiting to be reconnected: reconnect it on the Accounts page first. Your post is still here.'),
    ).toBeTruthy();
    expect(mainText().value).toBe('This must survive');
    expect(localCopy()?.draft.text).toBe('This must survive');
    expect(core.posts.postsOf().filter((p) => p.status !== 'draft')).toHaveLength(0);
  });

  it('schedules at a time in the chosen zone with Ctrl+Enter', async () => {
    const { core } = openComposer();
    await choose('@acmecoffee');
    type(mainText(), 'See you Monday');
    fireEvent.click(screen.getByRole('radio', { name: 'At a time' }));
    type(screen.getByLabelText('Date'), '2099-03-02');
    type(screen.getByLabelText('Time'), '09:30');
    type(screen.getByLabelText('Time zone'), 'America/New_York');
    fireEvent.keyDown(mainText(), { key: 'Enter', ctrlKey: true });
    expect(await screen.findByText(/Scheduled for Mon, 2 Mar 2099, 09:30 \(America\/New_York\) to @acmecoffee\./)).toBeTruthy();
    expect(core.callsTo('post.create')[0]?.when).toEqual({ kind: 'at', at: '2099-03-02 09:30', timeZone: 'America/New_York' });
  });

  it('Ctrl+Enter sends nothing while the button is blocked: a text too long for Bluesky stays here', async () => {
    const { core } = openComposer();
    await choose('acme.bsky.social');
    type(mainText(), 'x'.repeat(301));
    expect(screen.getByRole('list', { name: 'Before you can send' }).textContent).toContain('Fix the problems listed under the text first.');
    fireEvent.keyDown(mainText(), { key: 'Enter', ctrlKey: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(core.callsTo('post.create')).toHaveLength(0);
    expect(mainText().value).toHaveLength(301);
  });

  it('warns about the same text going to the same account close in time, and sends only on “Schedule anyway”', async () => {
    const { core } = openComposer({ posts: [{ text: 'Fresh beans today', accountIds: ['acct-1'], scheduledAt: inAnHour() }] });
    await choose('acme.bsky.social');
    type(mainText(), 'fresh beans   today');
    const warning = await screen.findByRole('group', { name: 'Possible duplicates' }, SAVE_WAIT);
    expect(within(warning).getByText(/^Same text already scheduled to acme\.bsky\.social for .+ \((59|60) min|1 h apart\)$/)).toBeTruthy();
    expect(core.callsTo('post.checkDuplicates').at(-1)).toMatchObject({ accountIds: ['acct-1'], text: 'fresh beans   today' });
    expect(screen.queryByRole('button', { name: 'Post now' })).toBeNull();
    // One ask per change, not a poll.
    const asked = core.callsTo('post.checkDuplicates').length;
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(core.callsTo('post.checkDuplicates')).toHaveLength(asked);

    // Ctrl+Enter does not get past the guard: the core refuses and says why.
    fireEvent.keyDown(mainText(), { key: 'Enter', ctrlKey: true });
    expect(await screen.findByText(/^Not scheduled: The same text is already scheduled to acme\.bsky\.social/)).toBeTruthy();
    expect(core.posts.postsOf().filter((p) => p.status === 'scheduled')).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Schedule anyway' }));
    await screen.findByText(/Posting now to acme\.bsky\.social\./);
    expect(core.callsTo('post.create').at(-1)?.allowDuplicate).toBe(true);
    expect(core.posts.postsOf().filter((p) => p.status === 'scheduled')).toHaveLength(2);
  });
});
