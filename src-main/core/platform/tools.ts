import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

export type ToolName = 'ffmpeg' | 'ffprobe';

export interface FoundTool {
  path: string;
  /** Where it came from, in the order we look: an env variable, the npm package, or PATH. */
  source: 'env' | 'npm' | 'path';
  version: string;
}

const ENV_VAR: Record<ToolName, string> = { ffmpeg: 'FFMPEG_BIN', ffprobe: 'FFPROBE_BIN' };

function fromNpmPackage(tool: ToolName): string | undefined {
  try {
    if (tool === 'ffmpeg') {
      const p = require('ffmpeg-static') as string | null;
      return p ?? undefined;
    }
    return (require('ffprobe-static') as { path: string }).path;
  } catch {
    return undefined;
  }
}

function onPath(tool: ToolName, env: NodeJS.ProcessEnv): string | undefined {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const ext of exts) {
      const candidate = path.join(dir, tool + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

async function versionOf(file: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(file, ['-version'], { timeout: 10_000 });
    return /version\s+(\S+)/.exec(stdout)?.[1] ?? 'unknown';
  } catch {
    return undefined;
  }
}

/**
 * Finds ffmpeg or ffprobe: `FFMPEG_BIN`/`FFPROBE_BIN`, then ffmpeg-static/ffprobe-static,
 * then PATH. A candidate that does not run is skipped and named in `tried`; a broken
 * `FFMPEG_BIN`/`FFPROBE_BIN` ends the search, since the user chose it.
 */
export async function findTool(tool: ToolName, env: NodeJS.ProcessEnv = process.env): Promise<{ found?: FoundTool; tried: string[] }> {
  const tried: string[] = [];
  const candidates: [FoundTool['source'], string | undefined][] = [
    ['env', env[ENV_VAR[tool]]],
    ['npm', fromNpmPackage(tool)],
    ['path', onPath(tool, env)],
  ];
  for (const [source, candidate] of candidates) {
    if (!candidate) continue;
    const version = await versionOf(candidate);
    if (version) return { found: { path: candidate, source, version }, tried };
    tried.push(`${source === 'env' ? ENV_VAR[tool] : source}: ${candidate} does not run`);
    // An explicit choice that fails is reported, not silently replaced by another binary.
    if (source === 'env') break;
  }
  return { tried };
}

/** The Electron binary, if the electron package could download it. */
export function findElectronBinary(): string | undefined {
  try {
    const p = require('electron') as unknown;
    return typeof p === 'string' && fs.existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}
