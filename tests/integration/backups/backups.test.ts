import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src-main/core/doctor/doctor';
import { memorySecretStore } from '../../../src-main/core/platform/secrets';
import type { Notice } from '../../../src-shared/domain';
import { testCore, tempDir } from '../../helpers/core';
import { holdOpen } from '../../helpers/hold-open';

type TestCore = ReturnType<typeof testCore>;
const cores: TestCore[] = [];
const open = (opts: Parameters<typeof testCore>[0] = {}) => {
  const core = testCore(opts);
  cores.push(core);
  return core;
};
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
});

const text = (i: number) => `Post number ${i}: ${'lorem ipsum dolor sit amet '.repeat(20)}`;
async function drafts(core: TestCore, workspaceId: string, n: number, from = 0) {
  for (let i = from; i < from + n; i++) await core.call('post.saveDraft', { workspaceId, draft: { text: text(i) } });
}
// Counted in SQL: the post list pages its results.
const postCount = async (core: TestCore, workspaceId: string) => (core.workspaces.db(workspaceId).sqlite.prepare('SELECT count(*) AS n FROM posts').get() as { n: number }).n;
const integrity = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
};

describe('backups', () => {
  it('takes a consistent online backup while writes keep coming, and it passes integrity_check', async () => {
    const core = open();
    const ws = await core.call('workspace.create', { name: 'Acme' });
    await drafts(core, ws.id, 1000); // megabytes: the backup API copies it in many steps
    let writing = true;
    let during = 0;
    const writer = (async () => {
      while (writing) {
        await core.call('post.saveDraft', { workspaceId: ws.id, draft: { text: text(10_000 + during) } });
        during += 1;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const before = await postCount(core, ws.id);
    const backup = await core.call('backup.create', { workspaceId: ws.id });
    writing = false;
    await writer;
    expect(during).toBeGreaterThan(0); // writes really ran while the backup did
    const file = path.join(core.dataDir, 'backups', ws.id, `${backup.id}.db`);
    expect(integrity(file)).toBe('ok');
    expect(fs.existsSync(`${file}-wal`)).toBe(false); // one self-contained file
    expect(backup.preview.posts).toBeGreaterThanOrEqual(before);
    expect(backup.preview.posts).toBeLessThanOrEqual(before + during);
    expect(backup.size).toBe(fs.statSync(file).size);
    expect(await core.call('backup.list', { workspaceId: ws.id })).toEqual([backup]);
  });

  it('restores a backup round trip, saving the state before it first', async () => {
    const core = open();
    const ws = await core.call('workspace.create', { name: 'Acme' });
    await drafts(core, ws.id, 2);
    const two = await core.call('backup.create', { workspaceId: ws.id });
    expect(two.preview).toEqual({ posts: 2, accounts: 0, media: 0 });
    core.clock.advance(60_000);
    await drafts(core, ws.id, 3, 2);
    expect(await postCount(core, ws.id)).toBe(5);

    const restored = await core.call('backup.restore', { workspaceId: ws.id, backupId: two.id });
    expect(restored.integrity.ok).toBe(true);
    expect(restored.safetyBackup).toMatchObject({ reason: 'before-restore', preview: { posts: 5 } });
    expect(await postCount(core, ws.id)).toBe(2);
    // Writing after the restore goes to the restored database (the registry reopened it).
    await drafts(core, ws.id, 1, 100);
    expect(await postCount(core, ws.id)).toBe(3);

    // The restore can itself be undone.
    await core.call('backup.restore', { workspaceId: ws.id, backupId: restored.safetyBackup?.id as string });
    expect(await postCount(core, ws.id)).toBe(5);
    const kinds = (await core.call('securityLog.list', { workspaceId: ws.id })).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'backup.restored')).toHaveLength(2);

    const missing = await core.invoke('backup.restore', { workspaceId: ws.id, backupId: 'bk-nope' });
    expect(missing).toMatchObject({ ok: false, error: { name: 'NotFound', message: expect.stringContaining('backup list') } });
  });

  it('waits for running jobs of the workspace, and brings back its settings too', async () => {
    const core = open();
    const ws = await core.call('workspace.create', { name: 'Acme' });
    const b = await core.call('backup.create', { workspaceId: ws.id });
    await core.call('publishing.updateSettings', { workspaceId: ws.id, lateWindowMinutes: 30 });
    let release = () => {};
    core.scheduler.register('test.slow', () => new Promise<void>((r) => (release = r)));
    const job = core.scheduler.enqueue(ws.id, { kind: 'test.slow', payload: {}, runAt: core.clock.now(), idempotencyKey: 'slow' });
    const running = core.scheduler.runNow(ws.id, job.id);
    await new Promise((r) => setTimeout(r, 20));
    const busy = await core.invoke('backup.restore', { workspaceId: ws.id, backupId: b.id });
    expect(busy).toMatchObject({ ok: false, error: { name: 'Conflict', message: expect.stringContaining('Try the restore again') } });
    expect(await core.call('backup.list', { workspaceId: ws.id })).toHaveLength(1); // no safety backup was left behind
    release();
    await running;
    await core.call('backup.restore', { workspaceId: ws.id, backupId: b.id });
    expect((await core.call('publishing.getSettings', { workspaceId: ws.id })).lateWindowMinutes).not.toBe(30);
  });

  it('refuses while another process has the workspace open (its writes would be lost), and changes nothing', async () => {
    const core = open();
    const ws = await core.call('workspace.create', { name: 'Acme' });
    await drafts(core, ws.id, 2);
    const b = await core.call('backup.create', { workspaceId: ws.id });
    await drafts(core, ws.id, 1, 2);
    const other = await holdOpen(core.layout.workspaceDb(ws.id));
    try {
      const r = await core.invoke('backup.restore', { workspaceId: ws.id, backupId: b.id });
      expect(r).toMatchObject({ ok: false, error: { name: 'Conflict', message: expect.stringContaining('open in another PromoGPT process') } });
      expect((r as { error: { message: string } }).error.message).toContain('then restore the backup again. Nothing was changed.');
      expect(await postCount(core, ws.id)).toBe(3);
      expect(await core.call('backup.list', { workspaceId: ws.id })).toHaveLength(1); // no safety backup either
      expect(fs.existsSync(`${core.layout.workspaceDb(ws.id)}.restoring`)).toBe(false);
    } finally {
      await other.close();
    }
    await core.call('backup.restore', { workspaceId: ws.id, backupId: b.id });
    expect(await postCount(core, ws.id)).toBe(2);
  });

  it('refuses a damaged backup file and changes nothing', async () => {
    const core = open();
    const ws = await core.call('workspace.create', { name: 'Acme' });
    await drafts(core, ws.id, 300);
    const b = await core.call('backup.create', { workspaceId: ws.id });
    const file = path.join(core.dataDir, 'backups', ws.id, `${b.id}.db`);
    const bytes = fs.readFileSync(file);
    bytes.fill(0xff, bytes.length - 8192, bytes.length - 4096);
    fs.writeFileSync(file, bytes);
    const r = await core.invoke('backup.restore', { workspaceId: ws.id, backupId: b.id });
    expect(r).toMatchObject({ ok: false, error: { name: 'DatabaseRefused', message: expect.stringContaining('integrity check') } });
    expect(await postCount(core, ws.id)).toBe(300);
  });

  it('keeps the newest N and takes scheduled backups from `scheduler run`', async () => {
    const core = open();
    const ws = await core.call('workspace.create', { name: 'Acme' });
    await core.call('backup.updateSettings', { keep: 2, intervalHours: 24 });
    core.startBackups();
    await core.scheduler.runUntilIdle();
    expect((await core.call('backup.list', { workspaceId: ws.id })).map((b) => b.reason)).toEqual(['scheduled']);
    // Not due yet: nothing new.
    core.clock.advance(3_600_000);
    await core.scheduler.runUntilIdle();
    expect(await core.call('backup.list', { workspaceId: ws.id })).toHaveLength(1);
    for (let day = 1; day <= 3; day++) {
      core.clock.advance(24 * 3_600_000);
      await core.scheduler.runUntilIdle();
    }
    const list = await core.call('backup.list', { workspaceId: ws.id });
    expect(list).toHaveLength(2);
    expect(fs.readdirSync(path.join(core.dataDir, 'backups', ws.id)).filter((f) => f.endsWith('.db'))).toHaveLength(2);
    expect(list[0]?.takenAt).toBe(core.clock.now().toISOString());
    const bad = await core.invoke('backup.updateSettings', { keep: 0 });
    expect(bad).toMatchObject({ ok: false, error: { name: 'ValidationError' } });
  });
});

describe('a damaged workspace database', () => {
  it('is found by the integrity check at start, alerts, appears in doctor, and a restore repairs it', async () => {
    const dataDir = tempDir();
    const secrets = memorySecretStore();
    const first = open({ dataDir, secrets });
    const ws = await first.call('workspace.create', { name: 'Acme' });
    await drafts(first, ws.id, 600);
    const good = await first.call('backup.create', { workspaceId: ws.id });
    first.close();
    cores.splice(0);

    // Flip bytes in a page of the posts table (not the header or the schema, so it still opens).
    const live = path.join(dataDir, 'workspaces', ws.id, 'workspace.db');
    const bytes = fs.readFileSync(live);
    const page = 4096;
    const at = Math.floor(bytes.length / page / 2) * page;
    for (let i = at + 8; i < at + page; i += 7) bytes[i] = (bytes[i] as number) ^ 0x5a;
    fs.writeFileSync(live, bytes);

    const core = open({ dataDir, secrets });
    const notices: Notice[] = [];
    core.events.onAny((event, payload) => {
      if (event === 'notice') notices.push(payload as Notice);
    });
    core.startBackups();
    const status = await core.call('backup.status', {});
    expect(status.failures).toEqual([expect.objectContaining({ workspaceId: ws.id, ok: false })]);
    expect(notices).toEqual([expect.objectContaining({ level: 'problem', workspaceId: ws.id, message: expect.stringMatching(/damaged.*Restore a backup/) })]);
    expect((await core.call('securityLog.list', { kind: 'integrity.failed' })).map((e) => e.workspaceId)).toEqual([ws.id]);
    // No backup of a damaged database is taken over the good ones.
    expect(await core.invoke('backup.create', { workspaceId: ws.id })).toMatchObject({ ok: false, error: { name: 'DatabaseRefused' } });
    const doctor = await runDoctor({ dataDir, secrets });
    expect(doctor.checks.find((c) => c.id === 'integrity')).toMatchObject({ status: 'fail', fix: expect.stringContaining('backup restore') });

    const restored = await core.call('backup.restore', { workspaceId: ws.id, backupId: good.id });
    expect(restored.safetyBackup).toBeNull(); // a damaged state is kept aside, not listed as a backup
    expect(fs.readdirSync(path.join(dataDir, 'backups', ws.id, 'damaged')).length).toBeGreaterThan(0);
    expect(restored.integrity.ok).toBe(true);
    expect((await core.call('backup.status', {})).failures).toEqual([]);
    expect(await postCount(core, ws.id)).toBe(600);
    expect((await runDoctor({ dataDir, secrets })).checks.find((c) => c.id === 'integrity')).toMatchObject({ status: 'ok' });
  });
});
