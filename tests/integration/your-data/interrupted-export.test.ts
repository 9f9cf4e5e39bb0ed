// An export killed mid-way (a crash, a power cut, `kill -9`) leaves its hidden partial file and
// spool folder beside the file the user chose; the next start removes them, and only them.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UnfinishedExports } from '../../../src-main/core/data/unfinished-exports';
import { assertBuilt, BIN } from '../../helpers/cli';
import { tempDir, testCore } from '../../helpers/core';
import { eventually } from '../jobs/kit';

const cores: { close(): void }[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
});
beforeAll(() => assertBuilt());

/** A data folder with one workspace holding `mb` MB of media and many rows. */
async function dataWithWorkspace(mb: number): Promise<{ dataDir: string; workspaceId: string }> {
  const core = testCore();
  const ws = await core.call('workspace.create', { name: 'Big' });
  const dir = path.join(core.layout.workspaceDir(ws.id), 'media', 'ab');
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < mb / 8; i++) fs.writeFileSync(path.join(dir, `file-${i}.mp4`), randomBytes(8 * 1024 * 1024));
  const db = core.workspaces.db(ws.id).sqlite;
  const insert = db.prepare('INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 100_000; i++) insert.run('2026-03-02T09:00:00.000Z', 'me', 'test', `row ${i}`);
  })();
  core.close();
  return { dataDir: core.dataDir, workspaceId: ws.id };
}

describe('an export killed mid-way', () => {
  it('leaves a partial file and a spool that the next start removes', async () => {
    const { dataDir, workspaceId } = await dataWithWorkspace(96);
    const out = tempDir('promogpt-killed-export-');
    fs.writeFileSync(path.join(out, 'mine.txt'), 'a file of the user, beside the export');
    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'export', '--workspace', workspaceId, '--out', path.join(out, 'x.promogpt')], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Killed once both its partial file and its spool folder exist.
    await eventually(() => fs.readdirSync(out).filter((n) => n.startsWith('.x.promogpt.partial-')).length === 2, 30_000);
    child.kill('SIGKILL');
    await exited;
    expect(fs.readdirSync(out).filter((n) => n.startsWith('.'))).toHaveLength(2);

    const next = testCore({ dataDir });
    cores.push(next);
    expect(fs.readdirSync(out)).toEqual(['mine.txt']);
    expect(fs.existsSync(path.join(dataDir, 'exports-in-progress'))).toBe(false);
  }, 60_000);

  it('leaves alone what a record names that an export would not have written, and exports of running processes', () => {
    const dir = tempDir();
    const records = path.join(dir, 'records');
    fs.mkdirSync(records);
    const userFile = path.join(dir, 'report.pdf');
    const running = path.join(dir, '.y.promogpt.partial-0123abcd');
    for (const f of [userFile, running]) fs.writeFileSync(f, 'kept');
    fs.writeFileSync(path.join(records, '999999-aa.json'), JSON.stringify({ partial: userFile }));
    fs.writeFileSync(path.join(records, '999998-bb.json'), '{"partial": "cut sho');
    fs.writeFileSync(path.join(records, `${process.pid + 1}-cc.json`), JSON.stringify({ partial: running }));

    const removed = new UnfinishedExports(records).sweep((pid) => pid === process.pid + 1);
    expect(removed).toEqual([]);
    expect(fs.readFileSync(userFile, 'utf8')).toBe('kept');
    expect(fs.readFileSync(running, 'utf8')).toBe('kept');
    // The dead processes' records are gone; the running one's stays.
    expect(fs.readdirSync(records)).toEqual([`${process.pid + 1}-cc.json`]);
  });
});
