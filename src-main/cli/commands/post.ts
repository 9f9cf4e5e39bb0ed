import type { Command } from 'commander';
import type { CsvImportReport, Post } from '../../../src-shared/domain';
import type { Input } from '../../../src-shared/contract';
import { AppError } from '../../../src-shared/errors';
import { workspaceOf, type CommandContext } from '../context';

type Run = (action: (ctx: CommandContext, ...args: never[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface CreateOptions {
  account?: string[];
  text: string;
  media?: string[];
  thread?: string[];
  firstComment?: string;
  at?: string;
  tz?: string;
  now?: boolean;
  nextSlot?: boolean;
  every?: string;
  unit: string;
  on?: string;
  until?: string;
  count?: string;
  allowDuplicate?: boolean;
  draft?: boolean;
  workspace?: string;
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "mon,wed" → [1, 3]; says which name it did not understand. */
export function weekdaysOf(list: string): (1 | 2 | 3 | 4 | 5 | 6 | 7)[] {
  return list.split(',').map((raw) => {
    const i = WEEKDAYS.indexOf(raw.trim().toLowerCase().slice(0, 3));
    if (i < 0) throw new AppError('ValidationError', `"${raw}" is not a weekday; write mon, tue, wed, thu, fri, sat or sun.`);
    return (i + 1) as 1;
  });
}

function positive(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new AppError('ValidationError', `${flag} needs a whole number of at least 1, not "${raw}".`);
  return n;
}

function whenOf(o: CreateOptions): Input<'post.create'>['when'] {
  const chosen = [o.at && !o.every ? '--at' : null, o.every ? '--every' : null, o.now ? '--now' : null, o.nextSlot ? '--next-slot' : null, o.draft ? '--draft' : null].filter(Boolean);
  if (chosen.length !== 1) throw new AppError('ValidationError', 'Say when: exactly one of --at TIME --tz ZONE, --now, --next-slot, --every N (with --at and --tz) or --draft.');
  if (o.at && !o.tz) throw new AppError('ValidationError', '--at needs --tz with an IANA time zone, e.g. --tz Europe/Berlin.');
  if (o.now) return { kind: 'now' as const };
  if (o.nextSlot) return { kind: 'nextSlot' as const };
  if (o.draft) return { kind: 'draft' as const };
  if (o.every) {
    if (!o.at) throw new AppError('ValidationError', '--every needs --at (the first date and time) and --tz.');
    if (o.unit !== 'day' && o.unit !== 'week') throw new AppError('ValidationError', `--unit is day or week, not "${o.unit}".`);
    if (o.on && o.unit !== 'week') throw new AppError('ValidationError', '--on (weekdays) goes with --unit week.');
    const rule = {
      every: positive('--every', o.every),
      unit: o.unit as 'day' | 'week',
      ...(o.on ? { weekdays: weekdaysOf(o.on) } : {}),
      ...(o.until ? { until: o.until } : {}),
      ...(o.count ? { count: positive('--count', o.count) } : {}),
    };
    return { kind: 'recurring' as const, start: o.at, timeZone: o.tz as string, rule };
  }
  return { kind: 'at' as const, at: o.at as string, timeZone: o.tz as string };
}

function summary(p: Post): string {
  const when = p.scheduledAt ? `${p.scheduledAt.slice(0, 16).replace('T', ' ')} UTC` : p.status === 'recurring' ? 'repeating' : 'draft';
  const targets = p.targets.map((t) => `${t.handle}: ${t.state.replace('_', ' ')}`).join(', ');
  return `${p.id}  ${when.padEnd(20)} ${p.text.replace(/\s+/g, ' ').slice(0, 40).padEnd(40)}  ${targets}`;
}

function details(p: Post): string {
  const lines = [`Post ${p.id} (${p.status})`, `  when: ${p.scheduledAt ?? 'not scheduled'} (${p.timeZone})`, `  text: ${p.text}`];
  if (p.recurrence) lines.push(`  repeats: every ${p.recurrence.every} ${p.recurrence.unit}(s)${p.recurrence.weekdays ? ` on ${p.recurrence.weekdays.map((d) => WEEKDAYS[d - 1]).join(',')}` : ''}${p.recurrence.until ? ` until ${p.recurrence.until}` : ''}${p.recurrence.count ? `, ${p.recurrence.count} times` : ''}`);
  if (p.seriesId) lines.push(`  occurrence of ${p.seriesId}`);
  for (const t of p.targets) {
    lines.push(`  ${t.handle} [${t.platform ?? '?'}] target ${t.id} at ${t.scheduledAt ?? '-'}: ${t.state.replace('_', ' ')}${t.remoteUrl ? ` — ${t.remoteUrl}` : ''}`);
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
    .description("Create a post for one or more accounts: now, at a time in a zone, in each account's next queue slot, repeating, or as a draft")
    .option('--account <id>', 'an account id (repeat for several)', collect)
    .requiredOption('--text <text>', 'the text of the post')
    .option('--media <path>', 'a picture or video file (repeat for several)', collect)
    .option('--thread <text>', 'a further post in a thread, replying to the one before (repeat for several)', collect)
    .option('--first-comment <text>', 'a reply posted right after the post (e.g. the link)')
    .option('--at <time>', 'local date and time, e.g. "2026-03-29 09:00" (with --tz); with --every, the first occurrence')
    .option('--tz <zone>', 'IANA time zone for --at, e.g. Europe/Berlin')
    .option('--now', 'publish as soon as the scheduler runs')
    .option('--next-slot', "each account's next free queue slot (see `promogpt queue set`)")
    .option('--every <n>', 'repeat every N days or weeks (with --at, --tz and --unit)')
    .option('--unit <unit>', 'day or week, for --every', 'week')
    .option('--on <weekdays>', 'weekdays for a weekly repeat, e.g. mon,wed,fri')
    .option('--until <date>', 'the last date a repeat may fall on, YYYY-MM-DD')
    .option('--count <n>', 'how many times a repeat runs in all')
    .option('--allow-duplicate', 'schedule even when the same text goes to the same account close in time')
    .option('--draft', 'keep it as a draft')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: CreateOptions) => {
        const when = whenOf(options);
        if (!options.account?.length && when.kind !== 'draft') throw new AppError('ValidationError', 'Choose at least one --account ID (see `promogpt account list`).');
        const created = await ctx.core().call('post.create', {
          workspaceId: workspaceOf(ctx, options),
          accountIds: options.account ?? [],
          text: options.text,
          media: (options.media ?? []).map((path) => ({ path })),
          thread: options.thread ?? [],
          ...(options.firstComment ? { firstComment: options.firstComment } : {}),
          ...(options.allowDuplicate ? { allowDuplicate: true } : {}),
          when,
        });
        ctx.out.result(created, () => `Created ${summary(created)}`);
      }),
    );

  post
    .command('reschedule')
    .argument('<id>', 'the post id')
    .description('Move a post that has not gone out yet to another time')
    .requiredOption('--at <time>', 'local date and time, e.g. "2026-03-29 09:00"')
    .requiredOption('--tz <zone>', 'IANA time zone, e.g. Europe/Berlin')
    .option('--allow-duplicate', 'move it even when the same text goes to the same account close in time')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, postId: string, options: { at: string; tz: string; allowDuplicate?: boolean; workspace?: string }) => {
        const moved = await ctx.core().call('post.reschedule', { workspaceId: workspaceOf(ctx, options), postId, at: options.at, timeZone: options.tz, ...(options.allowDuplicate ? { allowDuplicate: true } : {}) });
        ctx.out.result(moved, () => details(moved));
      }),
    );

  post
    .command('retry')
    .argument('<target>', "the target id (one account's copy, see `post show`)")
    .description('Publish a failed copy again, where that cannot post twice')
    .option('--confirm-not-posted', 'you looked on the platform and the post is not there: post it although an earlier attempt is in doubt')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, targetId: string, options: { confirmNotPosted?: boolean; workspace?: string }) => {
        const post = await ctx.core().call('post.retryTarget', { workspaceId: workspaceOf(ctx, options), targetId, ...(options.confirmNotPosted ? { confirmNotPosted: true } : {}) });
        ctx.out.result(post, () => details(post));
      }),
    );

  post
    .command('check')
    .argument('<target>', "the target id whose outcome is unknown (see `post show`)")
    .description('Look on the platform whether a post whose outcome is unknown went out')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, targetId: string, options: { workspace?: string }) => {
        const post = await ctx.core().call('post.checkTarget', { workspaceId: workspaceOf(ctx, options), targetId });
        ctx.out.result(post, () => details(post));
      }),
    );

  post
    .command('list')
    .description('List posts, newest first')
    .option('--status <status>', 'draft, scheduled, cancelled, recurring, queued, publishing, published, failed or needs_attention')
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
