import type { Command } from 'commander';
import { AppError } from '../../../src-shared/errors';
import type { Workspace } from '../../../src-shared/domain';
import type { CommandContext } from '../context';
import { askLine } from '../prompt';
import { deletionLines } from './backup-render';

type Run = (action: (ctx: CommandContext, ...args: never[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;

const line = (w: Workspace) => `${w.id}  ${w.name}`;

export function registerWorkspaceCommands(program: Command, run: Run): void {
  const ws = program.command('workspace').description('Create, list, rename and delete workspaces (one per brand or client)');

  ws.command('create')
    .argument('<name>', 'the workspace name, e.g. the client or brand')
    .description('Create a workspace with its own database and media folder')
    .action(
      run(async (ctx, name: string) => {
        const created = await ctx.core().call('workspace.create', { name });
        ctx.out.result(created, () => `Created workspace ${line(created)}`);
      }),
    );

  ws.command('list')
    .description('List workspaces')
    .action(
      run(async (ctx) => {
        const all = await ctx.core().call('workspace.list', {});
        ctx.out.result(all, () => (all.length ? all.map(line).join('\n') : 'No workspaces yet. Create one with `promogpt workspace create NAME`.'));
      }),
    );

  ws.command('rename')
    .argument('<id>', 'the workspace id (see `workspace list`)')
    .argument('<name>', 'the new name')
    .description('Rename a workspace')
    .action(
      run(async (ctx, id: string, name: string) => {
        const renamed = await ctx.core().call('workspace.rename', { id, name });
        ctx.out.result(renamed, () => `Renamed workspace ${line(renamed)}`);
      }),
    );

  ws.command('delete')
    .argument('<id>', 'the workspace id (see `workspace list`)')
    .option('--confirm <name>', "the workspace's name, typed (for scripts)")
    .description('Delete a workspace and everything in it: database, media, backups and keychain entries; sign-ins are revoked where the platform allows')
    .action(
      run(async (ctx, id: string, options: { confirm?: string }) => {
        const target = await ctx.core().call('workspace.get', { id });
        let confirmName = options.confirm;
        if (confirmName === undefined) {
          if (!process.stdin.isTTY || ctx.out.json) {
            throw new AppError('ValidationError', `Deleting "${target.name}" removes all of its data. Add --confirm "${target.name}" to confirm.`);
          }
          confirmName = await askLine(`This deletes workspace "${target.name}" and all of its data. Type its name to confirm: `);
        }
        const report = await ctx.core().call('workspace.delete', { id, confirmName });
        ctx.out.result(report, () => deletionLines(report).join('\n'));
        if (!report.check.clean) process.exitCode = 1;
      }),
    );
}
