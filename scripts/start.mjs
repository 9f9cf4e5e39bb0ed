// `npm start`: build what is out of date, then open PromoGPT (desktop window where Electron
// can run, browser mode otherwise). Extra arguments go to `promogpt start`.
import { spawnSync, spawn } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const stamp = path.join(root, 'dist', '.built-at');
const sources = ['src-main', 'src-shared', 'src-renderer'].map((d) => newest(path.join(root, d)));
if (!existsSync(stamp) || Math.max(...sources) > statSync(stamp).mtimeMs) {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const child = spawn(process.execPath, [path.join(root, 'bin', 'promogpt.js'), 'start', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
