// Foundation costs a user feels: opening the app, one call over browser mode's WebSocket,
// creating a workspace, and the CLI's cold start.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { createCore } from '../src-main/core/app';
import { memorySecretStore } from '../src-main/core/platform/secrets';
import { startServer } from '../src-main/server/server';
import { printTable, summarize } from './stats';

const tmp = () => fs.mkdtempSync(path.join(process.env.BENCH_TMP ?? os.tmpdir(), 'data-'));
const rows: Parameters<typeof printTable>[0] = [];
const record = (what: string, samples: number[], unit = 'ms') => rows.push({ what, unit, ...summarize(samples) });

// Creating workspaces (folder + migrated database + registry row).
const dataDir = tmp();
const core = createCore({ dataDir, shell: 'cli', secrets: memorySecretStore() });
const creates: number[] = [];
for (let i = 0; i < 50; i++) {
  const t = performance.now();
  await core.call('workspace.create', { name: `Client ${i}` });
  creates.push(performance.now() - t);
}
record('workspace.create (of 50)', creates);

// Round trip of a contract call over the WebSocket, as the browser makes it.
const server = await startServer({ core, rendererDir: tmp(), port: 0, token: 'bench' });
const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`, { headers: { Cookie: `promogpt_session_${server.port}=bench`, Origin: `http://127.0.0.1:${server.port}` } });
await new Promise((r) => ws.once('open', r));
const calls: number[] = [];
for (let id = 1; id <= 2000; id++) {
  const t = performance.now();
  await new Promise<void>((resolve) => {
    ws.once('message', () => resolve());
    ws.send(JSON.stringify({ type: 'call', id, method: 'workspace.list', input: {} }));
  });
  calls.push(performance.now() - t);
}
record('WebSocket call workspace.list (50 workspaces)', calls);
ws.close();
await server.close();
core.close();

// Opening the core on an existing data dir (50 workspaces).
const opens: number[] = [];
for (let i = 0; i < 20; i++) {
  const t = performance.now();
  createCore({ dataDir, shell: 'cli', secrets: memorySecretStore() }).close();
  opens.push(performance.now() - t);
}
record('open app.db + registry', opens);

// The CLI as a script calls it: a new process each time.
const cli: number[] = [];
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['bin/promogpt.js', '--data-dir', dataDir, '--json', 'workspace', 'list'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  cli.push(performance.now() - t);
}
record('CLI cold start: workspace list --json', cli);

printTable(rows);
process.stdout.write(`\nNode ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}).\n`);
