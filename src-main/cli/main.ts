import { Command, CommanderError } from 'commander';
import { packageInfo } from '../core/platform/package-root';
import { commandContext, type CommandContext, type GlobalOptions } from './context';
import { printError } from './output';
import { registerAccountCommands } from './commands/account';
import { registerBackupCommands } from './commands/backup';
import { registerAiCommands } from './commands/ai';
import { registerAnalyticsCommands } from './commands/analytics';
import { registerDoctorCommand } from './commands/doctor';
import { registerMediaCommands } from './commands/media';
import { registerPostCommands } from './commands/post';
import { registerQueueCommands } from './commands/queue';
import { registerSchedulerCommands } from './commands/scheduler';
import { registerServeCommand } from './commands/serve';
import { registerStartCommand } from './commands/start';
import { registerWorkspaceCommands } from './commands/workspace';
import { registerYourDataCommands } from './commands/your-data';

/** The `promogpt` command: the same core as the app, scriptable, with --json output. */
export async function main(argv: string[]): Promise<number> {
  const wantsJson = argv.includes('--json');
  const program = new Command()
    .name('promogpt')
    .description('PromoGPT: your social media workstation, on your own machine.')
    .version(packageInfo().version)
    .option('--data-dir <dir>', 'where PromoGPT keeps its data (default: PROMOGPT_DATA_DIR or the OS app-data folder)')
    .option('--json', 'print one JSON document on stdout; errors as {"error":{…}} on stderr')
    .enablePositionalOptions(false)
    .showHelpAfterError(!wantsJson)
    .exitOverride()
    .configureOutput({
      // Usage errors are reported by us below, in JSON when asked.
      writeErr: (text) => {
        if (!wantsJson) process.stderr.write(text);
      },
    });

  const run =
    <A extends unknown[]>(action: (ctx: CommandContext, ...args: A) => Promise<void>) =>
    async (...args: unknown[]) => {
      const ctx = commandContext(program.opts<GlobalOptions>());
      try {
        // commander passes the positional arguments, then options, then the command itself.
        await action(ctx, ...(args.slice(0, -1) as A));
      } finally {
        ctx.close();
      }
    };

  registerWorkspaceCommands(program, run as never);
  registerAccountCommands(program, run as never);
  registerPostCommands(program, run as never);
  registerQueueCommands(program, run as never);
  registerMediaCommands(program, run as never);
  registerAiCommands(program, run as never);
  registerAnalyticsCommands(program, run as never);
  registerSchedulerCommands(program, run as never);
  registerServeCommand(program, run as never);
  registerStartCommand(program, run as never);
  registerDoctorCommand(program, run as never);
  registerBackupCommands(program, run as never);
  registerYourDataCommands(program, run as never);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help, --version
      if (wantsJson) process.stderr.write(`${JSON.stringify({ error: { name: 'ValidationError', message: error.message.replace(/^error: /, '') } })}\n`);
      return 2;
    }
    printError(error, wantsJson);
    return 1;
  }
}
