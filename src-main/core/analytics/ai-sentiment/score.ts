import type { AiProvider, Generation, Usage } from '../../../../src-shared/ai';
import { AI_SENTIMENT_BATCH, type AiSentimentReport } from '../../../../src-shared/analytics-sentiment';
import { AppError } from '../../../../src-shared/errors';
import type { Accounts } from '../../accounts/accounts';
import type { GenerationHistory } from '../../generate/history';
import { assertUnderMonthlyCap } from '../../generate/monthly-cap';
import { textCost } from '../../generate/pricing';
import type { AiProviders } from '../../generate/providers';
import type { EventBus } from '../../events';
import type { Clock } from '../../platform/clock';
import type { IdGenerator } from '../../platform/ids';
import { createLogger } from '../../platform/logger';
import type { Workspaces } from '../../workspace/workspaces';
import type { AnalyticsSettingsStore } from '../settings';
import { readSentimentAnswer, sentimentMessages } from './prompt';
import { commentsToScore, saveBatch, type ScopeFilter } from './store';

const log = createLogger('analytics-ai-sentiment');

export interface AiSentimentDeps {
  workspaces: Pick<Workspaces, 'db'>;
  providers: Pick<AiProviders, 'open' | 'list' | 'get' | 'settings'>;
  history: Pick<GenerationHistory, 'start' | 'update' | 'usage'>;
  settings: Pick<AnalyticsSettingsStore, 'get'>;
  accounts: Pick<Accounts, 'get'>;
  clock: Clock;
  ids: IdGenerator;
  /** The run's generation row after each batch (progress 0-100), for the progress bars of Settings and the CLI. */
  events?: Pick<EventBus, 'emit'>;
  batchSize?: number;
}

/**
 * Comment sentiment through the workspace's AI provider, when the user turned it on: the comment
 * texts go out in batches, each answer is parsed strictly, and each batch is stored whole beside
 * the lexicon score. The run is a generation history row (usage, cost, error) like any other.
 */
export class AiSentiment {
  constructor(private readonly deps: AiSentimentDeps) {}

