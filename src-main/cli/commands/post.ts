import type { Command } from 'commander';
import type { CsvImportReport, Post } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { workspaceOf, type CommandContext } from '../context';

type Run = (action: (ctx: CommandContext, ...args: never[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;

const collect = (value: string, previous: string[] = []) => [...previous, value];

function summary(p: Post): string {
  const when = p.scheduledAt ? `${p.scheduledAt.slice(0, 16).replace('T', ' ')} UTC` : 'draft';
  const targets = p.targets.map((t) => `${t.handle}: ${t.state.replace('_', ' ')}`).join(', ');
  return `${p.id}  ${when.padEnd(20)} ${p.text.replace(/\s+/g, ' ').slice(0, 40).padEnd(40)}  ${targets}`;
}

function details(p: Post): string {
  const lines = [`Post ${p.id} (${p.status})`, `  when: ${p.scheduledAt ?? 'not scheduled'} (${p.timeZone})`, `  text: ${p.text}`];
  for (const t of p.targets) {
    lines.push(`  ${t.handle} [${t.platform ?? '?'}]: ${t.state.replace('_', ' ')}${t.remoteUrl ? ` — ${t.remoteUrl}` : ''}`);
    if (t.message) lines.push(`    ${t.message}`);
    for (const a of t.attempts) lines.push(`    attempt ${a.startedAt}: ${a.outcome ?? 'running'}${a.errorMessage ? ` — ${a.errorMessage}` : ''}`);
  }
  return lines.join('\n');
}


function importReport(r: CsvImportReport): string {
  const lines = r.headerProblems.map((p) => `header${p.column ? `, column ${p.column}` : ''}: ${p.message}`);
  for (const row of r.rows) {
    for (const p of row.problems) lines.push(`row ${row.row}${row.line ? ` (line ${row.line})` : ''}${p.column ? `, ${p.column}` : ''}: ${p.message}`);
    for (const w of row.warnings) lines.push(`row ${row.row}${w.column ? `, ${w.column}` : ''} (warning): ${w.message}`);
  }
  lines.push(`${r.summary.total} rows: ${r.summary.valid} ready, ${r.summary.invalid} with problems.`);
  lines.push(r.committed ? `Imported ${r.importedPostIds.length} posts.` : r.summary.valid > 0 ? `Nothing imported yet: run again with --commit to import the ${r.summary.valid} ready rows.` : 'Nothing to import.');
  return lines.join('\n');
}

export function registerPostCommands(program: Command, run: Run): void {
  const post = program.command('post').description('Create, list, show and cancel posts');

  post
    .command('create')
    .description('Create a post for one or more accounts: now, at a time in a zone, or as a draft')
    .option('--account <id>', 'an account id (repeat for several)', collect)
    .requiredOption('--text <text>', 'the text of the post')
    .option('--media <path>', 'a picture or video file (repeat for several)', collect)
    .option('--at <time>', 'local date and time, e.g. "2026-03-29 09:00" (with --tz)')
    .option('--tz <zone>', 'IANA time zone for --at, e.g. Europe/Berlin')
    .option('--now', 'publish as soon as the scheduler runs')
    .option('--draft', 'keep it as a draft')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: { account?: string[]; text: string; media?: string[]; at?: string; tz?: string; now?: boolean; draft?: boolean; workspace?: string }) => {
        const chosen = [options.at ? 'at' : null, options.now ? 'now' : null, options.draft ? 'draft' : null].filter(Boolean);
        if (chosen.length !== 1) throw new AppError('ValidationError', 'Say when: exactly one of --at TIME --tz ZONE, --now or --draft.');
        if (options.at && !options.tz) throw new AppError('ValidationError', '--at needs --tz with an IANA time zone, e.g. --tz Europe/Berlin.');
        if (!options.account?.length) throw new AppError('ValidationError', 'Choose at least one --account ID (see `promogpt account list`).');
        const when = options.at ? { kind: 'at' as const, at: options.at, timeZone: options.tz as string } : options.now ? { kind: 'now' as const } : { kind: 'draft' as const };
        const created = await ctx.core().call('post.create', {
          workspaceId: workspaceOf(ctx, options),
          accountIds: options.account,
          text: options.text,
          media: (options.media ?? []).map((path) => ({ path })),
          when,
        });
        ctx.out.result(created, () => `Created ${summary(created)}`);
      }),
    );

  post
    .command('list')
    .description('List posts, newest first')
    .option('--status <status>', 'draft, scheduled, cancelled, queued, publishing, published, failed or needs_attention')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: { status?: string; workspace?: string }) => {
        const all = await ctx.core().call('post.list', { workspaceId: workspaceOf(ctx, options), ...(options.status ? { status: options.status as 'draft' } : {}) });
        ctx.out.result(all, () => (all.length ? all.map(summary).join('\n') : 'No posts.'));
      }),
    );

  post
    .command('show')
    .argument('<id>', 'the post id')
    .description("A post with each account's state and its history of attempts")
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, postId: string, options: { workspace?: string }) => {
        const found = await ctx.core().call('post.get', { workspaceId: workspaceOf(ctx, options), postId });
        ctx.out.result(found, () => details(found));
      }),
    );

  post
    .command('import')
    .argument('<file>', 'a CSV with the columns account, text, media, time, timezone, first_comment')
    .description('Import posts from a CSV: a dry run that reports every problem by row and column, then --commit')
    .option('--commit', 'import the rows without problems (all of them or none)')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, file: string, options: { commit?: boolean; workspace?: string }) => {
        const report = await ctx.core().call('post.importCsv', { workspaceId: workspaceOf(ctx, options), path: file, commit: !!options.commit });
        ctx.out.result(report, () => importReport(report));
      }),
    );

  post
    .command('cancel')
    .argument('<id>', 'the post id')
    .description('Cancel what has not been published yet')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, postId: string, options: { workspace?: string }) => {
        const cancelled = await ctx.core().call('post.cancel', { workspaceId: workspaceOf(ctx, options), postId });
        ctx.out.result(cancelled, () => details(cancelled));
      }),
    );
}
