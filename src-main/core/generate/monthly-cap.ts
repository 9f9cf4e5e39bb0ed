import type { AiProvider } from '../../../src-shared/ai';
import { AppError } from '../../../src-shared/errors';
import type { Clock } from '../platform/clock';
import type { GenerationHistory } from './history';
import type { AiProviders } from './providers';

export interface CapDeps {
  providers: Pick<AiProviders, 'settings'>;
  history: Pick<GenerationHistory, 'usage'>;
  clock: Clock;
}

/**
 * The workspace's monthly cap on cloud AI spend, for every kind of AI work (Studio, comment
 * sentiment): once this month's estimate reaches it, a cloud provider is refused; local ones never are.
 */
export function assertUnderMonthlyCap(deps: CapDeps, workspaceId: string, info: AiProvider): void {
  if (info.local) return;
  const { monthlyCapUsd } = deps.providers.settings(workspaceId);
  if (monthlyCapUsd === null) return;
  const usage = deps.history.usage(workspaceId, deps.clock.now(), monthlyCapUsd);
  if (usage.capReached) {
    throw new AppError(
      'PermissionDenied',
      `This month's estimated AI spend ($${usage.cloudCostUsd.toFixed(2)}) has reached the workspace's cap of $${monthlyCapUsd.toFixed(2)}: cloud AI work is paused until next month. Raise the cap in Settings → AI or use a local provider.`,
      { reason: 'monthly_cap' },
    );
  }
}
