// Builds better-sqlite3 against the installed Electron's headers into
// build/electron-native/better_sqlite3.node. The Node build in node_modules stays as it is
// for tests and the CLI; the desktop app passes this one to better-sqlite3 as `nativeBinding`
// (src-main/electron/native.ts). electron-builder runs with `npmRebuild: false` and packs it.
//
// Exit 0 with one line when it cannot run here (no Electron binary, headers unreachable):
// the caller decides whether that matters. Exit 1 only on an unexpected failure.
//   node scripts/electron-native.mjs [--arch=x64|arm64|ia32] [--dist-url=<headers mirror>]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const OUT_DIR = path.join(root, 'build', 'electron-native');
const OUT_FILE = path.join(OUT_DIR, 'better_sqlite3.node');
// Electron's headers are kept apart from node-gyp's Node headers: a shared cache can mix them up.
const DEV_DIR = path.join(root, 'build', '.electron-gyp');

const say = (line) => process.stdout.write(`electron-native: ${line}\n`);

function skip(reason) {
  say(`skipped: ${reason}`);
  process.exit(0);
}

/** The installed Electron's version, or null when its binary is absent (postinstall download failed or skipped). */
function installedElectron() {
  let binary;
  try {
    binary = require('electron'); // the executable's path; throws when the download never happened
  } catch {
    return null;
  }
  if (typeof binary !== 'string' || !fs.existsSync(binary)) return null;
  const dir = path.dirname(require.resolve('electron/package.json'));
  const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const abiFile = path.join(dir, 'abi_version');
  const abi = fs.existsSync(abiFile) ? fs.readFileSync(abiFile, 'utf8').trim() : null;
  return { version, abi };
}

function argValue(name) {
  const prefix = `--${name}=`;
  return process.argv.slice(2).find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

const DIST_URL = (argValue('dist-url') ?? 'https://electronjs.org/headers').replace(/\/+$/, '');

/** True when node-gyp already has these headers or can download them now. */
async function headersAvailable(version) {
  if (fs.existsSync(path.join(DEV_DIR, version, 'include', 'node', 'node_version.h'))) return true;
  try {
    const response = await fetch(`${DIST_URL}/v${version}/node-v${version}-headers.tar.gz`, {
      method: 'HEAD',
      redirect: 'follow',
      signal: AbortSignal.timeout(20_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

async function main() {
  const electron = installedElectron();
  if (!electron) skip('the Electron binary is not installed, so there is no desktop app to build for (browser mode and the CLI need nothing from this step).');
  if (!(await headersAvailable(electron.version))) skip(`Electron ${electron.version}'s headers cannot be downloaded from ${DIST_URL}.`);

  const arch = argValue('arch') ?? process.arch;
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const nodeGyp = path.join(path.dirname(require.resolve('node-gyp/package.json')), 'bin', 'node-gyp.js');
  // A temporary copy, so the Node build in node_modules (used by tests and the CLI) is never touched.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'promogpt-electron-native-'));
  try {
    const copy = path.join(work, 'better-sqlite3');
    const sourceBuild = path.join(source, 'build');
    fs.cpSync(source, copy, { recursive: true, filter: (p) => p !== sourceBuild && !p.startsWith(sourceBuild + path.sep) });

    say(`building better-sqlite3 for Electron ${electron.version} (${arch})…`);
    const args = [nodeGyp, 'rebuild', '--release', `--target=${electron.version}`, `--arch=${arch}`, `--dist-url=${DIST_URL}`, '--runtime=electron', `--devdir=${DEV_DIR}`];
    const built = spawnSync(process.execPath, args, { cwd: copy, stdio: 'inherit' });
    if (built.error) throw built.error;
    if (built.status !== 0) throw new Error(`node-gyp exited with ${built.status ?? built.signal}`);

    const binary = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
    // A build against Node's headers loads in tests and then fails inside Electron: check the ABI it registers.
    if (electron.abi && !fs.readFileSync(binary).includes(`node_register_module_v${electron.abi}`)) {
      throw new Error(`the built module does not register Electron's ABI ${electron.abi}; it was built against the wrong headers`);
    }
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const partial = `${OUT_FILE}.partial`;
    fs.copyFileSync(binary, partial);
    fs.renameSync(partial, OUT_FILE); // never leave a half-copied binary where the app looks
    say(`wrote ${path.relative(root, OUT_FILE)} (Electron ${electron.version}, ABI ${electron.abi ?? 'unknown'}, ${arch}).`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`electron-native: failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
