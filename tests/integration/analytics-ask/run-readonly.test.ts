import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runReadOnly } from '../../../src-main/core/analytics/ask/run-readonly';
import { tempDir } from '../../helpers/core';

// The query process on its own: its memory watchdog and what it leaves behind.

let file: string;
beforeEach(() => {
  file = path.join(tempDir('promogpt-readonly-'), 'w.db');
  const db = new Database(file);
  db.exec('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3);');
  db.close();
});

// About 320 MB of text held at once by SQLite.
const HUNGRY = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 4000000) SELECT length(group_concat(hex(randomblob(40)))) FROM c';

describe('runReadOnly', () => {
  it('answers a query well under the memory limit', async () => {
    expect(await runReadOnly(file, 'SELECT sum(n) AS total FROM t', { maxRows: 10, timeoutMs: 10_000, memoryMb: 200 })).toEqual({ ok: true, columns: ['total'], rows: [[6]], rowCount: 1, truncated: false });
  });

  it('stops a query that holds more than the memory limit, says so, and leaves no process behind', async () => {
    const outcome = await runReadOnly(file, HUNGRY, { maxRows: 10, timeoutMs: 30_000, memoryMb: 200 });
    expect(outcome).toEqual({ ok: false, reason: 'memory', message: 'The query needed more than 200 MB of memory and was stopped.' });
    const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
    expect(children).not.toContain('query_only');
  });
});
