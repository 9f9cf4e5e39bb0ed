// Retry: put a target back in the queue, only when that cannot post anything twice.
import type { TargetState } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { PLATFORM_NAMES, type Platform } from '../../../src-shared/platforms/platform';
import { findRow } from '../accounts/account-rows';
import type { WorkspaceDb } from '../db/app-db';
import type { Clock } from '../platform/clock';
import { partsInDoubt } from './check-on-platform';
import { changeTarget, cpKey, isPartAttemptKey, loadTarget, parseCheckpoints } from './target-store';
import { parseVariant, partLabel, variantParts, type VariantPart } from './variant';

export interface RetryTargetOptions {
  targetId: string;
  db: WorkspaceDb;
  clock: Clock;
  /**
   * The user looked on the platform and the post is not there: post it again although an
   * earlier create may have happened. Only for a target in needs_attention with such a create.
   */
  confirmNotPosted?: boolean;
}

function doubtfulParts(variantJson: string, checkpointsJson: string): VariantPart[] {
  try {
    return partsInDoubt(variantParts(parseVariant(variantJson)), parseCheckpoints(checkpointsJson));
  } catch {
    // An unreadable variant: any part marked unknown is still in doubt.
    const checkpoints = parseCheckpoints(checkpointsJson);
    return Object.keys(checkpoints)
      .map((k) => /^part:(\d+):unknown$/.exec(k)?.[1])
      .filter((n): n is string => n !== undefined)
      .map((n) => ({ index: Number(n), kind: Number(n) === 0 ? 'post' : 'thread', text: '', media: [] }));
  }
}

/**
 * Puts a failed (after an edit), queued or needs-attention target back to queued and returns
 * 'queued'; the caller schedules the publish job. Parts already published are kept, so a retry
 * carries on from where the last attempt stopped. Refuses with a ValidationError that says why.
 */
export function retryTarget(opts: RetryTargetOptions): TargetState {
  const { db, targetId, clock } = opts;
  const target = loadTarget(db, targetId);
  const account = findRow(db, target.accountId);
  const name = account ? PLATFORM_NAMES[account.platform as Platform] : 'the platform';
  const state = target.state as TargetState;
  switch (state) {
    case 'published':
      throw new AppError('ValidationError', `This post is already on ${name}; there is nothing to retry.`, { state });
    case 'cancelled':
      throw new AppError('ValidationError', 'This post was cancelled; create it again to post it.', { state });
    case 'publishing':
      throw new AppError('ValidationError', 'This post is being published right now; wait for it to finish.', { state });
    case 'queued':
    case 'failed':
    case 'needs_attention':
      break;
    default:
      throw new AppError('ValidationError', `A post that is ${String(state)} cannot be retried.`, { state });
  }
  if (!account) throw new AppError('ValidationError', 'The account this post was for has been removed from PromoGPT; post it from another account.');
  if (account.status !== 'connected') {
    throw new AppError('ValidationError', `Reconnect ${account.handle} on the Accounts page first, then retry.`, { field: 'account', status: account.status });
  }

  const doubtful = state === 'needs_attention' ? doubtfulParts(target.variant, target.checkpoints) : [];
  if (doubtful.length > 0 && !opts.confirmNotPosted) {
    const first = doubtful[0] as VariantPart;
    throw new AppError(
      'ValidationError',
      `${name} may already have ${partLabel(first)}: check on ${name} first, so it is not posted twice (or confirm that it is not there).`,
      { reason: 'outcome_unknown', part: first.index },
    );
  }
  const forget = new Set(doubtful.map((p) => p.index));
  changeTarget(db, targetId, clock.now().toISOString(), {
    fields: { state: 'queued', errorName: null, errorMessage: null },
    checkpoints: { remove: (k) => k === cpKey.validationRule || [...forget].some((i) => isPartAttemptKey(i, k)) },
    expect: [state],
  });
  return 'queued';
}
