// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeCore } from './fake-core';
import type { AccountSeed } from './fake-accounts';
import { renderApp } from './render-app';

afterEach(cleanup);

const SEEDS: AccountSeed[] = [
  { platform: 'x', handle: '@acmecoffee', displayName: 'Acme Coffee', tokenExpiresAt: '2025-01-04T12:00:00.000Z' },
  { platform: 'mastodon', handle: '@acme@mastodon.social', status: 'needs_reconnect', statusReason: 'the platform refused its sign-in even after a refresh' },
  { platform: 'bluesky', handle: 'acme.bsky.social', displayName: 'Acme ☕', apiBase: 'https://morel.us-east.host.bsky.network' },
  { platform: 'bluesky', handle: 'old-acme.bsky.social', status: 'disconnected' },
];

const accountsList = () => screen.findByRole('list', { name: 'Connected accounts' });
/** An account's row is named by its handle. */
const row = (handle: string) => screen.getByRole('listitem', { name: handle });

describe('accounts list', () => {
  it('lists the workspace’s accounts by platform with handle, name, server and the core’s health line', async () => {
    renderApp(createFakeCore({ workspaces: ['Acme Coffee'], accounts: SEEDS }), { hash: '#/accounts' });
    const list = await accountsList();
    const rows = within(list).getAllByRole('listitem');
    // Bluesky, Mastodon, X: the platforms' own order, handles alphabetically within one.
    expect(rows.map((r) => within(r).getByRole('img').nextSibling?.textContent)).toEqual([
      'Connected',
      'Disconnected',
      'Needs reconnect: the platform refused its sign-in even after a refresh',
      'Connected; sign-in expires in 3 days',
    ]);
    expect(rows.map((r) => within(r).getByRole('img').getAttribute('aria-label'))).toEqual(['OK', 'Off', 'Problem', 'Warning']);

    const bluesky = row('acme.bsky.social');
    expect(within(bluesky).getByText('Acme ☕')).toBeTruthy();
    expect(within(bluesky).getByText('Bluesky')).toBeTruthy();
    expect(within(bluesky).getByText('morel.us-east.host.bsky.network')).toBeTruthy();
    const profile = within(bluesky).getByRole('link', { name: /acme\.bsky\.social/ });
    expect(profile.getAttribute('href')).toBe('https://bsky.app/profile/acme.bsky.social');
    expect(profile.getAttribute('target')).toBe('_blank');
    expect(profile.getAttribute('rel')).toBe('noreferrer');
    expect(within(row('@acmecoffee')).getByText('api.x.com')).toBeTruthy();
  });

  it('offers Reconnect only where the sign-in is gone, and no check for a disconnected account', async () => {
    renderApp(createFakeCore({ workspaces: ['Acme Coffee'], accounts: SEEDS }), { hash: '#/accounts' });
    await accountsList();
    const names = (handle: string) => within(row(handle)).getAllByRole('button').map((b) => b.textContent);
    expect(names('acme.bsky.social')).toEqual(['Check now', 'Posting times', 'Disconnect…']);
    expect(names('@acme@mastodon.social')).toEqual(['Reconnect', 'Check now', 'Posting times', 'Disconnect…']);
    expect(names('old-acme.bsky.social')).toEqual(['Reconnect', 'Disconnect…']);
  });

  it('says what connecting does, and where tokens are kept, when there are no accounts', async () => {
    renderApp(createFakeCore({ workspaces: ['Acme Coffee'] }), { hash: '#/accounts' });
    expect(await screen.findByText('No accounts connected yet')).toBeTruthy();
    expect(screen.getByText(/kept in your system’s keychain/)).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Connected accounts' })).toBeNull();
  });

  it('follows accounts.changed: an account that needs reconnecting shows it at once', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'], accounts: SEEDS.slice(0, 1) });
    renderApp(core, { hash: '#/accounts' });
    await accountsList();
    expect(within(row('@acmecoffee')).queryByRole('button', { name: 'Reconnect' })).toBeNull();
    act(() => {
      core.accounts.needsReconnect('acct-1', 'X revoked the app');
    });
    expect(within(row('@acmecoffee')).getByText('Needs reconnect: X revoked the app')).toBeTruthy();
    expect(within(row('@acmecoffee')).getByRole('button', { name: 'Reconnect' })).toBeTruthy();
  });

  it('loads the accounts of the workspace switched to', async () => {
    const core = createFakeCore({
      workspaces: ['Acme Coffee', 'Birch Yoga'],
      accounts: [SEEDS[2] as AccountSeed, { platform: 'mastodon', handle: '@birch@yoga.social', workspaceId: 'ws-2', apiBase: 'https://yoga.social' }],
    });
    renderApp(core, { hash: '#/accounts' });
    await accountsList();
    expect(row('acme.bsky.social')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Workspace switcher' }));
    fireEvent.click(screen.getByRole('menuitemradio', { name: /Birch Yoga/ }));
    expect(await screen.findByRole('listitem', { name: /@birch@yoga\.social/ })).toBeTruthy();
    expect(screen.queryByRole('listitem', { name: /acme\.bsky\.social/ })).toBeNull();
    expect(core.callsTo('account.list')).toContainEqual({ workspaceId: 'ws-2' });
  });

  it('checks an account now', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'], accounts: SEEDS.slice(2, 3) });
    renderApp(core, { hash: '#/accounts' });
    await accountsList();
    fireEvent.click(within(row('acme.bsky.social')).getByRole('button', { name: 'Check now' }));
    expect(await within(row('acme.bsky.social')).findByText('Checked with Bluesky just now.')).toBeTruthy();
    expect(core.callsTo('account.check')).toEqual([{ workspaceId: 'ws-1', accountId: 'acct-1' }]);
  });

  it('says why the list could not be loaded, and tries again', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'], accounts: SEEDS.slice(2, 3) });
    const invoke = core.transport.invoke.bind(core.transport);
    let refuse = true;
    const message = 'The keychain is locked. Unlock it and try again.';
    core.transport.invoke = async (method, input) =>
      refuse && method === 'account.list' ? { ok: false, error: { name: 'KeychainUnavailable', message } } : invoke(method, input);
    renderApp(core, { hash: '#/accounts' });
    expect((await screen.findByRole('alert')).textContent).toBe(message);
    refuse = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await accountsList()).toBeTruthy();
  });
});

