import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { DoctorCheck, DoctorReport } from '../../../src-shared/domain';
import type { SecretStore } from '../platform/secrets';
import { findElectronBinary, findTool, type ToolName } from '../platform/tools';
import { redactText } from '../platform/redact';
import { checkDatabases } from '../backups/doctor-check';

export interface DoctorDeps {
  dataDir: string;
  secrets: SecretStore;
  env?: NodeJS.ProcessEnv;
  nodeVersion?: string;
}

const MIN_NODE = [20, 9] as const;

function checkNode(version: string): DoctorCheck {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  const good = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return good
    ? { id: 'node', label: 'Node.js', status: 'ok', detail: version }
    : { id: 'node', label: 'Node.js', status: 'fail', detail: version, fix: `Install Node.js ${MIN_NODE.join('.')} or newer.` };
}

function checkSqlite(): DoctorCheck {
  try {
    const db = new Database(':memory:');
    const { v } = db.prepare('SELECT sqlite_version() AS v').get() as { v: string };
    db.close();
    return { id: 'sqlite', label: 'SQLite (better-sqlite3)', status: 'ok', detail: v };
  } catch (error) {
    return {
      id: 'sqlite',
      label: 'SQLite (better-sqlite3)',
      status: 'fail',
      detail: redactText(String(error instanceof Error ? error.message : error)).slice(0, 200),
      fix: 'Run `npm rebuild better-sqlite3` in the PromoGPT folder.',
    };
  }
}

function checkDataDir(dir: string): DoctorCheck {
  const shown = redactText(dir);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const probe = path.join(dir, `.doctor-${randomBytes(4).toString('hex')}`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe);
    return { id: 'data-dir', label: 'Data folder', status: 'ok', detail: `${shown} (writable)` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return {
      id: 'data-dir',
      label: 'Data folder',
      status: 'fail',
      detail: `${shown} is not writable (${code})`,
      fix: 'Choose a writable folder with --data-dir or PROMOGPT_DATA_DIR, or fix its permissions.',
    };
  }
}

async function checkKeychain(secrets: SecretStore): Promise<DoctorCheck> {
  // A real round trip: reachability alone does not prove an unlocked, writable keyring.
  const key = `doctor/probe-${randomBytes(6).toString('hex')}`;
  const value = randomBytes(12).toString('hex');
  try {
    await secrets.set(key, value);
    const back = await secrets.get(key);
    await secrets.delete(key);
    if (back !== value) throw new Error('the keychain returned a different value');
    return { id: 'keychain', label: 'OS keychain', status: 'ok', detail: 'stored, read and deleted a test entry' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const [what, ...rest] = message.split('). ');
    return {
      id: 'keychain',
      label: 'OS keychain',
      status: 'warn',
      detail: rest.length ? `${what})` : message,
      fix: rest.length ? rest.join('). ') : 'Make the OS keychain available; connected accounts need it.',
    };
  }
}

async function checkTool(tool: ToolName, env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const { found, tried } = await findTool(tool, env);
  const envVar = tool === 'ffmpeg' ? 'FFMPEG_BIN' : 'FFPROBE_BIN';
  if (found) return { id: tool, label: tool, status: 'ok', detail: `${found.version} (${redactText(found.path)}, from ${found.source})` };
  return {
    id: tool,
    label: tool,
    status: 'warn',
    detail: tried.length ? tried.join('; ') : 'not found',
    fix: env[envVar]
      ? `Point ${envVar} at a working ${tool}, or unset it to use the one PromoGPT finds.`
      : `Install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg) or set ${envVar}; media features need it.`,
  };
}

function checkElectron(): DoctorCheck {
  const binary = findElectronBinary();
  return binary
    ? { id: 'electron', label: 'Electron (desktop window)', status: 'ok', detail: redactText(binary) }
    : {
        id: 'electron',
        label: 'Electron (desktop window)',
        status: 'warn',
        detail: 'not installed: the app runs in browser mode',
        fix: 'Run `node node_modules/electron/install.js` on a machine that can download Electron, for the desktop window.',
      };
}

/** Reports each dependency truthfully; `ok` is false only when PromoGPT cannot run at all. */
export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const env = deps.env ?? process.env;
  const checks: DoctorCheck[] = [
    checkNode(deps.nodeVersion ?? process.version),
    checkSqlite(),
    checkDataDir(deps.dataDir),
    checkDatabases(deps.dataDir),
    await checkKeychain(deps.secrets),
    await checkTool('ffmpeg', env),
    await checkTool('ffprobe', env),
    checkElectron(),
  ];
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}
