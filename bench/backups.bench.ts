// Backups of a large workspace database: how long a backup, its integrity check and a restore
// take, and what a write costs while a backup runs (the app keeps publishing meanwhile).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore } from '../src-main/core/app';
import { memorySecretStore } from '../src-main/core/platform/secrets';
import { printTable, summarize } from './stats';

const dataDir = fs.mkdtempSync(path.join(process.env.BENCH_TMP ?? os.tmpdir(), 'backups-'));
const core = createCore({ dataDir, shell: 'cli', secrets: memorySecretStore() });
const rows: Parameters<typeof printTable>[0] = [];
const record = (what: string, samples: number[], unit = 'ms') => rows.push({ what, unit, ...summarize(samples) });

const ws = await core.call('workspace.create', { name: 'Bench' });
// About 50 MB of rows: the size of a workspace with years of posts and analytics.
const sqlite = core.workspaces.db(ws.id).sqlite;
sqlite.exec('CREATE TABLE IF NOT EXISTS bench_filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
const insert = sqlite.prepare('INSERT INTO bench_filler (body) VALUES (?)');
sqlite.transaction(() => {
  for (let i = 0; i < 50_000; i++) insert.run(`row ${i} ${'x'.repeat(1000)}`);
})();
sqlite.pragma('wal_checkpoint(TRUNCATE)');
const size = fs.statSync(path.join(dataDir, 'workspaces', ws.id, 'workspace.db')).size;

const backups: number[] = [];
const writes: number[] = [];
let last = '';
for (let i = 0; i < 5; i++) {
  let writing = true;
  const writer = (async () => {
    while (writing) {
      const t = performance.now();
      await core.call('post.saveDraft', { workspaceId: ws.id, draft: { text: `while backing up ${i}` } });
      writes.push(performance.now() - t);
      await new Promise((r) => setImmediate(r));
    }
  })();
  const t = performance.now();
  last = (await core.call('backup.create', { workspaceId: ws.id })).id;
  backups.push(performance.now() - t);
  writing = false;
  await writer;
}
record(`backup.create of a ${(size / 1024 / 1024).toFixed(0)} MB database (check + copy + verify)`, backups);
record('post.saveDraft while a backup runs', writes);

const checks: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  await core.call('backup.check', { workspaceId: ws.id });
  checks.push(performance.now() - t);
}
record('PRAGMA integrity_check of the same database', checks);

const restores: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  await core.call('backup.restore', { workspaceId: ws.id, backupId: last });
  restores.push(performance.now() - t);
}
record('backup.restore (verify, safety backup, swap, reopen)', restores);
core.close();
printTable(rows);
