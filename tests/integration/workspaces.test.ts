import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Events } from '../../src-shared/contract';
import { testCore } from '../helpers/core';

const cores: { close(): void }[] = [];
afterEach(() => cores.splice(0).forEach((c) => c.close()));
const make = () => {
  const c = testCore();
  cores.push(c);
  return c;
};

describe('workspaces', () => {
  it('creates a workspace with its own database and media folder', async () => {
    const core = make();
    const ws = await core.call('workspace.create', { name: 'Acme Coffee' });
    expect(ws).toEqual({ id: 'ws_0001', name: 'Acme Coffee', createdAt: '2026-03-01T09:00:00.000Z', updatedAt: '2026-03-01T09:00:00.000Z' });
    const dir = path.join(core.dataDir, 'workspaces', 'ws_0001');
    expect(fs.existsSync(path.join(dir, 'workspace.db'))).toBe(true);
    expect(fs.statSync(path.join(dir, 'media')).isDirectory()).toBe(true);
    expect(await core.call('workspace.list', {})).toEqual([ws]);
  });

  it('keeps names unique regardless of case, and says so', async () => {
    const core = make();
    await core.call('workspace.create', { name: 'Acme' });
    const result = await core.invoke('workspace.create', { name: 'ACME' });
    expect(result).toEqual({ ok: false, error: { name: 'Conflict', message: 'A workspace named "Acme" already exists. Choose another name.' } });
    expect(fs.readdirSync(path.join(core.dataDir, 'workspaces'))).toEqual(['ws_0001']);
  });

  it('renames a workspace and stamps the change', async () => {
    const core = make();
    const ws = await core.call('workspace.create', { name: 'Acme' });
    core.clock.advance(60_000);
    const renamed = await core.call('workspace.rename', { id: ws.id, name: 'Acme Coffee' });
    expect(renamed).toMatchObject({ name: 'Acme Coffee', createdAt: ws.createdAt, updatedAt: '2026-03-01T09:01:00.000Z' });
    expect((await core.invoke('workspace.rename', { id: 'ws_9999', name: 'X' })).ok).toBe(false);
  });

  it('deletes a workspace only with its exact name typed, and removes every file of it', async () => {
    const core = make();
    const acme = await core.call('workspace.create', { name: 'Acme' });
    const globex = await core.call('workspace.create', { name: 'Globex' });
    core.workspaces.db(acme.id); // opened, as it would be while in use
    fs.writeFileSync(path.join(core.dataDir, 'workspaces', acme.id, 'media', 'picture.jpg'), 'jpeg');

    const wrong = await core.invoke('workspace.delete', { id: acme.id, confirmName: 'acme' });
    expect(wrong).toMatchObject({ ok: false, error: { name: 'ValidationError', message: 'To delete workspace "Acme", type its name exactly.' } });
    expect(fs.existsSync(path.join(core.dataDir, 'workspaces', acme.id))).toBe(true);

    expect(await core.call('workspace.delete', { id: acme.id, confirmName: 'Acme' })).toMatchObject({ id: acme.id, check: { clean: true, leftoverFiles: [], leftoverKeychainEntries: [] } });
    expect(fs.readdirSync(path.join(core.dataDir, 'workspaces'))).toEqual([globex.id]);
    expect(await core.call('workspace.list', {})).toEqual([globex]);

    const db = new Database(path.join(core.dataDir, 'app.db'), { readonly: true });
    const kinds = db.prepare('SELECT kind, workspace_id FROM security_events ORDER BY id').all();
    db.close();
    expect(kinds).toEqual([
      { kind: 'workspace.created', workspace_id: acme.id },
      { kind: 'workspace.created', workspace_id: globex.id },
      { kind: 'workspace.deleted', workspace_id: acme.id },
    ]);
  });

  it('finishes a deletion that a crash interrupted, at the next start', async () => {
    const core = make();
    const ws = await core.call('workspace.create', { name: 'Acme' });
    core.close();
    const trash = path.join(core.dataDir, 'workspaces', `.deleting-${ws.id}`);
    fs.renameSync(path.join(core.dataDir, 'workspaces', ws.id), trash);
    const again = testCore({ dataDir: core.dataDir });
    cores.push(again);
    expect(fs.existsSync(trash)).toBe(false);
  });

  it('resolves the workspace a command means', async () => {
    const core = make();
    expect(() => core.workspaces.resolve(undefined)).toThrow(/no workspace yet/);
    const acme = await core.call('workspace.create', { name: 'Acme' });
    expect(core.workspaces.resolve(undefined)).toEqual(acme);
    await core.call('workspace.create', { name: 'Globex' });
    expect(() => core.workspaces.resolve(undefined)).toThrow('There are 2 workspaces; choose one with --workspace ID: ws_0001 (Acme), ws_0002 (Globex).');
  });

  it('tells every listener when the list changes', async () => {
    const core = make();
    const seen: Events['workspaces.changed'][] = [];
    core.events.onAny((event, payload) => event === 'workspaces.changed' && seen.push(payload as Events['workspaces.changed']));
    const ws = await core.call('workspace.create', { name: 'Acme' });
    await core.call('workspace.rename', { id: ws.id, name: 'Acme 2' });
    await core.call('workspace.delete', { id: ws.id, confirmName: 'Acme 2' });
    expect(seen.map((s) => s.workspaces.map((w) => w.name))).toEqual([['Acme'], ['Acme 2'], []]);
  });

  it('saves settings and ignores a damaged stored value', async () => {
    const core = make();
    expect(await core.call('settings.get', {})).toEqual({ theme: 'system', lastWorkspaceId: null, oauthRelayUrl: null });
    expect(await core.call('settings.update', { theme: 'dark' })).toEqual({ theme: 'dark', lastWorkspaceId: null, oauthRelayUrl: null });
    core.close();
    const db = new Database(path.join(core.dataDir, 'app.db'));
    db.prepare(`UPDATE app_settings SET value = '{broken' WHERE key = 'theme'`).run();
    db.close();
    const again = testCore({ dataDir: core.dataDir });
    cores.push(again);
    expect(await again.call('settings.get', {})).toEqual({ theme: 'system', lastWorkspaceId: null, oauthRelayUrl: null });
  });
});
