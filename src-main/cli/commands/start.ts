import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { packageInfo } from '../../core/platform/package-root';
import { findElectronBinary } from '../../core/platform/tools';
import type { CommandContext } from '../context';
import { serveInForeground, type ServeFlags } from './serve';

/** Why the desktop window cannot open here, or null when it can. */
export function whyNoDesktopWindow(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.PROMOGPT_BROWSER_MODE === '1') return 'PROMOGPT_BROWSER_MODE=1 is set';
  if (!findElectronBinary()) return 'the Electron binary is not installed (it could not be downloaded when PromoGPT was set up)';
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no display (DISPLAY and WAYLAND_DISPLAY are not set)';
  const native = path.join(packageInfo().root, 'build', 'electron-native', 'better_sqlite3.node');
  if (!fs.existsSync(native)) return 'SQLite has no Electron build yet (run `node scripts/electron-native.mjs`)';
  return null;
}

function runDesktop(ctx: CommandContext): Promise<void> {
  const electron = findElectronBinary() as string;
  const main = path.join(packageInfo().root, 'dist', 'main', 'electron-main.js');
  return new Promise((resolve) => {
    const child = spawn(electron, [main], { stdio: 'inherit', env: { ...process.env, PROMOGPT_DATA_DIR: ctx.dataDir } });
    child.on('exit', (code) => {
      process.exitCode = code ?? 0;
      resolve();
    });
  });
}

export function registerStartCommand(program: Command, run: (a: (ctx: CommandContext, flags: ServeFlags) => Promise<void>) => (...args: unknown[]) => Promise<void>): void {
  program
    .command('start')
    .description('Open PromoGPT: a desktop window where Electron can run, browser mode otherwise')
    .option('--port <n>', 'port for browser mode')
    .option('--no-open', 'in browser mode, do not open a browser')
    .action(
      run(async (ctx, flags) => {
        const reason = whyNoDesktopWindow();
        if (reason === null) return runDesktop(ctx);
        await serveInForeground(ctx, { ...flags, host: '127.0.0.1' }, reason);
      }),
    );
}
