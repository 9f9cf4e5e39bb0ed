// Export and import of a workspace with media and many rows, against `tar` of the same folder
// in the same run (goal: ≤ 1.3× tar unencrypted), with the peak memory of the real CLI process
// (goal: < 300 MB). Sizes: BENCH_EXPORT_MEDIA_MB (default 200) and BENCH_EXPORT_ROWS (default
// 200000); the issue's goal spec is 1024 MB and 1000000.
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore } from '../src-main/core/app';
import { memorySecretStore } from '../src-main/core/platform/secrets';

const MEDIA_MB = Number(process.env.BENCH_EXPORT_MEDIA_MB ?? 200);
const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 200_000);
const FILE_MB = 20;
const root = fs.mkdtempSync(path.join(process.env.BENCH_TMP ?? os.tmpdir(), 'export-'));
const dataDir = path.join(root, 'data');

// --- A workspace: media files of random (incompressible, like real video) bytes, and rows.
const core = createCore({ dataDir, shell: 'cli', secrets: memorySecretStore() });
const ws = await core.call('workspace.create', { name: 'Bench' });
const wsDir = core.layout.workspaceDir(ws.id);
const db = core.workspaces.db(ws.id).sqlite;
const chunk = randomBytes(1024 * 1024);
for (let i = 0, left = MEDIA_MB; left > 0; i++, left -= FILE_MB) {
  const dir = path.join(wsDir, 'media', (i % 256).toString(16).padStart(2, '0'));
  fs.mkdirSync(dir, { recursive: true });
  const fd = fs.openSync(path.join(dir, `file-${i}.mp4`), 'w');
  for (let m = 0; m < Math.min(FILE_MB, left); m++) {
    chunk.writeUInt32LE(i * 1000 + m, 0); // no two megabytes alike
    fs.writeSync(fd, chunk);
  }
  fs.closeSync(fd);
}
// Metric-like rows (the metrics tables arrive with a later issue; audit_log has the same shape of load).
const insert = db.prepare('INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)');
db.transaction(() => {
  for (let i = 0; i < ROWS; i++) insert.run(new Date(1_700_000_000_000 + i * 60_000).toISOString(), 'metrics', 'impressions', JSON.stringify({ postId: `post_${i % 5000}`, views: i % 9973, likes: i % 311 }));
})();
core.close();
const folderBytes = Number(spawnSync('du', ['-sb', wsDir], { encoding: 'utf8' }).stdout.split('\t')[0]);

// --- The real CLI, in a child, reporting its peak RSS when it exits.
const preload = path.join(root, 'rss.cjs');
fs.writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, `\\nPEAK_RSS_KB ${process.resourceUsage().maxRSS}\\n`));\n");
function cli(args: string[], env: NodeJS.ProcessEnv = {}): { seconds: number; rssMb: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['-r', preload, 'bin/promogpt.js', '--data-dir', dataDir, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`promogpt ${args.join(' ')} failed: ${r.stderr}`);
  const kb = Number(/PEAK_RSS_KB (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { seconds, rssMb: kb / 1024 };
}
function timed(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return (performance.now() - t) / 1000;
}
const drop = (f: string) => fs.rmSync(f, { recursive: true, force: true });

const tarFile = path.join(root, 'ws.tar');
const tarC = timed('tar', ['-cf', tarFile, '-C', wsDir, '.']);
const untarDir = path.join(root, 'untar');
fs.mkdirSync(untarDir);
const tarX = timed('tar', ['-xf', tarFile, '-C', untarDir]);
drop(tarFile);
drop(untarDir);

const plain = path.join(root, 'plain.promogpt');
const enc = path.join(root, 'enc.promogpt');
const pass = { BENCH_PASS: 'a bench passphrase' };
const ex = cli(['export', '--workspace', ws.id, '--out', plain]);
const exE = cli(['export', '--workspace', ws.id, '--out', enc, '--passphrase-env', 'BENCH_PASS'], pass);
const im = cli(['import', plain]);
const imE = cli(['import', enc, '--passphrase-env', 'BENCH_PASS'], pass);

const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
process.stdout.write(`Workspace folder: ${mb(folderBytes)} MB (${MEDIA_MB} MB media in ${Math.ceil(MEDIA_MB / FILE_MB)} files, ${ROWS} rows); export file ${mb(fs.statSync(plain).size)} MB plain, ${mb(fs.statSync(enc).size)} MB encrypted. ${os.cpus().length} cores.\n\n`);
process.stdout.write('| measurement | seconds | MB/s | vs tar | peak RSS MB |\n|---|---:|---:|---:|---:|\n');
const row = (what: string, s: number, tar: number | null, rss: number | null) =>
  process.stdout.write(`| ${what} | ${s.toFixed(2)} | ${(folderBytes / 1024 / 1024 / s).toFixed(0)} | ${tar ? `${(s / tar).toFixed(2)}×` : '—'} | ${rss ? rss.toFixed(0) : '—'} |\n`);
row('tar -cf of the workspace folder', tarC, null, null);
row('promogpt export (plain)', ex.seconds, tarC, ex.rssMb);
row('promogpt export (encrypted)', exE.seconds, tarC, exE.rssMb);
row('tar -xf', tarX, null, null);
row('promogpt import (plain)', im.seconds, tarX, im.rssMb);
row('promogpt import (encrypted)', imE.seconds, tarX, imE.rssMb);
drop(root);
