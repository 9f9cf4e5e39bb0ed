import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../../src-main/core/app';
import { fixedClock } from '../../src-main/core/platform/clock';
import { sequentialIds } from '../../src-main/core/platform/ids';
import { memorySecretStore, type SecretStore } from '../../src-main/core/platform/secrets';

export const FIXED_NOW = '2026-03-01T09:00:00.000Z';

export function tempDir(prefix = 'promogpt-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A real core on a real SQLite file in a temp folder, with a fixed clock and deterministic ids. */
export function testCore(opts: { dataDir?: string; secrets?: SecretStore; env?: NodeJS.ProcessEnv } = {}): Core & { dataDir: string; clock: ReturnType<typeof fixedClock> } {
  const dataDir = opts.dataDir ?? tempDir();
  const clock = fixedClock(FIXED_NOW);
  const core = createCore({ dataDir, shell: 'cli', clock, ids: sequentialIds(), secrets: opts.secrets ?? memorySecretStore(), ...(opts.env ? { env: opts.env } : {}) });
  return Object.assign(core, { dataDir, clock });
}

/** Every file under a folder with the sha256 of its bytes, to prove that nothing changed. */
export function snapshotFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}
