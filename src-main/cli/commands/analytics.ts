import type { Command } from 'commander';
import { ANALYTICS_PERIODS, SENTIMENTS, type AnalyticsPeriod, type AnalyticsSummary, type BestTimes, type Sentiment, type StoredComment, type SyncReport } from '../../../src-shared/analytics';
import { AppError } from '../../../src-shared/errors';
import { PLATFORM_NAMES } from '../../../src-shared/platforms/platform';
import { workspaceOf, type CommandContext } from '../context';
import { registerAskCommands } from './analytics-ask';
import { registerSentimentCommands } from './analytics-sentiment';

type Run = (action: (ctx: CommandContext, ...args: never[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function periodOf(raw: string | undefined): AnalyticsPeriod {
  if (raw === undefined) return '30d';
  if ((ANALYTICS_PERIODS as readonly string[]).includes(raw)) return raw as AnalyticsPeriod;
  throw new AppError('ValidationError', `--period must be one of ${ANALYTICS_PERIODS.join(', ')}, not "${raw}".`);
}

function sentimentOf(raw: string | undefined): Sentiment | undefined {
  if (raw === undefined) return undefined;
  if ((SENTIMENTS as readonly string[]).includes(raw)) return raw as Sentiment;
  throw new AppError('ValidationError', `--sentiment must be one of ${SENTIMENTS.join(', ')}, not "${raw}".`);
}

const syncText = (r: SyncReport) =>
  r.accounts.length === 0
    ? 'No accounts to sync: connect one with `promogpt account connect`.'
    : r.accounts
        .map(
          (a) =>
            `${a.accountId}  ${PLATFORM_NAMES[a.platform]} ${a.handle}  ${a.outcome}` +
            (a.outcome === 'synced' ? `  ${a.postSnapshots} post snapshot(s), ${a.comments} comment(s)` : '') +
            (a.message ? `  ${a.message}` : ''),
        )
        .join('\n');

const pct = (now: number, before: number) => (before === 0 ? '' : ` (${now >= before ? '+' : ''}${Math.round(((now - before) / before) * 100)}%)`);

function summaryText(s: AnalyticsSummary): string {
  if (s.accounts.length === 0) return 'No accounts in this workspace: connect one with `promogpt account connect`, then `promogpt analytics sync`.';
  const c = s.current;
  const p = s.previous;
  const lines = [
    `Last ${s.period} (${s.from.slice(0, 10)} to ${s.to.slice(0, 10)}) against the ${s.period} before:`,
    `  posts        ${c.posts}${pct(c.posts, p.posts)}`,
    `  impressions  ${c.impressions ?? 'not reported'}${c.impressions !== null ? pct(c.impressions, p.impressions ?? 0) : ''}`,
    `  engagements  ${c.engagements}${pct(c.engagements, p.engagements)}  (likes ${c.likes}, reposts ${c.reposts}, replies ${c.replies}, quotes ${c.quotes}, bookmarks ${c.bookmarks})`,
    `  rate         ${c.engagementRate === null ? 'needs impressions' : `${(c.engagementRate * 100).toFixed(2)}%`}`,
    `  followers    ${c.followers ?? 'not synced yet'}${c.followers !== null && p.followers !== null ? ` (${c.followers - p.followers >= 0 ? '+' : ''}${c.followers - p.followers})` : ''}`,
  ];
  if (s.topPosts.length) lines.push('Top posts:', ...s.topPosts.map((t) => `  ${t.engagements}  ${t.handle}  ${JSON.stringify(t.text.slice(0, 60))}  ${t.url ?? ''}`));
  const never = s.accounts.filter((a) => !a.lastSyncedAt);
  if (never.length) lines.push(`Never synced: ${never.map((a) => a.handle).join(', ')} (run \`promogpt analytics sync\`).`);
  return lines.join('\n');
}

function bestText(b: BestTimes): string {
  if (b.best.length === 0) return b.evidence;
  return [`Best times (${b.timeZone}, confidence ${b.confidence}):`, ...b.best.map((s) => `  ${WEEKDAYS[s.weekday]} ${String(s.hour).padStart(2, '0')}:00  expects ${s.expectedEngagements} engagements  (${s.posts} post(s) at that hour)`), b.evidence].join('\n');
}

// With an AI label the line says both, AI first: "AI: negative (0.80) · lexicon: neutral (0.20)".
const commentLine = (c: StoredComment) =>
  c.aiSentiment !== null && c.aiScore !== null
    ? `AI: ${c.aiSentiment} (${c.aiScore.toFixed(2)}) · lexicon: ${c.sentiment} (${c.sentimentScore.toFixed(2)})  ${c.authorHandle}  ${JSON.stringify(c.text.slice(0, 100))}  ${c.url}`
    : `${c.sentiment.padEnd(8)} ${c.sentimentScore.toFixed(2).padStart(5)}  ${c.authorHandle}  ${JSON.stringify(c.text.slice(0, 100))}  ${c.url}${c.aiNote ? `  (no AI label: ${c.aiNote})` : ''}`;

/** Metrics, dashboards and replies of the workspace's accounts. */
export function registerAnalyticsCommands(program: Command, run: Run): void {
  const analytics = program.command('analytics').description('Metrics of your accounts and posts: sync, summary, best times, comments, ask your data');
  analytics
    .command('sync')
    .description('Pull metrics and replies now (exit 1 if an account failed; the others are still synced)')
    .option('--account <id>', 'only this account')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: { account?: string; workspace?: string }) => {
        const report = await ctx.core().call('analytics.sync', { workspaceId: workspaceOf(ctx, options), ...(options.account ? { accountId: options.account } : {}) });
        ctx.out.result(report, () => syncText(report));
        if (report.accounts.some((a) => a.outcome === 'failed')) process.exitCode = 1;
      }),
    );
  analytics
    .command('summary')
    .description('Posts, impressions, engagements and followers of a period against the one before')
    .option('--period <period>', `${ANALYTICS_PERIODS.join('|')} (default 30d)`)
    .option('--account <id>', 'only this account')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: { period?: string; account?: string; workspace?: string }) => {
        const period = periodOf(options.period);
        const summary = await ctx.core().call('analytics.summary', { workspaceId: workspaceOf(ctx, options), period, ...(options.account ? { accountId: options.account } : {}) });
        ctx.out.result(summary, () => summaryText(summary));
      }),
    );
  analytics
    .command('best-times')
    .description("An account's best hours of the week to post, from its own engagement")
    .requiredOption('--account <id>', 'the account')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: { account: string; workspace?: string }) => {
        const best = await ctx.core().call('analytics.bestTimes', { workspaceId: workspaceOf(ctx, options), accountId: options.account });
        ctx.out.result(best, () => bestText(best));
      }),
    );
  analytics
    .command('comments')
    .description('Stored replies with their sentiment, most negative first')
    .option('--post <id>', 'only replies to this post')
    .option('--sentiment <sentiment>', SENTIMENTS.join('|'))
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: { post?: string; sentiment?: string; workspace?: string }) => {
        const sentiment = sentimentOf(options.sentiment);
        const comments = await ctx.core().call('analytics.comments', {
          workspaceId: workspaceOf(ctx, options),
          ...(options.post ? { postId: options.post } : {}),
          ...(sentiment ? { sentiment } : {}),
        });
        ctx.out.result(comments, () => (comments.length ? comments.map(commentLine).join('\n') : 'No comments stored yet: they come with `promogpt analytics sync`.'));
      }),
    );
  registerAskCommands(analytics, run);
  registerSentimentCommands(analytics, run);
}
