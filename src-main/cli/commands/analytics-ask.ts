import type { Command } from 'commander';
import type { Cell, QueryResult, StoredQuery } from '../../../src-shared/analytics-ask';
import { AppError } from '../../../src-shared/errors';
import { workspaceOf, type CommandContext } from '../context';

type Run = (action: (ctx: CommandContext, ...args: never[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;

const cellText = (c: Cell) => (c === null ? '' : String(c).replace(/\s+/g, ' ').slice(0, 60));

/** A plain text table: header, rule, rows, padded to the widest cell. */
function table(columns: string[], rows: Cell[][]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => cellText(r[i] ?? null).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(r.map(cellText)))].join('\n');
}

function resultText(r: QueryResult): string {
  const q = r.query;
  const head = [`Query ${q.id}${q.question ? `: ${q.question}` : ''}`];
  if (q.sql) head.push('', q.sql, '');
  if (q.state === 'refused') return [...head, `Refused: ${q.message}`].join('\n');
  const count = `${q.rowCount} row(s)${r.truncated ? ' (cut at the row limit: narrow the query to see the rest)' : ''}`;
  return [...head, r.columns.length ? table(r.columns, r.rows) : '', count].join('\n');
}

const historyLine = (q: StoredQuery) =>
  `${q.id}  ${q.ranAt}  ${q.pinned ? 'pinned ' : ''}${q.state === 'answered' ? `${q.rowCount} row(s)` : 'refused'}  ${JSON.stringify((q.question ?? q.sql ?? '').slice(0, 80))}${q.state === 'refused' ? `  ${q.message ?? ''}` : ''}`;

/** The answer, and exit 1 when it was refused (the refusal is the answer, in --json too). */
function printResult(ctx: CommandContext, r: QueryResult): void {
  ctx.out.result(r, () => resultText(r));
  if (r.query.state === 'refused') process.exitCode = 1;
}

/** "Ask your data": under `promogpt analytics`. */
export function registerAskCommands(analytics: Command, run: Run): void {
  analytics
    .command('ask')
    .description('Ask a question in plain words: the AI provider writes one read-only SQL query over the analytics views (exit 1 when refused)')
    .argument('<question>', 'the question, in quotes')
    .option('--provider <name>', 'the AI provider that writes the query (default: the only one)')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, question: string, options: { provider?: string; workspace?: string }) => {
        const r = await ctx.core().call('analytics.ask', { workspaceId: workspaceOf(ctx, options), question, ...(options.provider ? { provider: options.provider } : {}) });
        printResult(ctx, r);
      }),
    );
  analytics
    .command('sql')
    .description('Run your own SQL over the analytics views, through the same checks (exit 1 when refused)')
    .argument('<sql>', 'one SELECT over analytics_posts, analytics_post_metrics, analytics_account_metrics, analytics_comments')
    .option('--question <text>', 'what it answers, for the history')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, sql: string, options: { question?: string; workspace?: string }) => {
        printResult(ctx, await ctx.core().call('analytics.runSql', { workspaceId: workspaceOf(ctx, options), sql, ...(options.question ? { question: options.question } : {}) }));
      }),
    );
  analytics
    .command('history')
    .description('Questions asked and SQL run, newest first')
    .option('--search <text>', 'only those whose question or SQL contains this')
    .option('--pinned', 'only the queries pinned to the dashboard')
    .option('--limit <n>', 'at most this many (default 200)')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: { search?: string; pinned?: boolean; limit?: string; workspace?: string }) => {
        const limit = options.limit === undefined ? undefined : Number(options.limit);
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 1000)) throw new AppError('ValidationError', `--limit must be a whole number from 1 to 1000, not "${options.limit}".`);
        const list = await ctx.core().call('analytics.history', {
          workspaceId: workspaceOf(ctx, options),
          ...(options.search ? { search: options.search } : {}),
          ...(options.pinned ? { pinned: true } : {}),
          ...(limit ? { limit } : {}),
        });
        ctx.out.result(list, () => (list.length ? list.map(historyLine).join('\n') : options.search || options.pinned ? 'No query matches.' : 'No questions asked yet: try `promogpt analytics ask "Which posts did best last month?"`.'));
      }),
    );
  analytics
    .command('rerun')
    .description("Run a stored query's SQL again on today's data (a new history entry; exit 1 when refused)")
    .argument('<id>', 'the query id, from `promogpt analytics history`')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, id: string, options: { workspace?: string }) => {
        printResult(ctx, await ctx.core().call('analytics.rerun', { workspaceId: workspaceOf(ctx, options), id }));
      }),
    );
  analytics
    .command('pin')
    .description('Pin a query to the Analytics dashboard (shown there with its latest result)')
    .argument('<id>', 'the query id')
    .option('--off', 'unpin it instead')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, id: string, options: { off?: boolean; workspace?: string }) => {
        const q = await ctx.core().call('analytics.pin', { workspaceId: workspaceOf(ctx, options), id, pinned: !options.off });
        ctx.out.result(q, () => `${q.pinned ? 'Pinned' : 'Unpinned'} ${historyLine(q)}`);
      }),
    );
}
