// After `npm ci`: fetch the two optional binaries whose own install scripts npm is told not to
// run (package.json "allowScripts"), so that a machine without network access to their hosts
// still installs cleanly and runs in browser mode. Never fails the install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

function tryInstall(label, pkg, script, isPresent, whatIfNot) {
  const dir = path.join(root, 'node_modules', pkg);
  if (!existsSync(path.join(dir, script))) return;
  if (isPresent()) return;
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const r = spawnSync(process.execPath, [script], { cwd: dir, env, stdio: 'pipe', timeout: 300_000, encoding: 'utf8' });
  if (r.status === 0 && isPresent()) process.stdout.write(`promogpt: ${label} downloaded.\n`);
  else process.stdout.write(`promogpt: ${label} could not be downloaded here; ${whatIfNot}\n`);
}

const electronPresent = () => {
  try {
    const p = require('electron');
    return typeof p === 'string' && existsSync(p);
  } catch {
    return false;
  }
};
const ffmpegPresent = () => {
  try {
    const p = require('ffmpeg-static');
    return typeof p === 'string' && existsSync(p);
  } catch {
    return false;
  }
};

tryInstall('the Electron binary', 'electron', 'install.js', electronPresent, 'PromoGPT will open in browser mode (`npm start` says so).');
tryInstall('ffmpeg (ffmpeg-static)', 'ffmpeg-static', 'install.js', ffmpegPresent, 'PromoGPT will use FFMPEG_BIN or an ffmpeg on PATH (`npx promogpt doctor` checks).');
