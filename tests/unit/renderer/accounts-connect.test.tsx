// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MockInstance } from 'vitest';
import { createFakeCore } from './fake-core';
import { renderApp } from './render-app';

let open: MockInstance<typeof window.open>;
beforeEach(() => {
  open = vi.spyOn(window, 'open').mockImplementation(() => null);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const connectSection = async () => (await screen.findByRole('heading', { level: 2, name: 'Connect an account' })).closest('section') as HTMLElement;
const choose = async (platform: string) => {
  const section = await connectSection();
  fireEvent.click(within(section).getByRole('radio', { name: platform }));
  return section;
};

describe('connecting Bluesky', () => {
  it('connects with an app password; the account appears and the password is gone', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    const { session } = renderApp(core, { hash: '#/accounts' });
    const section = await connectSection();
    expect(within(section).getByRole('radio', { name: 'Bluesky' })).toHaveProperty('checked', true);
    const server = within(section).getByLabelText('Server') as HTMLInputElement;
    expect(server.value).toBe('https://bsky.social');
    const password = within(section).getByLabelText('App password') as HTMLInputElement;
    expect(password.type).toBe('password');
    expect(password.getAttribute('autocomplete')).toBe('off');
    expect(within(section).getByText(/Settings → Privacy and security → App passwords/)).toBeTruthy();

    fireEvent.change(within(section).getByLabelText('Handle or email'), { target: { value: 'acme.bsky.social' } });
    fireEvent.change(password, { target: { value: 'abcd-efgh-ijkl-mnop' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Connect Bluesky' }));

    expect(await within(section).findByText(/Connected acme\.bsky\.social\./)).toBeTruthy();
    expect(password.value).toBe('');
    expect(core.callsTo('account.connectBluesky')).toEqual([
      { workspaceId: 'ws-1', service: 'https://bsky.social', identifier: 'acme.bsky.social', appPassword: 'abcd-efgh-ijkl-mnop' },
    ]);
    expect(screen.getByRole('listitem', { name: 'acme.bsky.social' })).toBeTruthy();
    // Nothing the window keeps holds the password.
    expect(JSON.stringify(session.accounts.getState())).not.toContain('abcd-efgh-ijkl-mnop');
  });

  it('shows the core’s refusal inline, verbatim, and empties the password field', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/accounts' });
    const section = await connectSection();
    fireEvent.change(within(section).getByLabelText('Handle or email'), { target: { value: 'acme.bsky.social' } });
    const password = within(section).getByLabelText('App password') as HTMLInputElement;
    fireEvent.change(password, { target: { value: 'my main password' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Connect Bluesky' }));

    expect((await within(section).findByRole('alert')).textContent).toBe(
      'Bluesky did not accept that handle and app password. Check both; use an app password from Settings → App passwords, not your main password.',
    );
    expect(password.value).toBe('');
    expect((within(section).getByLabelText('Handle or email') as HTMLInputElement).value).toBe('acme.bsky.social');
    expect(screen.getByText('No accounts connected yet')).toBeTruthy();
  });

  it('asks for what is missing before sending anything', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/accounts' });
    const section = await connectSection();
    fireEvent.click(within(section).getByRole('button', { name: 'Connect Bluesky' }));
    expect(within(section).getAllByRole('alert').map((a) => a.textContent)).toEqual([
      'Enter your handle, for example alice.bsky.social, or the email of the account.',
      'Enter an app password. Create one in Bluesky under Settings → Privacy and security → App passwords.',
    ]);
    expect(within(section).getByLabelText('App password').getAttribute('aria-invalid')).toBe('true');
    expect(core.callsTo('account.connectBluesky')).toEqual([]);
  });

  it('shows the contract’s refusal of a plain-http server, and still empties the password', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/accounts' });
    const section = await connectSection();
    fireEvent.change(within(section).getByLabelText('Server'), { target: { value: 'http://pds.example.com' } });
    fireEvent.change(within(section).getByLabelText('Handle or email'), { target: { value: 'acme.example.com' } });
    fireEvent.change(within(section).getByLabelText('App password'), { target: { value: 'abcd-efgh-ijkl-mnop' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Connect Bluesky' }));
    expect((await within(section).findByRole('alert')).textContent).toBe('must start with https:// (plain http only for servers on this machine)');
    expect((within(section).getByLabelText('App password') as HTMLInputElement).value).toBe('');
  });

  it('reopens the form for a reconnect, filled in with the account’s server and handle', async () => {
    const core = createFakeCore({
      workspaces: ['Acme Coffee'],
      accounts: [{ platform: 'bluesky', handle: 'acme.bsky.social', status: 'needs_reconnect', apiBase: 'https://pds.example.com' }],
    });
    renderApp(core, { hash: '#/accounts' });
    fireEvent.click(await screen.findByRole('button', { name: 'Reconnect' }));
    const section = await connectSection();
    expect((within(section).getByLabelText('Server') as HTMLInputElement).value).toBe('https://pds.example.com');
    expect((within(section).getByLabelText('Handle or email') as HTMLInputElement).value).toBe('acme.bsky.social');
    await waitFor(() => expect(document.activeElement).toBe(within(section).getByLabelText('App password')));
  });
});

describe('connecting Mastodon in the browser', () => {
  it('opens the sign-in page, waits, and finishes when the core says the account is connected', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/accounts' });
    const section = await choose('Mastodon');
    // The https:// may be left out.
    fireEvent.change(within(section).getByLabelText('Instance address'), { target: { value: 'mastodon.social' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Continue in browser' }));

    const waiting = await within(section).findByText('Approve PromoGPT in the browser tab that opened. Waiting…');
    expect(core.callsTo('account.connectStart')).toEqual([{ workspaceId: 'ws-1', platform: 'mastodon', instanceUrl: 'https://mastodon.social' }]);
    const url = 'https://mastodon.social/oauth/authorize?response_type=code&state=attempt-1&redirect_uri=http%3A%2F%2F127.0.0.1%3A49152%2Fcallback';
    expect(open).toHaveBeenCalledWith(url, '_blank', 'noopener');
    expect(document.activeElement).toBe(waiting);
    const again = within(section).getByRole('link', { name: /Open the sign-in page again/ });
    expect(again.getAttribute('href')).toBe(url);
    expect(again.getAttribute('target')).toBe('_blank');

    act(() => {
      core.accounts.finishSignIn('attempt-1', { handle: '@acme@mastodon.social', displayName: 'Acme' });
    });
    expect(within(section).queryByText(/Waiting…/)).toBeNull();
    expect(within(section).getByText(/Connected @acme@mastodon\.social\./)).toBeTruthy();
    expect(screen.getByRole('listitem', { name: '@acme@mastodon.social' })).toBeTruthy();
    expect(document.activeElement).toBe(within(section).getByRole('button', { name: 'Continue in browser' }));
  });

  it('shows how the sign-in failed, in the core’s words', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/accounts' });
    const section = await choose('Mastodon');
    fireEvent.change(within(section).getByLabelText('Instance address'), { target: { value: 'https://mastodon.social' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Continue in browser' }));
    await within(section).findByText(/Waiting…/);

    const message = 'You declined the sign-in at Mastodon, so no account was connected. Start again and allow access to connect it.';
    act(() => {
      core.accounts.finishSignIn('attempt-1', { error: { name: 'PermissionDenied', message } });
    });
    expect(within(section).getByRole('alert').textContent).toBe(message);
    expect(within(section).getByRole('button', { name: 'Continue in browser' })).toBeTruthy();
  });

  it('cancels a sign-in that is waiting', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/accounts' });
    const section = await choose('Mastodon');
    fireEvent.change(within(section).getByLabelText('Instance address'), { target: { value: 'https://mastodon.social' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Continue in browser' }));
    await within(section).findByText(/Waiting…/);

    fireEvent.click(within(section).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(within(section).queryByText(/Waiting…/)).toBeNull());
    expect(core.callsTo('account.connectCancel')).toEqual([{ attemptId: 'attempt-1' }]);
    expect(core.accounts.pendingSignIns).toEqual([]);
    expect((within(section).getByLabelText('Instance address') as HTMLInputElement).value).toBe('https://mastodon.social');
  });

  it('asks for the instance before starting', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/accounts' });
    const section = await choose('Mastodon');
    fireEvent.click(within(section).getByRole('button', { name: 'Continue in browser' }));
    expect(within(section).getByRole('alert').textContent).toBe('Enter the address of your Mastodon server, for example https://mastodon.social.');
    expect(core.callsTo('account.connectStart')).toEqual([]);
    expect(open).not.toHaveBeenCalled();
  });

  it('shows the contract’s refusal of a plain-http address', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/accounts' });
    const section = await choose('Mastodon');
    fireEvent.change(within(section).getByLabelText('Instance address'), { target: { value: 'http://mastodon.social' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Continue in browser' }));
    expect((await within(section).findByRole('alert')).textContent).toBe('must start with https:// (plain http only for servers on this machine)');
    expect(open).not.toHaveBeenCalled();
  });
});

describe('connecting X', () => {
  it('explains the developer app and links to Settings when there is none', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/accounts' });
    const section = await choose('X');
    expect(within(section).getByText(/needs a developer app of your own/)).toBeTruthy();
    expect(within(section).queryByRole('button', { name: 'Continue in browser' })).toBeNull();
    const link = within(section).getByRole('link', { name: 'Set up your X developer app in Settings' });
    expect(link.getAttribute('href')).toBe('#/settings/developer-apps');

    act(() => {
      window.location.hash = '#/settings/developer-apps';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2, name: 'Developer apps' }));
  });

  it('signs in through the saved developer app', async () => {
    const core = createFakeCore({
      workspaces: ['Acme Coffee'],
      credentials: [{ platform: 'x', instance: '', clientId: 'x-client-123', redirectPort: 53682, hasSecret: false }],
    });
    renderApp(core, { hash: '#/accounts' });
    const section = await choose('X');
    expect(within(section).getByText('x-client-123')).toBeTruthy();
    fireEvent.click(within(section).getByRole('button', { name: 'Continue in browser' }));
    await within(section).findByText(/Waiting…/);
    expect(core.callsTo('account.connectStart')).toEqual([{ workspaceId: 'ws-1', platform: 'x' }]);
    expect(open).toHaveBeenCalledWith('https://x.com/i/oauth2/authorize?client_id=x-client-123&state=attempt-1', '_blank', 'noopener');

    act(() => {
      core.accounts.finishSignIn('attempt-1', { handle: '@acmecoffee' });
    });
    expect(screen.getByRole('listitem', { name: '@acmecoffee' })).toBeTruthy();
  });
});
