import type { Command } from 'commander';
import type { AnalyticsSettings } from '../../../src-shared/analytics';
import type { AiSentimentReport } from '../../../src-shared/analytics-sentiment';
import type { Events } from '../../../src-shared/contract/events';
import { AppError } from '../../../src-shared/errors';
import { workspaceOf, type CommandContext } from '../context';

type Run = (action: (ctx: CommandContext, ...args: never[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;

const MIN_MINUTES = 15;
const MAX_MINUTES = 7 * 24 * 60;
const UNIT_MINUTES: Record<string, number> = { m: 1, min: 1, h: 60, d: 1440 };

/** "6h", "90m", "2d" → minutes; anything else, or outside 15 min…7 d, is refused with an example. */
export function syncEveryMinutes(raw: string): number {
  const m = /^\s*(\d{1,5})\s*(m|min|h|d)\s*$/i.exec(raw);
  const minutes = m ? Number(m[1]) * UNIT_MINUTES[m[2]!.toLowerCase()]! : NaN;
  if (!Number.isInteger(minutes) || minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
    throw new AppError('ValidationError', `Sync every must be between 15 min and 7 d, like 6h, 90m or 2d; "${raw}" is not.`, { field: 'syncEvery' });
  }
  return minutes;
}

/** Minutes in the shortest words: 360 → "6h", 90 → "90m", 2880 → "2d". */
export function everyWords(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

function onOff(raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (v === 'on') return true;
  if (v === 'off') return false;
  throw new AppError('ValidationError', `--ai-sentiment is on or off, not "${raw}".`);
}

const settingsText = (s: AnalyticsSettings) =>
  [
    `Sync every     ${everyWords(s.syncEveryMinutes)}`,
    `AI sentiment   ${s.aiSentiment ? `on (comment texts are sent to ${s.aiSentimentProvider ? `provider "${s.aiSentimentProvider}"` : "the workspace's AI provider"})` : 'off (sentiment stays on this machine: the wink-sentiment lexicon)'}`,
  ].join('\n');

const reportText = (r: AiSentimentReport) =>
  [r.message, ...(r.generationId ? [`Generation ${r.generationId}: ${r.batches} request(s), ${r.usage ? `${r.usage.totalTokens} tokens` : 'no token count'}, ${r.estimatedCostUsd === null ? 'cost unknown' : `$${r.estimatedCostUsd.toFixed(4)}`}.`] : [])].join('\n');

/** `analytics settings` and `analytics sentiment --ai`. */
export function registerSentimentCommands(analytics: Command, run: Run): void {
  analytics
    .command('settings')
    .description("Show or change the workspace's analytics settings: how often metrics are synced, and AI sentiment")
    .option('--sync-every <every>', 'how often connected accounts are synced by schedule: 15m … 7d, like 6h')
    .option('--ai-sentiment <on|off>', 'also label comments through the AI provider (their texts are sent to it)')
    .option('--ai-provider <name>', 'the AI provider for sentiment ("none" = the only one)')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: { syncEvery?: string; aiSentiment?: string; aiProvider?: string; workspace?: string }) => {
        const workspaceId = workspaceOf(ctx, options);
        // Every flag is checked before anything is saved.
        const patch = {
          ...(options.syncEvery !== undefined ? { syncEveryMinutes: syncEveryMinutes(options.syncEvery) } : {}),
          ...(options.aiSentiment !== undefined ? { aiSentiment: onOff(options.aiSentiment) } : {}),
          ...(options.aiProvider !== undefined ? { aiSentimentProvider: options.aiProvider.trim().toLowerCase() === 'none' ? null : options.aiProvider.trim() } : {}),
        };
        const core = ctx.core();
        if (patch.aiSentimentProvider) {
          const providers = await core.call('ai.listProviders', { workspaceId });
          if (!providers.some((p) => p.name === patch.aiSentimentProvider || p.id === patch.aiSentimentProvider)) {
            const known = providers.length ? `: there are ${providers.map((p) => p.name).join(', ')}` : '; add one with `promogpt provider add NAME --base-url URL --model MODEL`';
            throw new AppError('NotFound', `There is no AI provider "${patch.aiSentimentProvider}" in this workspace${known}. Nothing was changed.`);
          }
        }
        const settings = Object.keys(patch).length ? await core.call('analytics.updateSettings', { workspaceId, ...patch }) : await core.call('analytics.getSettings', { workspaceId });
        ctx.out.result(settings, () => settingsText(settings));
      }),
    );
  analytics
    .command('sentiment')
    .description('Label stored comments through the AI provider (needs AI sentiment on); the lexicon score stays beside it')
    .option('--ai', 'send the comment texts to the AI provider for labels')
    .option('--account <id>', 'only comments of this account')
    .option('--post <id>', 'only replies to this post')
    .option('--again', 'also those the AI labelled before (default: only new or unlabelled ones)')
    .option('--provider <name>', "the AI provider (default: the one in the analytics settings, or the workspace's only one)")
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: { ai?: boolean; account?: string; post?: string; again?: boolean; provider?: string; workspace?: string }) => {
        if (!options.ai) {
          throw new AppError('ValidationError', 'Say --ai to label comments through the AI provider. The lexicon sentiment is computed at every sync; see it with `promogpt analytics comments`.');
        }
        const workspaceId = workspaceOf(ctx, options);
        // A line a second on stderr while batches go out (the run's progress, from its generation row).
        let percent: number | null = null;
        const off = ctx.core().events.onAny((event, payload) => {
          if (event !== 'studio.changed') return;
          const { workspaceId: ws, generation } = payload as Events['studio.changed'];
          if (ws === workspaceId && generation.kind === 'sentiment' && generation.state === 'running') percent = generation.progress;
        });
        const ticker = setInterval(() => {
          if (percent !== null) process.stderr.write(ctx.out.json ? `${JSON.stringify({ progress: percent })}\n` : `labelling: ${percent}%\n`);
        }, 1000);
        try {
          const report = await ctx.core().call('analytics.scoreSentiment', {
            workspaceId,
            ...(options.account ? { accountId: options.account } : {}),
            ...(options.post ? { postId: options.post } : {}),
            ...(options.again ? { again: true } : {}),
            ...(options.provider ? { provider: options.provider } : {}),
          });
          ctx.out.result(report, () => reportText(report));
        } finally {
          clearInterval(ticker);
          off();
        }
      }),
    );
}
