// "Check on the platform": for a target whose create may or may not have happened, look each
// part in doubt up without posting anything. Found → recorded as done (published once every
// part is); provably absent → queued, since posting it now cannot make a second one.
import type { TargetState } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { PLATFORM_NAMES, type Platform } from '../../../src-shared/platforms/platform';
import { findRow } from '../accounts/account-rows';
import type { WorkspaceDb } from '../db/app-db';
import type { Clock } from '../platform/clock';
import { createLogger } from '../platform/logger';
import type { PublishAccounts } from './publish-target';
import { lookUpPart, withinMastodonWindow } from './recovery';
import { CANNOT_TELL, changeTarget, cpKey, doneRef, encodeRef, isPartAttemptKey, loadTarget, parseCheckpoints, readCheckpoints, type Checkpoints } from './target-store';
import { parseVariant, partLabel, variantParts, type VariantPart } from './variant';

const log = createLogger('publishing');

export interface CheckOnPlatformOptions {
  workspaceId: string;
  targetId: string;
  accounts: PublishAccounts;
  db: WorkspaceDb;
  clock: Clock;
}

export type PartCheck = { index: number; result: 'posted' | 'not-posted' | 'cannot-tell' };

export interface CheckOnPlatformResult {
  /** published (everything is out), queued (safe to post what is missing: schedule it), or needs_attention. */
  state: TargetState;
  parts: PartCheck[];
}

/** The parts whose create is in doubt: marked unknown and not done. */
export function partsInDoubt(parts: VariantPart[], checkpoints: Checkpoints): VariantPart[] {
  return parts.filter((p) => checkpoints[cpKey.unknown(p.index)] !== undefined && !doneRef(checkpoints, p.index));
}

export async function checkOnPlatform(opts: CheckOnPlatformOptions): Promise<CheckOnPlatformResult> {
  const { db, targetId, clock } = opts;
  const now = () => clock.now().toISOString();
  const target = loadTarget(db, targetId);
  const account = findRow(db, target.accountId);
  if (!account) throw new AppError('NotFound', 'The account this post was for has been removed from PromoGPT, so PromoGPT cannot look the post up.');
  const platform = account.platform as Platform;
  const name = PLATFORM_NAMES[platform];
  const parts = variantParts(parseVariant(target.variant));
  const doubtful = target.state === 'needs_attention' ? partsInDoubt(parts, parseCheckpoints(target.checkpoints)) : [];
  if (doubtful.length === 0) {
    throw new AppError('ValidationError', `There is nothing to check on ${name}: PromoGPT knows what happened to this post (it is ${target.state.replace('_', ' ')}).`, { state: target.state });
  }

  const results: PartCheck[] = [];
  let cannotTell: VariantPart | undefined;
  for (const part of doubtful) {
    const i = part.index;
    const found = await opts.accounts.withSession(opts.workspaceId, target.accountId, (session, connector) =>
      lookUpPart({ platform, connector, session, checkpoints: readCheckpoints(db, targetId), part, targetKey: target.idempotencyKey, now: clock.now() }),
    );
    if ('found' in found) {
      changeTarget(db, targetId, now(), { checkpoints: { set: { [cpKey.done(i)]: encodeRef(found.found) }, remove: (k) => k === cpKey.unknown(i) } });
      results.push({ index: i, result: 'posted' });
    } else if ('absent' in found) {
      changeTarget(db, targetId, now(), { checkpoints: { remove: (k) => isPartAttemptKey(i, k) } });
      results.push({ index: i, result: 'not-posted' });
    } else if (platform === 'mastodon' && withinMastodonWindow(readCheckpoints(db, targetId), i, clock.now())) {
      // Mastodon cannot be asked without the status id, but within the hour its Idempotency-Key
      // makes a re-run return the status if it exists: the retry itself is the check.
      changeTarget(db, targetId, now(), { checkpoints: { remove: (k) => k === cpKey.unknown(i) } });
      results.push({ index: i, result: 'not-posted' });
    } else {
      changeTarget(db, targetId, now(), { checkpoints: { set: { [cpKey.unknown(i)]: CANNOT_TELL } } });
      results.push({ index: i, result: 'cannot-tell' });
      cannotTell ??= part;
    }
  }

  const checkpoints = readCheckpoints(db, targetId);
  let state: TargetState;
  if (cannotTell) {
    const message = `PromoGPT cannot look up ${partLabel(cannotTell)} on ${name}. Look at ${account.handle} on ${name}: if it is not there, choose Retry and confirm that it is not there; if it is, nothing more needs posting.`;
    changeTarget(db, targetId, now(), { fields: { state: 'needs_attention', errorName: 'Transient', errorMessage: message }, expect: ['needs_attention'] });
    state = 'needs_attention';
  } else if (parts.every((p) => doneRef(checkpoints, p.index))) {
    const first = doneRef(checkpoints, 0);
    changeTarget(db, targetId, now(), {
      fields: { state: 'published', remoteId: first?.id ?? null, remoteUrl: first?.url || null, publishedAt: now(), errorName: null, errorMessage: null },
      expect: ['needs_attention'],
    });
    state = 'published';
  } else {
    changeTarget(db, targetId, now(), { fields: { state: 'queued', errorName: null, errorMessage: null }, expect: ['needs_attention'] });
    state = 'queued';
  }
  log.info('checked a post whose outcome was unknown', { targetId, platform, state, parts: results.map((r) => `${r.index}:${r.result}`).join(',') });
  return { state, parts: results };
}
