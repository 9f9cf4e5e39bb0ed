import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';

export interface StartedApp {
  url: string;
  port: number;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Starts PromoGPT the way the README says (`npm start`), in a fresh data folder (or the one given), in browser mode. */
export async function startApp(options: { dataDir?: string } = {}): Promise<StartedApp> {
  // A given folder starts the app again on the data an earlier run left (a restart).
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'promogpt-e2e-'));
  const child: ChildProcess = spawn('npm', ['start', '--silent', '--', '--json', '--no-open', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, PROMOGPT_DATA_DIR: dataDir, PROMOGPT_BROWSER_MODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() ends npm and the node processes under it
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL in 60 s: ${stderr}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const json = out.split('\n').find((l) => l.startsWith('{'));
      if (json) {
        clearTimeout(timer);
        resolve(json);
      }
    });
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}: ${stderr}`)));
  });
  const { url, port, token } = JSON.parse(line) as { url: string; port: number; token: string };
  return {
    url,
    port,
    token,
    dataDir,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        process.kill(-(child.pid as number), 'SIGTERM');
      }),
  };
}

export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

/** A full-page screenshot in test-results/screenshots/, kept as a CI artifact. */
export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

/** A link of the app's main navigation (Compose, Calendar, Media, …). */
export const navLink = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
