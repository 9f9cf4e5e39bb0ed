// The log file sink: one append per line, yet it still rotates past its size, notices lines
// another process wrote, and carries on after its folder was removed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileSink, type LogRecord } from '../../../src-main/core/platform/logger';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const logDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'promogpt-log-'));
  dirs.push(d);
  return path.join(d, 'logs');
};
const record = (msg: string): LogRecord => ({ at: '2026-03-01T09:00:00.000Z', level: 'info', area: 'test', msg });
const lines = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as LogRecord).msg);

describe('log file sink', () => {
  it('makes the folder, appends JSON lines, and rotates to .1 once past the size', () => {
    const dir = logDir();
    const sink = fileSink(dir, 300);
    for (let i = 0; i < 6; i++) sink(record(`line ${i}`)); // ~90 bytes each: past 300 after the 4th
    const file = path.join(dir, 'promogpt.log');
    expect(lines(`${file}.1`)).toEqual(['line 0', 'line 1', 'line 2', 'line 3']);
    expect(lines(file)).toEqual(['line 4', 'line 5']);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('counts what another writer added when it looks again, and starts over after the folder was removed', () => {
    const dir = logDir();
    const file = path.join(dir, 'promogpt.log');
    const sink = fileSink(dir, 1000);
    sink(record('first'));
    fs.appendFileSync(file, `${JSON.stringify(record('x'.repeat(2000)))}\n`); // another process
    for (let i = 0; i < 200; i++) sink(record(`n${i}`)); // looks at the size again within these
    expect(fs.existsSync(`${file}.1`)).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
    sink(record('lost')); // the folder is gone: dropped, never thrown
    sink(record('after'));
    expect(lines(file)).toEqual(['after']);
  });
});
