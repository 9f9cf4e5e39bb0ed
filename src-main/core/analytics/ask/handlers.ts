import type { HandlerImpls } from '../../dispatch';
import type { AskData } from './ask';

/** The contract's "ask your data" methods, for the composition root's handler map. */
export function askHandlers(ask: AskData): Pick<HandlerImpls, 'analytics.ask' | 'analytics.runSql' | 'analytics.history' | 'analytics.rerun' | 'analytics.pin' | 'analytics.pinned'> {
  return {
    'analytics.ask': ({ workspaceId, question, provider }) => ask.ask(workspaceId, question, provider),
    'analytics.runSql': ({ workspaceId, sql, question }) => ask.runSql(workspaceId, sql, question),
    'analytics.history': ({ workspaceId, ...filter }) => ask.history(workspaceId, filter),
    'analytics.rerun': ({ workspaceId, id }) => ask.rerun(workspaceId, id),
    'analytics.pin': ({ workspaceId, id, pinned }) => ask.pin(workspaceId, id, pinned),
    'analytics.pinned': ({ workspaceId }) => ask.pinnedResults(workspaceId),
  };
}
