import type { Command } from 'commander';
import type { CommandContext } from '../context';

type Run = (action: (ctx: CommandContext, ...args: never[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;

/** Waits for Ctrl+C or a service manager's SIGTERM. */
const untilStopped = () =>
  new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

export function registerSchedulerCommands(program: Command, run: Run): void {
  program
    .command('scheduler')
    .description('Publish scheduled posts')
    .command('run')
    .description('Run the scheduler in the foreground (for a machine that stays on); --until-idle publishes what is due and exits')
    .option('--until-idle', 'publish everything due now, then exit')
    .action(
      run(async (ctx, options: { untilIdle?: boolean }) => {
        const core = ctx.core();
        const { scheduler } = core;
        // Backups are scheduler jobs too; a damaged database is reported before anything runs.
        core.startBackups();
        for (const failed of core.backups.failed()) {
          ctx.out.note(`Warning: the database of workspace ${failed.workspaceId} failed its integrity check (${failed.problems[0]}). Restore a backup: promogpt backup list --workspace ${failed.workspaceId}`);
        }
        if (options.untilIdle) {
          const summary = await scheduler.runUntilIdle();
          ctx.out.result({ ...summary, integrityFailures: core.backups.failed() }, () =>
            `Ran ${summary.started} job(s): ${summary.succeeded} done, ${summary.retried} to retry later, ${summary.failed} failed, ${summary.needsAttention} need attention.`,
          );
          return;
        }
        scheduler.start();
        ctx.core().analytics.scheduleAll();
        ctx.out.note('The scheduler is running: due posts are published as their time comes. Press Ctrl+C to stop.');
        await untilStopped();
        await scheduler.stop();
        ctx.out.result({ stopped: true }, () => 'Stopped.');
      }),
    );
}
