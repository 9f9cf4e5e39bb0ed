import type { Command } from 'commander';
import type { BackupInfo } from '../../../src-shared/backups';
import { AppError } from '../../../src-shared/errors';
import type { CommandContext } from '../context';
import { askLine } from '../prompt';
import { backupLine, checkLines, deletionLines, eventLine } from './backup-render';

type Run = (action: (ctx: CommandContext, ...args: never[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;

/** The workspaces a command means: the one named, or all of them. */
const targets = (ctx: CommandContext, workspace: string | undefined) => (workspace ? [ctx.core().workspaces.get(workspace)] : ctx.core().workspaces.list());

export function registerBackupCommands(program: Command, run: Run): void {
  const backup = program.command('backup').description('Back up workspace databases and restore them (media files are not part of a backup)');

  backup
    .command('list')
    .option('--workspace <id>', 'only this workspace (default: all)')
    .description('List backups, newest first, with what each one holds')
    .action(
      run(async (ctx, options: { workspace?: string }) => {
        const all: BackupInfo[] = [];
        for (const ws of targets(ctx, options.workspace)) all.push(...(await ctx.core().call('backup.list', { workspaceId: ws.id })));
        ctx.out.result(all, () => (all.length ? all.map(backupLine).join('\n') : 'No backups yet. Take one with `promogpt backup create`.'));
      }),
    );

  backup
    .command('create')
    .option('--workspace <id>', 'only this workspace (default: all)')
    .description('Take a backup now (checks the database first)')
    .action(
      run(async (ctx, options: { workspace?: string }) => {
        const list = targets(ctx, options.workspace);
        if (list.length === 0) throw new AppError('NotFound', 'There is no workspace yet. Create one with `promogpt workspace create NAME`.');
        const taken: BackupInfo[] = [];
        for (const ws of list) taken.push(await ctx.core().call('backup.create', { workspaceId: ws.id }));
        ctx.out.result(taken, () => taken.map((b) => `Backup taken: ${backupLine(b)}`).join('\n'));
      }),
    );

  backup
    .command('restore')
    .argument('<backupId>', 'the backup id (see `backup list`)')
    .requiredOption('--workspace <id>', 'the workspace to restore into')
    .description("Replace a workspace's database with a backup (the current state is backed up first)")
    .action(
      run(async (ctx, backupId: string, options: { workspace: string }) => {
        const r = await ctx.core().call('backup.restore', { workspaceId: options.workspace, backupId });
        ctx.out.result(r, () =>
          [
            `Restored backup ${r.restored.id} of ${r.restored.takenAt} into workspace ${options.workspace}.`,
            r.safetyBackup ? `The state before the restore was saved as backup ${r.safetyBackup.id}.` : 'The damaged database before the restore was kept aside in its backups folder (damaged/).',
            r.integrity.ok ? 'Integrity check: ok.' : `Integrity check FAILED: ${r.integrity.problems[0]}`,
          ].join('\n'),
        );
      }),
    );

  program
    .command('security-log')
    .option('--workspace <id>', 'only events of this workspace')
    .option('--kind <kind>', 'only events of this kind, e.g. account.connected')
    .option('--since <iso>', 'only events at or after this time, e.g. 2026-03-01T00:00:00Z')
    .description('Show the security log: sign-ins, deletions, backups, integrity failures (never secrets)')
    .action(
      run(async (ctx, options: { workspace?: string; kind?: string; since?: string }) => {
        const events = await ctx.core().call('securityLog.list', {
          ...(options.workspace ? { workspaceId: options.workspace } : {}),
          ...(options.kind ? { kind: options.kind } : {}),
          ...(options.since ? { since: options.since } : {}),
        });
        ctx.out.result(events, () => (events.length ? events.map(eventLine).join('\n') : 'No security events match.'));
      }),
    );

  program
    .command('delete-everything')
    .option('--confirm <phrase>', 'type "delete everything" (for scripts)')
    .description("Delete every workspace, the app's settings and all of PromoGPT's keychain entries, then check that nothing remains")
    .action(
      run(async (ctx, options: { confirm?: string }) => {
        let confirm = options.confirm;
        if (confirm === undefined) {
          if (!process.stdin.isTTY || ctx.out.json) throw new AppError('ValidationError', 'This deletes all of PromoGPT\'s data. Add --confirm "delete everything" to confirm.');
          confirm = await askLine('This deletes ALL workspaces, settings and keychain entries of PromoGPT. Type "delete everything" to confirm: ');
        }
        const r = await ctx.core().call('app.deleteEverything', { confirm });
        ctx.out.result(r, () =>
          [
            ...r.workspaces.flatMap(deletionLines),
            `App settings and the security log cleared; ${r.appKeychainEntriesRemoved} other keychain entr(ies) removed.`,
            'Check of the whole data folder and keychain:',
            ...checkLines(r.check),
          ].join('\n'),
        );
        if (!r.check.clean) process.exitCode = 1;
      }),
    );
}
