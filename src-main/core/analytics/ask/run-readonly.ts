import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Cell } from '../../../../src-shared/analytics-ask';

// better-sqlite3 cannot interrupt a running statement, and a worker thread stuck in native code
// cannot be stopped either: the query runs in a child process on its own read-only connection
// (readonly: true plus PRAGMA query_only), which is killed when the time limit passes. Nothing is
// left running, and the app's own connection is never blocked.

export type RunOutcome =
  | { ok: true; columns: string[]; rows: Cell[][]; rowCount: number; truncated: boolean }
  | { ok: false; reason: 'timeout' | 'error'; message: string };

// Plain JS for `node -e`: reads {dbFile, sql, maxRows, module, nativeBinding (Electron's build)} on stdin, writes one JSON line.
const CHILD = `
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const { dbFile, sql, maxRows, module, nativeBinding } = JSON.parse(input);
  let out;
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
});
`;

const betterSqlite = () => createRequire(import.meta.url).resolve('better-sqlite3');

export function runReadOnly(dbFile: string, sql: string, opts: { maxRows: number; timeoutMs: number; nativeBinding?: string | undefined }): Promise<RunOutcome> {
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
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ ok: false, reason: 'timeout', message: `The query ran longer than ${opts.timeoutMs / 1000} s and was stopped.` });
    }, opts.timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', (error) => finish({ ok: false, reason: 'error', message: `could not start the query process: ${error.message}` }));
    child.on('close', () => {
      try {
        finish(JSON.parse(stdout) as RunOutcome);
      } catch {
        finish({ ok: false, reason: 'error', message: `the query process ended without an answer${stderr ? `: ${stderr.trim().slice(0, 300)}` : ''}` });
      }
    });
    child.stdin.end(JSON.stringify({ dbFile, sql, maxRows: opts.maxRows, module: betterSqlite(), nativeBinding: opts.nativeBinding }));
  });
}
