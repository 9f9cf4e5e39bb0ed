// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeCore } from './fake-core';
import { renderApp } from './render-app';

afterEach(cleanup);

const section = async (name: string) => (await screen.findByRole('heading', { level: 2, name })).closest('section') as HTMLElement;

describe('settings', () => {
  it('runs the system check on request and shows each check with its status, detail and fix', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'] });
    renderApp(core, { hash: '#/settings' });
    const check = await section('System check');
    expect(core.callsTo('app.doctor')).toEqual([]);

    fireEvent.click(within(check).getByRole('button', { name: 'Run system check' }));
    const list = await within(check).findByRole('list', { name: 'System check results' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(3);
    expect(rows[0]?.textContent).toBe('Node.jsOKv20.20.2');
    expect(rows[1]?.textContent).toContain('Failed');
    expect(rows[1]?.textContent).toContain('not found on PATH');
    expect(rows[1]?.textContent).toContain('How to fix: Install ffmpeg');
    expect(rows[2]?.textContent).toContain('Warning');
    expect(within(check).getByText('Of 3 checks, 1 failed and 1 gave a warning. Each one says how to fix it.')).toBeTruthy();
    expect(core.callsTo('app.doctor')).toHaveLength(1);
  });

  it('renames the current workspace and shows a clash in the core’s words', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee', 'Birch Yoga'] });
    renderApp(core, { hash: '#/settings' });
    const ws = await section('Workspace');
    const field = within(ws).getByLabelText('Workspace name');
    const rename = within(ws).getByRole('button', { name: 'Rename' });
    // Nothing to rename yet: announced as unavailable, yet it keeps focus when it goes quiet.
    expect(rename.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(rename);
    expect(core.callsTo('workspace.rename')).toEqual([]);

    fireEvent.change(field, { target: { value: 'Birch Yoga' } });
    fireEvent.click(rename);
    expect((await within(ws).findByRole('alert')).textContent).toBe('A workspace named "Birch Yoga" already exists. Choose another name.');

    fireEvent.change(field, { target: { value: 'Acme Roasters' } });
    fireEvent.click(rename);
    expect(await within(ws).findByText('Renamed to “Acme Roasters”.')).toBeTruthy();
    expect(core.callsTo('workspace.rename')).toEqual([
      { id: 'ws-1', name: 'Birch Yoga' },
      { id: 'ws-1', name: 'Acme Roasters' },
    ]);
    expect(screen.getByRole('button', { name: 'Workspace switcher' }).textContent).toContain('Acme Roasters');
  });

  it('shows where the data lives, and offers export, import and CSV', async () => {
    renderApp(createFakeCore({ workspaces: ['Acme Coffee'] }), { hash: '#/settings' });
    const data = await section('Your data');
    await waitFor(() => expect(within(data).getByText('/home/ada/.local/share/promogpt')).toBeTruthy());
    expect(within(data).getByText('/home/ada/.local/share/promogpt/workspaces/ws-1')).toBeTruthy();
    for (const form of ['Export this workspace', 'Import an export file', 'Save as CSV']) expect(within(data).getByRole('form', { name: form })).toBeTruthy();
  });
});
