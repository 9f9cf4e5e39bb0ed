import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const script = path.join(root, 'scripts', 'electron-native.mjs');
const output = path.join(root, 'build', 'electron-native', 'better_sqlite3.node');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'promogpt-electron-native-test-'));
const hadOutput = fs.existsSync(output);

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

// electron's index.js honours ELECTRON_OVERRIDE_DIST_PATH: it lets the test decide whether "the binary" exists.
function run(distPath: string, ...args: string[]) {
  const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: distPath };
  return spawnSync(process.execPath, [script, ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
}

describe('scripts/electron-native.mjs', () => {
  it('skips with one line and exit 0 when the Electron binary is absent', () => {
    const result = run(path.join(tmp, 'no-electron-here'));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^electron-native: skipped: the Electron binary is not installed.*\n$/);
    expect(result.stderr).toBe('');
    expect(fs.existsSync(output)).toBe(hadOutput);
  });

  // With headers already cached the script would go on to build, which is not this test's job.
  it.skipIf(fs.existsSync(path.join(root, 'build', '.electron-gyp')))('skips with one line and exit 0 when the headers cannot be downloaded', () => {
    const dist = path.join(tmp, 'fake-electron');
    fs.mkdirSync(dist);
    fs.writeFileSync(path.join(dist, 'electron'), '');
    // Port 9 on loopback: nothing listens, so the download fails at once.
    const result = run(dist, '--dist-url=http://127.0.0.1:9/headers');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^electron-native: skipped: Electron [\d.]+'s headers cannot be downloaded from http:\/\/127\.0\.0\.1:9\/headers\.\n$/);
    expect(fs.existsSync(output)).toBe(hadOutput);
  });
});
