// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeCore } from './fake-core';
import { renderApp } from './render-app';

afterEach(cleanup);

describe('notices', () => {
  it('shows a notice from the core verbatim, politely, until it is dismissed', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core);
    await screen.findByRole('button', { name: 'Workspace switcher' });
    act(() => {
      core.accounts.notice('warning', 'X is rate-limiting @acmecoffee until 2025-01-01 12:15 UTC.', 'ws-1');
    });
    const message = screen.getByText('X is rate-limiting @acmecoffee until 2025-01-01 12:15 UTC.');
    const card = message.parentElement as HTMLElement;
    expect(card.closest('[role="status"][aria-live="polite"]')).toBeTruthy();

    fireEvent.click(within(card).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText('X is rate-limiting @acmecoffee until 2025-01-01 12:15 UTC.')).toBeNull();
  });

  it('announces a problem at once', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'], accounts: [{ platform: 'x', handle: '@acmecoffee' }] });
    renderApp(core);
    await screen.findByRole('button', { name: 'Workspace switcher' });
    act(() => {
      core.accounts.needsReconnect('acct-1', 'X revoked the app');
    });
    expect(screen.getByRole('alert').textContent).toBe('X account @acmecoffee needs to be reconnected: X revoked the app.');
  });

  it('shows notices for every workspace, but not another workspace’s', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee', 'Birch Yoga'] });
    renderApp(core);
    await screen.findByRole('button', { name: 'Workspace switcher' });
    act(() => {
      core.accounts.notice('info', 'Birch Yoga’s post went out.', 'ws-2');
      core.accounts.notice('info', 'PromoGPT 0.2.0 is ready to install.', null);
    });
    expect(screen.queryByText('Birch Yoga’s post went out.')).toBeNull();
    expect(screen.getByText('PromoGPT 0.2.0 is ready to install.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Workspace switcher' }));
    fireEvent.click(screen.getByRole('menuitemradio', { name: /Birch Yoga/ }));
    expect(screen.getByText('Birch Yoga’s post went out.')).toBeTruthy();
  });
});
