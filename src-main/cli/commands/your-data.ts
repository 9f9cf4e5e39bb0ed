import type { Command } from 'commander';
import { AppError } from '../../../src-shared/errors';
import type { DataJob } from '../../../src-shared/your-data';
import { sniffExport } from '../../core/data/import-bundle';
import type { CommandContext } from '../context';
import { workspaceOf } from '../context';
import { readSecretInput } from '../secret-input';

type Run = (action: (ctx: CommandContext, ...args: never[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;

const PASSPHRASE_ENV = 'PROMOGPT_EXPORT_PASSPHRASE';

function megabytes(n: number): string {
  return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

function progressLine(job: DataJob): string {
  const pct = job.totalBytes > 0 ? `${Math.min(100, Math.floor((job.doneBytes / job.totalBytes) * 100))}%` : 'starting';
  return `${job.kind}: ${pct}  ${megabytes(job.doneBytes)} of ${megabytes(job.totalBytes)}`;
}

/** The passphrase from --passphrase-env VAR, or asked for (twice on a terminal when exporting). */
async function passphraseFrom(options: { passphraseEnv?: string }, confirm: boolean): Promise<string> {
  if (options.passphraseEnv) {
    const value = process.env[options.passphraseEnv];
    if (!value) throw new AppError('ValidationError', `The environment variable ${options.passphraseEnv} is empty or not set; put the passphrase in it.`);
    return value;
  }
  const first = await readSecretInput(PASSPHRASE_ENV, 'Passphrase');
  if (confirm && process.stdin.isTTY && !process.env[PASSPHRASE_ENV]) {
    const again = await readSecretInput(PASSPHRASE_ENV, 'Passphrase again');
    if (again !== first) throw new AppError('ValidationError', 'The two passphrases differ. Nothing was exported; try again.');
  }
  return first;
}

/** Follows an export or import, a progress line a second on stderr; Ctrl+C cancels it. */
async function follow(ctx: CommandContext, started: DataJob): Promise<DataJob> {
  const core = ctx.core();
  let latest = started;
  const off = core.events.onAny((event, payload) => {
    if (event === 'data.jobChanged' && (payload as DataJob).id === started.id) latest = payload as DataJob;
  });
  const ticker = setInterval(() => {
    process.stderr.write(ctx.out.json ? `${JSON.stringify({ jobId: latest.id, doneBytes: latest.doneBytes, totalBytes: latest.totalBytes })}\n` : `${progressLine(latest)}\n`);
  }, 1000);
  const cancel = () => void core.call('data.cancel', { jobId: started.id }).catch(() => undefined);
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  try {
    latest = await core.yourData.wait(started.id);
  } finally {
    clearInterval(ticker);
    off();
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
  if (latest.state !== 'succeeded') throw new AppError((latest.error?.name as never) ?? 'Internal', latest.error?.message ?? `The ${latest.kind} ended as ${latest.state}.`);
  return latest;
}

interface ExportOptions {
  workspace?: string;
  all?: boolean;
  out: string;
  csv?: string;
  encrypt?: boolean;
  passphraseEnv?: string;
}

/** `export` and `import`: a workspace (or the whole app) to one .promogpt file and back. */
export function registerYourDataCommands(program: Command, run: Run): void {
  program
    .command('export')
    .description('Save a workspace (or all with --all) to one .promogpt file, or a table as CSV; progress on stderr, Ctrl+C cancels')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .option('--all', 'every workspace of the app in one file')
    .requiredOption('--out <file>', 'the file to write (it must not exist yet)')
    .option('--csv <table>', 'save one table as CSV for spreadsheets instead: posts, post_targets, media_items, or an analytics table')
    .option('--encrypt', `encrypt with a passphrase (asked for, or read from ${PASSPHRASE_ENV} or standard input)`)
    .option('--passphrase-env <var>', 'encrypt with the passphrase in this environment variable')
    .action(
      run(async (ctx, options: ExportOptions) => {
        if (options.all && options.workspace) throw new AppError('ValidationError', 'Give --workspace ID or --all, not both.');
        if (options.csv) {
          if (options.all || options.encrypt || options.passphraseEnv) throw new AppError('ValidationError', '--csv saves one table of one workspace, unencrypted: leave out --all, --encrypt and --passphrase-env.');
          const result = await ctx.core().call('data.exportCsv', { workspaceId: workspaceOf(ctx, options), table: options.csv, out: options.out });
          ctx.out.result(result, () => `Saved ${result.rows} rows of ${result.table} to ${result.file}`);
          return;
        }
        const workspaceId = options.all ? undefined : workspaceOf(ctx, options);
        const passphrase = options.encrypt || options.passphraseEnv ? await passphraseFrom(options, true) : undefined;
        const started = await ctx.core().call('data.export', { ...(workspaceId ? { workspaceId } : { all: true }), out: options.out, ...(passphrase ? { passphrase } : {}) });
        const job = await follow(ctx, started);
        ctx.out.result(job, () => `Exported to ${job.file} (${megabytes(job.fileBytes ?? job.doneBytes)}${job.encrypted ? ', encrypted' : ''})`);
      }),
    );

  program
    .command('import')
    .description('Import a .promogpt file as new workspaces (never over an existing one); accounts come back to be reconnected')
    .argument('<file>', 'the .promogpt file')
    .option('--passphrase-env <var>', `the passphrase of an encrypted file is in this environment variable (else asked for, or read from ${PASSPHRASE_ENV} or standard input)`)
    .action(
      run(async (ctx, file: string, options: { passphraseEnv?: string }) => {
        const passphrase = sniffExport(file) === 'encrypted' ? await passphraseFrom(options, false) : undefined;
        const started = await ctx.core().call('data.import', { file, ...(passphrase ? { passphrase } : {}) });
        const job = await follow(ctx, started);
        ctx.out.result(job, () =>
          (job.imported ?? [])
            .map(
              (w) =>
                `Imported workspace ${w.id} "${w.name}"${w.accountsToReconnect ? ` — ${w.accountsToReconnect} account(s) to reconnect: promogpt account list --workspace ${w.id}` : ''}` +
                (w.heldPosts
                  ? `\n  ${w.heldPosts} scheduled post(s) held so they are not posted twice (the original workspace is on this computer too). Once the original will not post them, resume each with promogpt post retry TARGET --workspace ${w.id} (see promogpt post list --workspace ${w.id} --status needs_attention)`
                  : ''),
            )
            .join('\n'),
        );
      }),
    );
}
