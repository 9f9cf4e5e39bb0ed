// Builds everything the app runs from: the core's shells (CLI/browser mode, Electron main,
// preload) with esbuild, and the renderer with Vite. `npm ci` runs it through `prepare`.
import { build } from 'esbuild';
import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'main');
const quiet = process.argv.includes('--quiet');

const node = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', absWorkingDir: root };
const esmBanner = { js: "import { createRequire as __pgCreateRequire } from 'node:module'; const require = __pgCreateRequire(import.meta.url);" };

// The CLI carries its plain-JavaScript packages inside: one file to read and compile instead of
// hundreds (zod alone is ~100 modules), about 0.3 s off every command's start. Outside stay the
// native modules, the big one loaded only on first use (Bluesky's rich text), fluent-ffmpeg,
// which finds its files through __dirname (undefined in an ES module), and yazl, whose CRC-32
// module data/fast-crc.ts swaps for Node's native one in node_modules.
const loadedApart = ['better-sqlite3', '@napi-rs/keyring', '@atproto/api', 'fluent-ffmpeg', 'yazl', 'electron'];
await build({ ...node, entryPoints: ['src-main/cli/index.ts'], outfile: path.join(out, 'cli.js'), format: 'esm', external: loadedApart, banner: esmBanner });
await build({ ...node, entryPoints: ['src-main/electron/main.ts'], outfile: path.join(out, 'electron-main.js'), format: 'esm', packages: 'external', external: ['electron'], banner: esmBanner });
// A sandboxed preload can only require 'electron': everything else is bundled in.
await build({ ...node, entryPoints: ['src-main/electron/preload.ts'], outfile: path.join(out, 'preload.cjs'), format: 'cjs', external: ['electron'] });

const vite = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', quiet ? 'error' : 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (vite.status !== 0) process.exit(vite.status ?? 1);

mkdirSync(out, { recursive: true });
writeFileSync(path.join(root, 'dist', '.built-at'), new Date().toISOString());
if (!quiet) process.stdout.write('PromoGPT built into dist/.\n');
if (!existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
  process.stderr.write('The renderer build produced no index.html.\n');
  process.exit(1);
}
