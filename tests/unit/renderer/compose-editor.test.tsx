// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountBox, choose, mainText, openComposer, type } from './compose-helpers';

beforeEach(() => window.localStorage.clear());
afterEach(cleanup);

describe('composer: accounts and live validation', () => {
  it('offers connected accounts and shows a disconnected one disabled with why', async () => {
    openComposer();
    const bluesky = (await accountBox('acme.bsky.social')) as HTMLInputElement;
    expect(bluesky.disabled).toBe(false);
    const old = (await accountBox('old-acme.bsky.social')) as HTMLInputElement;
    expect(old.disabled).toBe(true);
    expect(screen.getByText('Disconnected: reconnect it on the Accounts page to post to it')).toBeTruthy();
  });

  it('counts each network its own way while typing and names platform and rule when over', async () => {
    openComposer();
    await choose('acme.bsky.social');
    await choose('@acmecoffee');
    type(mainText(), 'a'.repeat(290));
    const counters = screen.getByRole('list', { name: 'Length per network' });
    expect(within(counters).getByText('Bluesky 290 / 300 graphemes')).toBeTruthy();
    expect(within(counters).getByText('X 290 / 280 weighted characters').className).toContain('counter--over');
    expect(within(screen.getByRole('list', { name: 'Problems to fix' })).getByText('X: 290 of 280 weighted characters')).toBeTruthy();

    type(mainText(), 'a'.repeat(312));
    expect(screen.getByText('Bluesky: 312 of 300 graphemes')).toBeTruthy();
    expect(within(counters).getByText('Bluesky 312 / 300 graphemes').className).toContain('counter--over');
    // What stands in the way of sending is said next to the button.
    expect(screen.getByText('Fix the problems listed under the text first.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Post now' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('names the reply of a thread that is too long, and warns about media without alt text', async () => {
    openComposer();
    await choose('acme.bsky.social');
    type(mainText(), 'Launch day');
    fireEvent.click(screen.getByRole('button', { name: 'Add a reply' }));
    type(screen.getByLabelText('Reply 1'), 'b'.repeat(301));
    expect(screen.getByText('Bluesky, reply 1: 301 of 300 graphemes')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Add a file by path' }));
    type(screen.getByLabelText('File 1'), '/home/ada/beans.png');
    expect(screen.getByText('Bluesky: image 1 has no alt text')).toBeTruthy();
    type(screen.getByLabelText('Alt text for file 1'), 'A bag of beans');
    expect(screen.queryByText('Bluesky: image 1 has no alt text')).toBeNull();
    const preview = screen.getByRole('article', { name: 'Preview for acme.bsky.social on Bluesky' });
    expect(within(preview).getByText('Image: beans.png')).toBeTruthy();
    expect(within(preview).getByText('Alt: A bag of beans')).toBeTruthy();
  });
});

describe('composer: a version per network', () => {
  it('lets one network get its own text, previewed and sent as that platform’s variant', async () => {
    const { core } = openComposer();
    await choose('acme.bsky.social');
    await choose('@acmecoffee');
    type(mainText(), 'New roast is in: https://acme.example.com/roast');

    fireEvent.click(screen.getByRole('tab', { name: 'X' }));
    const xText = screen.getByLabelText('Text for X') as HTMLTextAreaElement;
    expect(xText.value).toBe('New roast is in: https://acme.example.com/roast');
    type(xText, 'New roast on X');
    expect(screen.getByRole('tab', { name: /X · own version/ })).toBeTruthy();

    const xPreview = screen.getByRole('article', { name: 'Preview for @acmecoffee on X' });
    expect(within(xPreview).getByText('New roast on X')).toBeTruthy();
    const bskyPreview = screen.getByRole('article', { name: 'Preview for acme.bsky.social on Bluesky' });
    // The link is marked as one in the preview.
    expect(within(bskyPreview).getByText('https://acme.example.com/roast').className).toBe('preview__link');

    fireEvent.click(screen.getByRole('button', { name: 'Post now' }));
    await screen.findByText(/Posting now to/);
    const sent = core.callsTo('post.create')[0];
    expect(sent?.text).toBe('New roast is in: https://acme.example.com/roast');
    expect(sent?.variants).toEqual({ x: { text: 'New roast on X' } });
  });

  it('goes back to the main text when asked', async () => {
    openComposer();
    await choose('@acmecoffee');
    type(mainText(), 'Main');
    fireEvent.click(screen.getByRole('tab', { name: 'X' }));
    type(screen.getByLabelText('Text for X'), 'Only for X');
    fireEvent.click(screen.getByRole('button', { name: 'Use the main text for X' }));
    expect((screen.getByLabelText('Text for X') as HTMLTextAreaElement).value).toBe('Main');
    expect(screen.getByRole('tab', { name: 'X' })).toBeTruthy();
  });
});

describe('composer: when', () => {
  it('shows the next three times of a repeating post in the chosen zone', async () => {
    openComposer();
    await choose('acme.bsky.social');
    fireEvent.click(screen.getByRole('radio', { name: 'Repeat' }));
    type(screen.getByLabelText('Starting on'), '2099-03-02');
    type(screen.getByLabelText('Time'), '09:00');
    type(screen.getByLabelText('Time zone'), 'Europe/Berlin');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Monday' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Thursday' }));
    const next = screen.getByRole('list', { name: 'Next posts' });
    expect(within(next).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Mon, 2 Mar 2099, 09:00',
      'Thu, 5 Mar 2099, 09:00',
      'Mon, 9 Mar 2099, 09:00',
    ]);
  });

  it('refuses a time zone it does not know and a time in the past', async () => {
    openComposer();
    await choose('acme.bsky.social');
    type(mainText(), 'Hello');
    fireEvent.click(screen.getByRole('radio', { name: 'At a time' }));
    type(screen.getByLabelText('Time zone'), 'Mars/Olympus');
    expect(screen.getAllByText(/not a time zone PromoGPT knows/).length).toBeGreaterThan(0);
    type(screen.getByLabelText('Time zone'), 'UTC');
    type(screen.getByLabelText('Date'), '2001-01-01');
    expect(screen.getAllByText('2001-01-01 ' + (screen.getByLabelText('Time') as HTMLInputElement).value + ' (UTC) is in the past; choose a later time or post now.').length).toBe(2);
  });

  it('shows each account’s next free queue slot, or that it has none', async () => {
    openComposer({ queues: [{ accountId: 'acct-1', timeZone: 'UTC', slots: [{ weekday: 1, time: '09:00' }] }] });
    await choose('acme.bsky.social');
    await choose('@acmecoffee');
    fireEvent.click(screen.getByRole('radio', { name: 'Next free queue slot' }));
    const slots = screen.getByRole('list', { name: 'Next free slot per account' });
    await waitFor(() => expect(within(slots).getByText(/Mon, .* 09:00 \(UTC\)/)).toBeTruthy());
    expect(within(slots).getByText(/no queue slots set/)).toBeTruthy();
  });
});