  async score(workspaceId: string, scope: ScopeFilter & { provider?: string }): Promise<AiSentimentReport> {
    const settings = this.deps.settings.get(workspaceId);
    if (!settings.aiSentiment) {
      throw new AppError(
        'ValidationError',
        'AI sentiment is off for this workspace, so no comment was sent. Turn it on in Settings → Analytics or with `promogpt analytics settings --ai-sentiment on` (the comment texts then go to your AI provider).',
        { reason: 'ai_sentiment_off' },
      );
    }
    if (scope.accountId) this.deps.accounts.get(workspaceId, scope.accountId); // NotFound for an unknown account
    const info = this.pick(workspaceId, scope.provider ?? settings.aiSentimentProvider ?? undefined);
    const db = this.deps.workspaces.db(workspaceId);
    const comments = commentsToScore(db.sqlite, scope);
    const empty = { generationId: null, provider: info.name, model: info.textModel, sent: 0, labelled: 0, unanswered: 0, batches: 0, usage: null, estimatedCostUsd: null };
    if (comments.length === 0) {
      return { ...empty, message: scope.again ? 'There are no stored comments here to score.' : 'Every stored comment here already has an AI label. Use --again (or "Score all again") to send them again.' };
    }
    const size = this.deps.batchSize ?? AI_SENTIMENT_BATCH;
    const id = this.deps.ids('gen');
    const params = { kind: 'sentiment' as const, comments: comments.length, batchSize: size, ...(scope.accountId ? { accountId: scope.accountId } : {}), ...(scope.postId ? { postId: scope.postId } : {}) };
    // The history row comes first, so a refused or failed run is on record too.
    const changed = (generation: Generation) => this.deps.events?.emit('studio.changed', { workspaceId, generation });
    this.deps.history.start(workspaceId, { id, kind: 'sentiment', provider: info, model: info.textModel, params, brandVoice: null, rerunOf: null, startedAt: this.now() });
    changed(this.deps.history.update(workspaceId, id, { progress: 0 }));
    const run = { sent: 0, labelled: 0, unanswered: 0, batches: 0, usage: null as Usage | null, cost: info.local ? 0 : (null as number | null) };
    try {
      const { provider } = await this.deps.providers.open(workspaceId, info.id); // local-only refuses a cloud provider here
      for (let start = 0; start < comments.length; start += size) {
        assertUnderMonthlyCap(this.deps, workspaceId, info); // before every batch: the run's own spend counts
        const batch = comments.slice(start, start + size);
        const numbered = batch.map((c, i) => ({ n: i + 1, text: c.text }));
        const answer = await provider.chat({ model: info.textModel, messages: sentimentMessages(numbered), temperature: 0 });
        run.usage = addUsage(run.usage, answer.usage);
        if (!info.local) run.cost = textCost(info.textModel, run.usage);
        // A refusal (some comments are abusive) costs this batch its labels, not the run.
        const refused = answer.refusal || answer.finishReason === 'content_filter' ? `the provider refused to label it (${(answer.refusal ?? 'content filter').slice(0, 120)})` : null;
        const read = refused ? new Map(numbered.map((c) => [c.n, { note: refused }])) : readSentimentAnswer(answer.text, numbered);
        const saved = saveBatch((fn) => db.write(fn), db.sqlite, batch, read, { providerName: info.name, model: info.textModel, generationId: id, scoredAt: this.now() });
        run.sent += batch.length;
        run.labelled += saved.labelled;
        run.unanswered += saved.unanswered;
        run.batches += 1;
        changed(this.deps.history.update(workspaceId, id, { usage: run.usage, estimatedCostUsd: run.cost, progress: Math.floor((run.sent / comments.length) * 100) }));
      }
      changed(this.deps.history.update(workspaceId, id, { usage: run.usage, estimatedCostUsd: run.cost, state: 'succeeded', finishedAt: this.now(), progress: null }));
      log.info('comments scored', { workspaceId, generationId: id, sent: run.sent, unanswered: run.unanswered, local: info.local });
      const rest = run.unanswered ? ` ${run.unanswered} got no usable answer and keep their lexicon score.` : '';
      return {
        ...empty,
        generationId: id,
        sent: run.sent,
        labelled: run.labelled,
        unanswered: run.unanswered,
        batches: run.batches,
        usage: run.usage,
        estimatedCostUsd: run.cost,
        message: `${run.labelled} of ${run.sent} comment(s) labelled by ${info.name} (${info.textModel}).${rest}`,
      };
    } catch (caught) {
      const error = caught instanceof AppError ? caught : new AppError('Internal', `Scoring comments failed unexpectedly: ${caught instanceof Error ? caught.message : String(caught)}`);
      const reason = typeof error.details?.reason === 'string' ? error.details.reason : undefined;
      changed(
        this.deps.history.update(workspaceId, id, {
          usage: run.usage,
          estimatedCostUsd: run.cost,
          state: 'failed',
          error: { name: error.name, message: error.message, ...(reason ? { reason } : {}) },
          finishedAt: this.now(),
          progress: null,
        }),
      );
      log.warn('comment scoring stopped', { workspaceId, generationId: id, error: error.name, reason, sent: run.sent });
      // Whole batches stored before the failure stay; the failed batch stored nothing.
      const kept = run.sent
        ? ` ${run.labelled} comment(s) labelled before that are kept; the other ${comments.length - run.labelled} keep their lexicon score.`
        : ' No comment was changed: they keep their lexicon score.';
      throw new AppError(error.name, `${error.message}${kept}`, { ...error.details, generationId: id, labelled: run.labelled });
    }
  }

  private pick(workspaceId: string, ref: string | undefined): AiProvider {
    if (ref) return this.deps.providers.get(workspaceId, ref);
    const all = this.deps.providers.list(workspaceId);
    if (all.length === 1) return all[0]!;
    if (all.length === 0) throw new AppError('NotFound', 'This workspace has no AI provider yet. Add one with `promogpt provider add NAME --base-url URL --model MODEL` or in Settings → AI.');
    throw new AppError('ValidationError', `This workspace has ${all.length} AI providers (${all.map((p) => p.name).join(', ')}): choose one for comment sentiment in Settings → Analytics, or with --provider NAME.`);
  }


  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

function addUsage(sum: Usage | null, more: Usage | null): Usage | null {
  if (!more) return sum;
  const u = sum ?? { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  return { promptTokens: u.promptTokens + more.promptTokens, completionTokens: u.completionTokens + more.completionTokens, totalTokens: u.totalTokens + more.totalTokens };
}
