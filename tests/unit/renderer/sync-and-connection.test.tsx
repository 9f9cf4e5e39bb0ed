// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusListener } from '../../../src-renderer/api/pick-transport';
import { createFakeCore } from './fake-core';
import { renderApp } from './render-app';

afterEach(cleanup);

function fakeLink() {
  const listeners = new Set<StatusListener>();
  return {
    onStatus: (listener: StatusListener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    set: (connected: boolean) => act(() => listeners.forEach((l) => l(connected))),
  };
}

describe('keeping windows in sync', () => {
  it('lists a workspace created in another window', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core);
    const switcher = await screen.findByRole('button', { name: 'Workspace switcher' });
    act(() => {
      core.createElsewhere('Birch Yoga');
    });
    fireEvent.click(switcher);
    const names = within(screen.getByRole('menu')).getAllByRole('menuitemradio').map((i) => i.textContent);
    expect(names).toEqual(['AAcme Coffee', 'BBirch Yoga']);
    // The window stays on its own workspace.
    expect(switcher.textContent).toContain('Acme Coffee');
  });

  it('moves off a workspace deleted in another window', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee', 'Birch Yoga'] });
    renderApp(core);
    const switcher = await screen.findByRole('button', { name: 'Workspace switcher' });
    await act(async () => {
      await core.transport.invoke('workspace.delete', { id: 'ws-1', confirmName: 'Acme Coffee' });
    });
    expect(switcher.textContent).toContain('Birch Yoga');
  });

  it('shows a rename made in another window', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/settings' });
    const field = await screen.findByLabelText('Workspace name');
    await act(async () => {
      await core.transport.invoke('workspace.rename', { id: 'ws-1', name: 'Acme Roasters' });
    });
    expect(screen.getByRole('button', { name: 'Workspace switcher' }).textContent).toContain('Acme Roasters');
    expect((field as HTMLInputElement).value).toBe('Acme Roasters');
  });
});

describe('connection to PromoGPT', () => {
  it('shows a slim banner while disconnected and reloads once back', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    const link = fakeLink();
    renderApp(core, { onStatus: link.onStatus });
    await screen.findByRole('button', { name: 'Workspace switcher' });
    expect(screen.queryByText('Reconnecting to PromoGPT…')).toBeNull();

    link.set(false);
    expect(screen.getByText('Reconnecting to PromoGPT…')).toBeTruthy();

    // Changes made while the link was down never arrived as events.
    core.transport.on('workspaces.changed', () => {});
    const listsBefore = core.callsTo('workspace.list').length;
    link.set(true);
    expect(screen.queryByText('Reconnecting to PromoGPT…')).toBeNull();
    await waitFor(() => expect(core.callsTo('workspace.list').length).toBe(listsBefore + 1));
  });

  it('says what went wrong when the core refuses to start, and can try again', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    const invoke = core.transport.invoke.bind(core.transport);
    let refuse = true;
    const message = 'app.db was written by a newer PromoGPT. Install that version, or start with another --data-dir.';
    core.transport.invoke = async (method, input) =>
      refuse && method === 'settings.get' ? { ok: false, error: { name: 'DatabaseRefused', message } } : invoke(method, input);
    renderApp(core);

    expect((await screen.findByRole('alert')).textContent).toContain(message);
    refuse = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Workspace switcher' })).toBeTruthy();
  });
});
