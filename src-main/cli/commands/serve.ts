import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../../src-shared/errors';
import { packageInfo } from '../../core/platform/package-root';
import { isLoopbackAddress } from '../../server/security';
import { startServer } from '../../server/server';
import type { CommandContext } from '../context';
import { openInBrowser } from '../open-browser';

export const DEFAULT_PORT = 4780;

export interface ServeFlags {
  port?: string;
  host?: string;
  allowRemote?: boolean;
  open?: boolean;
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new AppError('ValidationError', `--port must be a whole number from 0 to 65535 (got "${value}").`);
  return n;
}

/** Browser mode in the foreground until Ctrl+C. `reason` says why there is no desktop window. */
export async function serveInForeground(ctx: CommandContext, flags: ServeFlags, reason?: string): Promise<void> {
  const host = flags.host ?? '127.0.0.1';
  if (!isLoopbackAddress(host) && flags.allowRemote) {
    process.stderr.write(`Warning: listening on ${host}: anyone who can reach this address and has the token can open your data.\n`);
  }
  const core = ctx.core();
  const explicit = parsePort(flags.port);
  const rendererDir = path.join(packageInfo().root, 'dist', 'renderer');
  const start = (port: number) => startServer({ core, rendererDir, host, port, allowRemote: flags.allowRemote });
  // The usual port is convenient, but another copy may hold it: then any free port will do.
  const server = explicit !== undefined ? await start(explicit) : await start(DEFAULT_PORT).catch(() => start(0));

  if (ctx.out.json) process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port, token: server.token })}\n`);
  else {
    if (reason) ctx.out.note(`No desktop window: ${reason}. Running in browser mode instead.`);
    ctx.out.note(`PromoGPT is running in browser mode.\n  Open:  ${server.url}\n  Data:  ${ctx.dataDir}\nPress Ctrl+C to stop.`);
  }
  if (flags.open && !ctx.out.json) {
    if (!openInBrowser(server.url)) ctx.out.note('(No browser could be opened from here: open the URL above yourself.)');
  }

  // Browser mode keeps publishing scheduled posts while it runs.
  core.startBackups(); // integrity check of every database, and the automatic backups
  core.scheduler.start();
  core.analytics.scheduleAll();
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void Promise.all([server.close(), core.scheduler.stop()]).then(() => resolve());
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function registerServeCommand(program: Command, run: (a: (ctx: CommandContext, flags: ServeFlags) => Promise<void>) => (...args: unknown[]) => Promise<void>): void {
  program
    .command('serve')
    .description('Run browser mode in the foreground: the app on http://127.0.0.1 with a per-run token')
    .option('--port <n>', `port to listen on (default ${DEFAULT_PORT}, or any free port if taken; 0 for any)`)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--allow-remote', 'allow a non-loopback --host (other machines could reach your data)')
    .option('--open', 'also open the default browser')
    .action(run((ctx, flags) => serveInForeground(ctx, { ...flags, open: flags.open === true })));
}