describe('disconnecting', () => {
  it('explains what happens and keeps the history unless asked', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'], accounts: SEEDS.slice(2, 3) });
    renderApp(core, { hash: '#/accounts' });
    await accountsList();
    const opener = within(row('acme.bsky.social')).getByRole('button', { name: 'Disconnect…' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Disconnect acme.bsky.social?' });
    expect(within(dialog).getByText(/revoke its access/)).toBeTruthy();
    expect(within(dialog).getByText(/keychain/)).toBeTruthy();
    const history = within(dialog).getByRole('checkbox', { name: "Also delete this account's posts and metrics history" });
    expect(history).toHaveProperty('checked', false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disconnect' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(core.callsTo('account.remove')).toEqual([{ workspaceId: 'ws-1', accountId: 'acct-1', deleteHistory: false }]);
    expect(within(row('acme.bsky.social')).getByText('Disconnected')).toBeTruthy();
    expect(await screen.findByText('Disconnected acme.bsky.social. Bluesky has revoked PromoGPT’s access.')).toBeTruthy();
    expect(document.activeElement).toBe(opener);
  });

  it('passes deleteHistory when the box is ticked, and the account leaves the list', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'], accounts: SEEDS.slice(1, 3) });
    renderApp(core, { hash: '#/accounts' });
    await accountsList();
    fireEvent.click(within(row('@acme@mastodon.social')).getByRole('button', { name: 'Disconnect…' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: "Also delete this account's posts and metrics history" }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disconnect' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(core.callsTo('account.remove')).toEqual([{ workspaceId: 'ws-1', accountId: 'acct-1', deleteHistory: true }]);
    expect(screen.queryByRole('listitem', { name: /@acme@mastodon\.social/ })).toBeNull();
    const said = await screen.findByText('Disconnected @acme@mastodon.social and deleted its history. Mastodon has revoked PromoGPT’s access.');
    // The row and its button are gone: focus goes to what happened.
    await waitFor(() => expect(document.activeElement).toBe(said));
  });

  it('shows the core’s refusal in the dialog and keeps it open', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'], accounts: SEEDS.slice(2, 3) });
    const message = 'The system keychain is locked, so PromoGPT cannot delete the sign-in. Unlock it and try again.';
    const invoke = core.transport.invoke.bind(core.transport);
    core.transport.invoke = async (method, input) =>
      method === 'account.remove' ? { ok: false, error: { name: 'KeychainUnavailable', message } } : invoke(method, input);
    renderApp(core, { hash: '#/accounts' });
    await accountsList();
    fireEvent.click(within(row('acme.bsky.social')).getByRole('button', { name: 'Disconnect…' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disconnect' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(message);
    expect(screen.getByRole('dialog')).toBe(dialog);
  });
});
