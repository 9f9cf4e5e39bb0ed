// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeCore } from './fake-core';
import { renderApp } from './render-app';

afterEach(cleanup);

const appsSection = async () => (await screen.findByRole('heading', { level: 2, name: 'Developer apps' })).closest('section') as HTMLElement;
const region = (section: HTMLElement, name: string) => within(section).getByRole('region', { name });

describe('developer apps', () => {
  it('saves the X Client ID and redirect port, showing the callback URI as the port is typed', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/settings' });
    const x = region(await appsSection(), 'X');
    await within(x).findByLabelText('Client ID');
    expect(within(x).getByText('http://127.0.0.1:PORT/callback')).toBeTruthy();
    expect(within(x).queryByRole('button', { name: 'Remove' })).toBeNull();

    fireEvent.change(within(x).getByLabelText('Client ID'), { target: { value: '  x-client-123 ' } });
    fireEvent.change(within(x).getByLabelText('Redirect port'), { target: { value: '5368' } });
    expect(within(x).getByText('http://127.0.0.1:5368/callback')).toBeTruthy();
    fireEvent.change(within(x).getByLabelText('Redirect port'), { target: { value: '53682' } });
    expect(within(x).getByText('http://127.0.0.1:53682/callback')).toBeTruthy();

    fireEvent.click(within(x).getByRole('button', { name: 'Save' }));
    expect(await within(x).findByText('Saved. X sign-ins in this workspace now use this app.')).toBeTruthy();
    expect(core.callsTo('credentials.set')).toEqual([{ workspaceId: 'ws-1', platform: 'x', clientId: 'x-client-123', redirectPort: 53682 }]);
    expect(core.accounts.credentialsOf('ws-1')).toEqual([{ platform: 'x', instance: '', clientId: 'x-client-123', redirectPort: 53682, hasSecret: false }]);
    expect(within(x).getByRole('button', { name: 'Remove' })).toBeTruthy();
  });

  it('says what is missing before saving', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/settings' });
    const x = region(await appsSection(), 'X');
    fireEvent.change(await within(x).findByLabelText('Redirect port'), { target: { value: '80' } });
    fireEvent.click(within(x).getByRole('button', { name: 'Save' }));
    expect(within(x).getAllByRole('alert').map((a) => a.textContent)).toEqual([
      'Enter the Client ID shown for your app in the X developer portal.',
      'Enter the port of the callback URI you registered: a number from 1024 to 65535.',
    ]);
    expect(core.callsTo('credentials.set')).toEqual([]);
  });

  it('shows a saved app without its secret, and removes it', async () => {
    const core = createFakeCore({
      workspaces: ['Acme Coffee'],
      credentials: [{ platform: 'x', instance: '', clientId: 'x-client-123', redirectPort: 53682, hasSecret: true }],
    });
    renderApp(core, { hash: '#/settings' });
    const x = region(await appsSection(), 'X');
    expect(((await within(x).findByLabelText('Client ID')) as HTMLInputElement).value).toBe('x-client-123');
    expect((within(x).getByLabelText('Redirect port') as HTMLInputElement).value).toBe('53682');
    expect(within(x).getByText('http://127.0.0.1:53682/callback')).toBeTruthy();
    expect(within(x).getByText(/secret stored in the keychain/)).toBeTruthy();
    // Nothing asks for the secret, or could show it.
    expect(within(x).queryByLabelText(/secret/i)).toBeNull();

    fireEvent.click(within(x).getByRole('button', { name: 'Remove' }));
    expect(await within(x).findByText('Removed. To connect X accounts again, save an app here.')).toBeTruthy();
    expect(core.callsTo('credentials.remove')).toEqual([{ workspaceId: 'ws-1', platform: 'x' }]);
    expect(within(x).queryByRole('button', { name: 'Remove' })).toBeNull();
    expect((within(x).getByLabelText('Client ID') as HTMLInputElement).value).toBe('');
  });

  it('lists the Mastodon servers PromoGPT registered on, read-only, and says Meta comes later with only the relay to set', async () => {
    renderApp(
      createFakeCore({
        workspaces: ['Acme Coffee'],
        credentials: [{ platform: 'mastodon', instance: 'https://mastodon.social', clientId: 'abc', redirectPort: null, hasSecret: true }],
      }),
      { hash: '#/settings' },
    );
    const section = await appsSection();
    const mastodon = region(section, 'Mastodon');
    expect(within(mastodon).getByText(/No setup needed/)).toBeTruthy();
    const list = await within(mastodon).findByRole('list', { name: 'Mastodon servers PromoGPT is registered on' });
    expect(within(list).getAllByRole('listitem').map((i) => i.textContent)).toEqual(['https://mastodon.socialsecret stored in the keychain']);
    expect(within(mastodon).queryAllByRole('textbox')).toEqual([]);
    expect(within(mastodon).queryAllByRole('button')).toEqual([]);

    const later = region(section, 'Facebook, Instagram and Threads');
    expect(within(later).getByText(/later release/)).toBeTruthy();
    expect(within(later).getAllByRole('textbox')).toEqual([within(later).getByLabelText('OAuth relay address')]);
  });

  it('saves the OAuth relay address as an app setting', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/settings' });
    const later = region(await appsSection(), 'Facebook, Instagram and Threads');
    fireEvent.change(within(later).getByLabelText('OAuth relay address'), { target: { value: 'https://example.com/relay.html' } });
    fireEvent.click(within(later).getByRole('button', { name: 'Save relay' }));
    expect(await within(later).findByText('Saved. Platforms that need an https redirect will use this relay.')).toBeTruthy();
    expect(core.callsTo('settings.update')).toContainEqual({ oauthRelayUrl: 'https://example.com/relay.html' });
  });
});
