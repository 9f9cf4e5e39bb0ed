// `npm run bench`: bundles each bench/*.bench.ts with esbuild and runs it; each prints a
// table. Benchmarks measure; they never pass or fail on time (our machines are shared).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2];
const out = mkdtempSync(path.join(os.tmpdir(), 'promogpt-bench-'));
const files = readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)));

for (const file of files) {
  const outfile = path.join(root, 'bench', '.out', file.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [path.join(root, 'bench', file)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" },
  });
  process.stdout.write(`\n## ${file.replace('.bench.ts', '')}\n\n`);
  const r = spawnSync(process.execPath, [outfile], { stdio: 'inherit', cwd: root, env: { ...process.env, BENCH_TMP: out } });
  if (r.status !== 0) process.exitCode = 1;
}
