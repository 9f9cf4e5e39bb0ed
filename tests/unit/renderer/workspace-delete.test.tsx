// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeCore } from './fake-core';
import { renderApp } from './render-app';

afterEach(cleanup);

async function openDeleteDialog() {
  fireEvent.click(await screen.findByRole('button', { name: 'Delete workspace…' }));
  return screen.getByRole('dialog');
}

describe('deleting a workspace', () => {
  it('keeps the Delete button disabled until the exact name is typed, then sends it as confirmName', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee', 'Birch Yoga'] });
    renderApp(core, { hash: '#/settings' });
    const dialog = await openDeleteDialog();

    const input = within(dialog).getByLabelText('Type the workspace name to confirm');
    const confirm = within(dialog).getByRole('button', { name: 'Delete workspace' });
    expect(confirm).toHaveProperty('disabled', true);

    fireEvent.change(input, { target: { value: 'acme coffee' } });
    expect(confirm).toHaveProperty('disabled', true);
    fireEvent.change(input, { target: { value: 'Acme Coffee ' } });
    expect(confirm).toHaveProperty('disabled', true);
    // Pressing Enter in the field must not get around the disabled button.
    fireEvent.submit(input.closest('form') as HTMLFormElement);
    expect(core.callsTo('workspace.delete')).toEqual([]);

    fireEvent.change(input, { target: { value: 'Acme Coffee' } });
    expect(confirm).toHaveProperty('disabled', false);
    fireEvent.click(confirm);

    // The typing dialog gives way to the proof-of-deletion check.
    const proof = await screen.findByRole('dialog', { name: 'Deleted “Acme Coffee”' });
    expect(proof.textContent).toContain('Checked: nothing of this workspace remains on this machine.');
    expect(proof.textContent).toContain('No keychain entry carries its id.');
    fireEvent.click(within(proof).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(core.callsTo('workspace.delete')).toEqual([{ id: 'ws-1', confirmName: 'Acme Coffee' }]);
    // The remaining workspace opens and is remembered for next time.
    expect(screen.getByRole('button', { name: 'Workspace switcher' }).textContent).toContain('Birch Yoga');
    await waitFor(() => expect(core.callsTo('settings.update')).toContainEqual({ lastWorkspaceId: 'ws-2' }));
  });

  it('shows the welcome page once the last workspace is gone', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/settings' });
    const dialog = await openDeleteDialog();
    fireEvent.change(within(dialog).getByLabelText('Type the workspace name to confirm'), { target: { value: 'Acme Coffee' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete workspace' }));

    expect(await screen.findByRole('heading', { name: 'Create your first workspace' })).toBeTruthy();
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  it('closes on Escape without deleting and hands focus back to the opener', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/settings' });
    const opener = await screen.findByRole('button', { name: 'Delete workspace…' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog');
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Type the workspace name to confirm'));
    // The app behind the dialog is out of reach while it is open.
    expect(document.getElementById('root')?.hasAttribute('inert')).toBe(true);

    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.getElementById('root')?.hasAttribute('inert')).toBe(false);
    expect(document.activeElement).toBe(opener);
    expect(core.callsTo('workspace.delete')).toEqual([]);
  });

  it('keeps Tab inside the dialog', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/settings' });
    const dialog = await openDeleteDialog();
    const input = within(dialog).getByLabelText('Type the workspace name to confirm');
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });

    // The Delete button is disabled, so Cancel is the last stop; Tab from it wraps to the field.
    cancel.focus();
    fireEvent.keyDown(cancel, { key: 'Tab' });
    expect(document.activeElement).toBe(input);
    fireEvent.keyDown(input, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(cancel);
  });

  it('follows a rename made elsewhere while the dialog is open', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/settings' });
    const dialog = await openDeleteDialog();
    await act(async () => {
      await core.transport.invoke('workspace.rename', { id: 'ws-1', name: 'Acme Roasters' });
    });
    const input = within(dialog).getByLabelText('Type the workspace name to confirm');
    const confirm = within(dialog).getByRole('button', { name: 'Delete workspace' });
    fireEvent.change(input, { target: { value: 'Acme Coffee' } });
    expect(confirm).toHaveProperty('disabled', true);
    fireEvent.change(input, { target: { value: 'Acme Roasters' } });
    expect(confirm).toHaveProperty('disabled', false);
  });

  it('shows the core’s refusal inside the dialog and keeps it open', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    const message = 'PromoGPT could not remove the workspace folder. Close programs using it and try again.';
    const invoke = core.transport.invoke.bind(core.transport);
    core.transport.invoke = async (method, input) =>
      method === 'workspace.delete' ? { ok: false, error: { name: 'PermissionDenied', message } } : invoke(method, input);
    renderApp(core, { hash: '#/settings' });
    const dialog = await openDeleteDialog();
    fireEvent.change(within(dialog).getByLabelText('Type the workspace name to confirm'), { target: { value: 'Acme Coffee' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete workspace' }));

    expect((await within(dialog).findByRole('alert')).textContent).toBe(message);
    expect(screen.getByRole('dialog')).toBe(dialog);
    expect(within(dialog).getByRole('button', { name: 'Delete workspace' })).toHaveProperty('disabled', false);
  });
});
