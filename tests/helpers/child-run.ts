// Runs a TypeScript entry in a separate node process, as a second PromoGPT process (or one that
// gets killed) would: bundled with esbuild like bench/run.mjs, with node_modules left external.
// The bundle is written under the checkout's .tmp/ so those packages resolve from it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface ChildBundle {
  file: string;
  dispose(): void;
}

/** Bundles `entry` (a .ts file) into one ESM file that node can run. */
export async function bundleForChild(entry: string): Promise<ChildBundle> {
  const parent = path.join(ROOT, '.tmp', 'child-run');
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, `${path.basename(entry, '.ts')}-`));
  const file = path.join(dir, 'entry.mjs');
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" },
  });
  return { file, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a bundle in a child node process and waits for it to end, however it ends. Asynchronous
 * on purpose: fake servers in this process must keep answering the child meanwhile.
 */
export function runChild(file: string, opts: { env?: NodeJS.ProcessEnv; args?: string[]; timeoutMs?: number } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...(opts.args ?? [])], { cwd: ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child ${path.basename(file)} did not finish in ${opts.timeoutMs ?? 60_000} ms\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The last line of a child's stdout parsed as JSON (the child's report). */
export function lastJsonLine<T>(result: ChildResult): T {
  const line = result.stdout.trim().split('\n').filter(Boolean).at(-1);
  if (!line) throw new Error(`the child printed nothing (code ${result.code}, signal ${result.signal})\n${result.stderr}`);
  return JSON.parse(line) as T;
}
