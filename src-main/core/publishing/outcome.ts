// What the UI and the CLI show per target: its state, one sentence, the one action that helps,
// the live link, and the history of attempts.
import type { PostTarget, TargetState } from '../../../src-shared/domain';
import { PLATFORM_NAMES, type Platform } from '../../../src-shared/platforms/platform';
import type { WorkspaceDb } from '../db/app-db';
import { CANNOT_TELL, cpKey, listAttempts, loadTarget, parseCheckpoints, type TargetRow } from './target-store';
import { SHORTEN_RULES } from './validate';

export type TargetAction = PostTarget['action'];

export interface AttemptView {
  startedAt: string;
  endedAt: string | null;
  outcome: string | null;
  errorMessage: string | null;
}

export interface TargetOutcome {
  targetId: string;
  state: TargetState;
  /** One sentence of what happened and what to do; null while all is well. */
  message: string | null;
  action: TargetAction;
  /** The post on the platform, once published. */
  liveUrl: string | null;
  publishedAt: string | null;
  attempts: AttemptView[];
}

export interface AccountLabel {
  handle: string;
  platform: Platform;
}

const unknownParts = (checkpoints: Record<string, string>) => Object.entries(checkpoints).filter(([k]) => /^part:\d+:unknown$/.test(k));

/** The message and action for a target row (posts.ts builds its PostTarget from this). */
export function describeTarget(row: TargetRow, account: AccountLabel | null): { message: string | null; action: TargetAction } {
  const state = row.state as TargetState;
  const checkpoints = parseCheckpoints(row.checkpoints);
  const name = account ? PLATFORM_NAMES[account.platform] : 'the platform';
  if (!account && state !== 'published' && state !== 'cancelled') {
    return { message: 'The account this post was for has been removed from PromoGPT; post it from another account.', action: null };
  }
  switch (state) {
    case 'published':
    case 'cancelled':
      return { message: null, action: null };
    case 'publishing':
      return { message: null, action: null };
    case 'queued':
      if (row.errorName === 'RateLimited') return { message: row.errorMessage, action: 'wait' };
      if (row.errorName) return { message: row.errorMessage, action: 'retry' };
      return { message: null, action: null };
    case 'failed': {
      const rule = checkpoints[cpKey.validationRule];
      const action: TargetAction = rule && SHORTEN_RULES.has(rule) ? 'shorten' : 'retry';
      return { message: row.errorMessage ?? `${name} did not take this post. Edit it, then retry.`, action };
    }
    case 'needs_attention':
      if (unknownParts(checkpoints).length > 0) {
        // Once a check could not tell, only the user can: look on the platform, then retry and confirm.
        const checked = unknownParts(checkpoints).every(([, v]) => v === CANNOT_TELL);
        return { message: row.errorMessage ?? `This post may or may not be on ${name}: check on ${name}.`, action: checked ? 'retry' : 'check' };
      }
      if (row.errorName === 'AuthExpired' || row.errorName === 'PermissionDenied') {
        return { message: row.errorMessage ?? `Reconnect ${account?.handle ?? 'the account'} on the Accounts page, then retry.`, action: 'reconnect' };
      }
      return { message: row.errorMessage ?? 'This post needs a look before it can go out.', action: 'retry' };
    default:
      return { message: row.errorMessage, action: null };
  }
}

/** Everything the UI shows for one target. */
export function targetOutcome(db: WorkspaceDb, targetId: string, account: AccountLabel | null): TargetOutcome {
  const row = loadTarget(db, targetId);
  const { message, action } = describeTarget(row, account);
  return {
    targetId,
    state: row.state as TargetState,
    message,
    action,
    liveUrl: row.state === 'published' ? row.remoteUrl : null,
    publishedAt: row.publishedAt,
    attempts: listAttempts(db, targetId).map((a) => ({ startedAt: a.startedAt, endedAt: a.endedAt, outcome: a.outcome, errorMessage: a.errorMessage })),
  };
}
