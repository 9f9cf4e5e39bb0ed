// @vitest-environment happy-dom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { pageFromHash } from '../../../src-renderer/app/routes';
import { createFakeCore } from './fake-core';
import { renderApp } from './render-app';

afterEach(cleanup);

const AREAS = ['Compose', 'Calendar', 'Media', 'Studio', 'Analytics', 'Agent', 'Accounts'];

describe('navigation', () => {
  it('opens Compose by default and marks it current', async () => {
    renderApp(createFakeCore({ workspaces: ['Acme Coffee'] }));
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual([...AREAS, 'Settings']);
    expect(within(nav).getByRole('link', { name: 'Compose' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('heading', { level: 1, name: 'Compose' })).toBeTruthy();
  });

  it('keeps the page named in the hash and follows hash changes', async () => {
    renderApp(createFakeCore({ workspaces: ['Acme Coffee'] }), { hash: '#/analytics' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Analytics' })).toBeTruthy();

    act(() => {
      window.location.hash = '#/accounts';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(screen.getByRole('heading', { level: 1, name: 'Accounts' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Accounts' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Analytics' }).getAttribute('aria-current')).toBeNull();
    // Focus moves to the new page's heading for keyboard and screen-reader users.
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Accounts' }));
  });

  it.each(AREAS.filter((a) => !['Accounts', 'Compose', 'Calendar', 'Media', 'Studio', 'Analytics'].includes(a)))('%s says plainly that it is not available yet', async (area) => {
    renderApp(createFakeCore({ workspaces: ['Acme Coffee'] }), { hash: `#/${area.toLowerCase()}` });
    const heading = await screen.findByRole('heading', { level: 1, name: area });
    const page = heading.closest('section') as HTMLElement;
    expect(within(page).getByText('Not available yet in this version')).toBeTruthy();
    // No fake controls: an empty area offers links to where to start, never buttons.
    expect(within(page).queryAllByRole('button')).toEqual([]);
  });

  it('points Compose at Accounts', async () => {
    renderApp(createFakeCore({ workspaces: ['Acme Coffee'] }));
    expect((await screen.findByRole('link', { name: 'Connect an account' })).getAttribute('href')).toBe('#/accounts');
  });

  it('reads unknown hashes as the default page', () => {
    expect(pageFromHash('')).toBe('compose');
    expect(pageFromHash('#/nope')).toBe('compose');
    expect(pageFromHash('#/settings')).toBe('settings');
    expect(pageFromHash('#/media/whatever')).toBe('media');
    expect(pageFromHash('#/__proto__')).toBe('compose');
  });
});
