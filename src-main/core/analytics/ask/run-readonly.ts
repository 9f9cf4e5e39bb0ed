import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Cell } from '../../../../src-shared/analytics-ask';

// better-sqlite3 cannot interrupt a running statement, and a worker thread stuck in native code
// cannot be stopped either: the query runs in a child process on its own read-only connection
// (readonly: true plus PRAGMA query_only), which is killed when the time limit passes. Nothing is
// left running, and the app's own connection is never blocked.
//
// Memory: this better-sqlite3 build keeps no memory statistics, so PRAGMA hard_heap_limit is not
// enforced. A watchdog thread in the child (it runs while the main thread is inside SQLite)
// kills the process once it holds more than the limit, and says so on stderr.

export type RunOutcome =
  | { ok: true; columns: string[]; rows: Cell[][]; rowCount: number; truncated: boolean }
  | { ok: false; reason: 'timeout' | 'memory' | 'error'; message: string };

/** What a query may hold, SQLite's sorts and the rows together. */
export const QUERY_MEMORY_LIMIT_MB = 512;
const MEMORY_MARK = 'PROMOGPT_QUERY_MEMORY_LIMIT';
const STARTED = 'PROMOGPT_QUERY_STARTED';
/** For starting node and opening the database, before the query's own time limit begins. */
const START_LIMIT_MS = 20_000;

// Plain JS for `node -e`: reads {dbFile, sql, maxRows, memoryBytes, module, nativeBinding (Electron's build)}
// on stdin, starts the memory watchdog, then runs the query and writes one JSON line.
const CHILD = `
const { Worker } = require('node:worker_threads');
const WATCHDOG = "const { workerData } = require('node:worker_threads'); const fs = require('node:fs');" +
  "setInterval(() => { if (process.memoryUsage.rss() > workerData) { fs.writeSync(2, '${MEMORY_MARK}'); process.kill(process.pid, 'SIGKILL'); } }, 20);";
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const job = JSON.parse(input);
  const watchdog = new Worker(WATCHDOG, { eval: true, workerData: job.memoryBytes });
  // Kept referenced: the process ends by process.exit once the answer is written.
  watchdog.once('online', () => run(job));
});
function run({ dbFile, sql, maxRows, module, nativeBinding }) {
  let out;
  // The time limit counts from here, not from the process start (slow on a busy machine).
  require('node:fs').writeSync(1, '${STARTED}\\n');
  try {
    const Database = require(module);
    const db = new Database(dbFile, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    db.pragma('query_only = 1');
    const stmt = db.prepare(sql);
    if (!stmt.reader || !stmt.readonly) throw new Error('the query would change data');
    stmt.raw(true);
    const columns = stmt.columns().map((c) => c.name);
    const rows = [];
    let truncated = false;
    for (const row of stmt.iterate()) {
      if (rows.length === maxRows) { truncated = true; break; }
      rows.push(row.map((v) => (typeof v === 'bigint' ? Number(v) : Buffer.isBuffer(v) ? '<' + v.length + ' bytes>' : v)));
    }
    db.close();
    out = { ok: true, columns, rows, rowCount: rows.length, truncated };
  } catch (e) {
    out = { ok: false, reason: 'error', message: String(e && e.message || e) };
  }
  process.stdout.write(JSON.stringify(out) + '\\n', () => process.exit(0));
}
`;

const betterSqlite = () => createRequire(import.meta.url).resolve('better-sqlite3');

export function runReadOnly(dbFile: string, sql: string, opts: { maxRows: number; timeoutMs: number; memoryMb?: number; nativeBinding?: string | undefined }): Promise<RunOutcome> {
  const memoryMb = opts.memoryMb ?? QUERY_MEMORY_LIMIT_MB;
  return new Promise((resolve) => {
    // In Electron, execPath is the app itself: run it as plain Node (its better-sqlite3 build matches).
    const child = spawn(process.execPath, ['-e', CHILD], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (outcome: RunOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const stopAfter = (ms: number, message: string) =>
      setTimeout(() => {
        child.kill('SIGKILL');
        finish({ ok: false, reason: 'timeout', message });
      }, ms);
    let timer = stopAfter(START_LIMIT_MS, `The query process did not start within ${START_LIMIT_MS / 1000} s and was stopped.`);
    let started = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      if (!started && stdout.startsWith(`${STARTED}\n`)) {
        started = true;
        stdout = stdout.slice(STARTED.length + 1);
        clearTimeout(timer);
        timer = stopAfter(opts.timeoutMs, `The query ran longer than ${opts.timeoutMs / 1000} s and was stopped.`);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', (error) => finish({ ok: false, reason: 'error', message: `could not start the query process: ${error.message}` }));
    child.on('close', () => {
      if (stderr.includes(MEMORY_MARK)) return finish({ ok: false, reason: 'memory', message: `The query needed more than ${memoryMb} MB of memory and was stopped.` });
      try {
        finish(JSON.parse(stdout) as RunOutcome);
      } catch {
        finish({ ok: false, reason: 'error', message: `the query process ended without an answer${stderr ? `: ${stderr.trim().slice(0, 300)}` : ''}` });
      }
    });
    child.stdin.end(JSON.stringify({ dbFile, sql, maxRows: opts.maxRows, memoryBytes: memoryMb * 1024 * 1024, module: betterSqlite(), nativeBinding: opts.nativeBinding }));
  });
}
