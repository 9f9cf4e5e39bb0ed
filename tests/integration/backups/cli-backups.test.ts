import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackupInfo, DeleteEverythingReport, DeletionReport, RestoreResult, SecurityEvent } from '../../../src-shared/backups';
import { assertBuilt, promogpt } from '../../helpers/cli';
import { tempDir } from '../../helpers/core';

// Backups, the security log and deletion as a user scripts them.
const dataDir = tempDir();
const cli = (args: string[]) => promogpt(['--data-dir', dataDir, ...args]);
const json = <T>(text: string) => JSON.parse(text) as T;
let wsId: string;

beforeAll(() => {
  assertBuilt();
  wsId = json<{ id: string }>(cli(['--json', 'workspace', 'create', 'Acme']).stdout).id;
});

describe('promogpt backup', () => {
  it('creates, lists and restores a backup', () => {
    const created = cli(['--json', 'backup', 'create', '--workspace', wsId]);
    expect(created.code).toBe(0);
    const [backup] = json<BackupInfo[]>(created.stdout);
    expect(backup).toMatchObject({ workspaceId: wsId, reason: 'manual', preview: { posts: 0, accounts: 0, media: 0 } });

    const listed = json<BackupInfo[]>(cli(['--json', 'backup', 'list']).stdout);
    expect(listed.map((b) => b.id)).toEqual([backup?.id]);
    expect(cli(['backup', 'list', '--workspace', wsId]).stdout).toContain('0 posts, 0 accounts, 0 media');

    const restored = cli(['--json', 'backup', 'restore', backup?.id as string, '--workspace', wsId]);
    expect(restored.code).toBe(0);
    expect(json<RestoreResult>(restored.stdout)).toMatchObject({ restored: { id: backup?.id }, safetyBackup: { reason: 'before-restore' }, integrity: { ok: true } });
    expect(json<BackupInfo[]>(cli(['--json', 'backup', 'list', '--workspace', wsId]).stdout)).toHaveLength(2);
  });

  it('says what to do for bad input', () => {
    const missing = cli(['--json', 'backup', 'restore', 'bk-nope', '--workspace', wsId]);
    expect(missing.code).toBe(1);
    expect(json<{ error: { name: string; message: string } }>(missing.stderr).error).toMatchObject({ name: 'NotFound', message: expect.stringContaining('backup list') });
    expect(cli(['--json', 'backup', 'restore', 'bk-x']).code).toBe(2); // --workspace is required
    expect(json<{ error: { name: string } }>(cli(['--json', 'backup', 'create', '--workspace', 'ws_nope']).stderr).error.name).toBe('NotFound');
  });

  it('`scheduler run --until-idle` takes the scheduled backup of a workspace that has none', () => {
    const fresh = json<{ id: string }>(cli(['--json', 'workspace', 'create', 'Fresh']).stdout).id;
    const r = cli(['--json', 'scheduler', 'run', '--until-idle']);
    expect(r.code).toBe(0);
    expect(json<{ succeeded: number; integrityFailures: unknown[] }>(r.stdout)).toMatchObject({ succeeded: 1, integrityFailures: [] });
    expect(json<BackupInfo[]>(cli(['--json', 'backup', 'list', '--workspace', fresh]).stdout).map((b) => b.reason)).toEqual(['scheduled']);
    // Acme was backed up by hand minutes ago: its scheduled backup is not due yet.
    expect(json<BackupInfo[]>(cli(['--json', 'backup', 'list', '--workspace', wsId]).stdout).map((b) => b.reason)).not.toContain('scheduled');
    expect(cli(['--json', 'workspace', 'delete', fresh, '--confirm', 'Fresh']).code).toBe(0);
  });
});

describe('promogpt security-log', () => {
  it('lists events filtered by workspace, kind and time', () => {
    const all = json<SecurityEvent[]>(cli(['--json', 'security-log']).stdout);
    expect(all.map((e) => e.kind)).toEqual(expect.arrayContaining(['workspace.created', 'backup.taken', 'backup.restored']));
    const taken = json<SecurityEvent[]>(cli(['--json', 'security-log', '--workspace', wsId, '--kind', 'backup.taken']).stdout);
    expect(taken.length).toBeGreaterThanOrEqual(2);
    expect(taken.every((e) => e.kind === 'backup.taken' && e.workspaceId === wsId)).toBe(true);
    expect(json<SecurityEvent[]>(cli(['--json', 'security-log', '--since', '2999-01-01T00:00:00Z']).stdout)).toEqual([]);
    const bad = cli(['--json', 'security-log', '--since', 'yesterday']);
    expect(bad.code).toBe(1);
    expect(json<{ error: { name: string } }>(bad.stderr).error.name).toBe('ValidationError');
  });
});

describe('promogpt workspace delete and delete-everything', () => {
  it('needs the typed name, then prints the proof-of-deletion check', () => {
    const other = json<{ id: string }>(cli(['--json', 'workspace', 'create', 'Globex']).stdout).id;
    cli(['--json', 'backup', 'create', '--workspace', other]);
    const noConfirm = cli(['--json', 'workspace', 'delete', other]);
    expect(noConfirm.code).toBe(1);
    expect(json<{ error: { message: string } }>(noConfirm.stderr).error.message).toContain('--confirm "Globex"');
    const wrong = cli(['--json', 'workspace', 'delete', other, '--confirm', 'globex']);
    expect(json<{ error: { name: string } }>(wrong.stderr).error.name).toBe('ValidationError');
    expect(fs.existsSync(path.join(dataDir, 'workspaces', other))).toBe(true);

    const human = cli(['workspace', 'delete', other, '--confirm', 'Globex']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Check passed: nothing of it remains on this machine.');
    expect(fs.existsSync(path.join(dataDir, 'workspaces', other))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'backups', other))).toBe(false);
  });

  it('delete-everything needs the phrase and returns the check as JSON', () => {
    expect(cli(['--json', 'delete-everything']).code).toBe(1);
    expect(cli(['--json', 'delete-everything', '--confirm', 'yes']).code).toBe(1);
    expect(json<{ id: string }[]>(cli(['--json', 'workspace', 'list']).stdout)).toHaveLength(1);
    const r = cli(['--json', 'delete-everything', '--confirm', 'delete everything']);
    const report = json<DeleteEverythingReport>(r.stdout);
    expect(report.workspaces.map((w: DeletionReport) => w.id)).toEqual([wsId]);
    expect(report.check.leftoverFiles).toEqual([]);
    expect(fs.readdirSync(dataDir).sort()).toEqual(expect.arrayContaining(['app.db']));
    expect(fs.existsSync(path.join(dataDir, 'backups'))).toBe(false);
    expect(json<unknown[]>(cli(['--json', 'workspace', 'list']).stdout)).toEqual([]);
  });
});
