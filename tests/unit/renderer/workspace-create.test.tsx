// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeCore } from './fake-core';
import { renderApp } from './render-app';

afterEach(cleanup);

async function openNewWorkspaceDialog() {
  fireEvent.click(await screen.findByRole('button', { name: 'Workspace switcher' }));
  fireEvent.click(screen.getByRole('menuitem', { name: 'New workspace' }));
  return screen.getByRole('dialog', { name: 'New workspace' });
}

describe('creating a workspace', () => {
  it('shows the core’s Conflict message under the name field and keeps what was typed', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core);
    const dialog = await openNewWorkspaceDialog();
    const name = within(dialog).getByLabelText('Workspace name');
    fireEvent.change(name, { target: { value: 'acme coffee' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create workspace' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toBe('A workspace named "Acme Coffee" already exists. Choose another name.');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect((name as HTMLInputElement).value).toBe('acme coffee');
    expect(core.workspaces).toHaveLength(1);
  });

  it('shows a ValidationError in the core’s words, without the method prefix', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core);
    const dialog = await openNewWorkspaceDialog();
    fireEvent.change(within(dialog).getByLabelText('Workspace name'), { target: { value: '   ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create workspace' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Workspace name cannot be empty');
  });

  it('creates, switches to and remembers the new workspace', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core);
    const dialog = await openNewWorkspaceDialog();
    fireEvent.change(within(dialog).getByLabelText('Workspace name'), { target: { value: 'Birch Yoga' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create workspace' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // The page behind the dialog stops being aria-hidden a moment after the dialog has gone.
    const switcher = await screen.findByRole('button', { name: 'Workspace switcher' });
    expect(switcher.textContent).toContain('Birch Yoga');
    await waitFor(() => expect(document.activeElement).toBe(switcher));
    expect(core.callsTo('workspace.create')).toEqual([{ name: 'Birch Yoga' }]);
    await waitFor(() => expect(core.callsTo('settings.update')).toContainEqual({ lastWorkspaceId: 'ws-2' }));
  });

  it('starts on a welcome page when there is no workspace, and only that is usable', async () => {
    const core = createFakeCore();
    renderApp(core, { hash: '#/calendar' });
    expect(await screen.findByRole('heading', { name: 'Create your first workspace' })).toBeTruthy();
    expect(screen.getByText(/one brand or client/)).toBeTruthy();
    expect(screen.getByText('/home/ada/.local/share/promogpt')).toBeTruthy();
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Workspace switcher' })).toBeNull();

    fireEvent.change(screen.getByLabelText('Workspace name'), { target: { value: 'Acme Coffee' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create workspace' }));

    // The page the URL asked for opens as soon as the workspace exists.
    expect(await screen.findByRole('heading', { level: 1, name: 'Calendar' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy();
  });
});

describe('switching workspaces', () => {
  it('opens the remembered workspace, lists all of them, and remembers a switch', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee', 'Birch Yoga'], settings: { lastWorkspaceId: 'ws-2' } });
    renderApp(core);
    const switcher = await screen.findByRole('button', { name: 'Workspace switcher' });
    expect(switcher.textContent).toContain('Birch Yoga');

    fireEvent.click(switcher);
    const menu = screen.getByRole('menu', { name: 'Workspaces' });
    const items = within(menu).getAllByRole('menuitemradio');
    expect(items.map((i) => [i.textContent, i.getAttribute('aria-checked')])).toEqual([
      ['AAcme Coffee', 'false'],
      ['BBirch Yoga', 'true'],
    ]);
    expect(document.activeElement).toBe(items[1]);

    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toBe('New workspace');
    fireEvent.keyDown(menu, { key: 'Home' });
    expect(document.activeElement).toBe(items[0]);
    fireEvent.click(items[0] as HTMLElement);

    expect(screen.queryByRole('menu')).toBeNull();
    expect(switcher.textContent).toContain('Acme Coffee');
    await waitFor(() => expect(core.callsTo('settings.update')).toContainEqual({ lastWorkspaceId: 'ws-1' }));
  });

  it('closes the menu on Escape and returns focus to the switcher', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core);
    const switcher = await screen.findByRole('button', { name: 'Workspace switcher' });
    fireEvent.click(switcher);
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(switcher);
  });
});
