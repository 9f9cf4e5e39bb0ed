// Publishing one target (a post for one account) as a state machine that survives crashes:
// every remote id a connector reports is on disk before its next request, each finished part
// is recorded before the next one starts, and a part whose create may already have happened is
// resumed only by the platform's safe-retry recipe (recovery.ts), never by a blind repeat.
//
//   queued ──▶ publishing ──▶ published
//                  │  ├──▶ queued            RateLimited / Transient / safe-to-repeat unknown (rethrown: the job retries)
//                  │  ├──▶ failed            the rules or the platform refused the content (edit, then retry)
//                  │  └──▶ needs_attention   reconnect, or a create whose outcome is unknown (check on the platform)
//                  └── (crash) stays publishing; the next run resumes from the checkpoints
import type { TargetState } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { Platform } from '../../../src-shared/platforms/platform';
import type { AccountRow } from '../accounts/account-rows';
import type { Accounts } from '../accounts/accounts';
import type { Connector, RemotePostRef, Session } from '../connectors/types';
import type { WorkspaceDb } from '../db/app-db';
import type { Clock } from '../platform/clock';
import { createLogger } from '../platform/logger';
import { lookUpPart, partKey, resumeFor, safeToRepeat } from './recovery';
import { createdNothing, settlementFor, unknownOutcomeMessage } from './settle';
import {
  changeTarget,
  changeTargetWithin,
  cpKey,
  doneRef,
  encodeRef,
  isPartAttemptKey,
  loadTarget,
  parseCheckpoints,
  readCheckpoints,
  startAttemptWithin,
  targetAccount,
  type CheckpointChange,
  type Checkpoints,
  type TargetChange,
  type TargetRow,
} from './target-store';
import { checkParts, limitOverridesOf } from './validate';
import { parseVariant, variantParts, type VariantPart } from './variant';

const log = createLogger('publishing');

/** What publishing needs from the accounts service: a fresh session and the account's connector. */
export type PublishAccounts = Pick<Accounts, 'withSession'>;

export interface PublishTargetOptions {
  workspaceId: string;
  targetId: string;
  accounts: PublishAccounts;
  db: WorkspaceDb;
  clock: Clock;
  /** Stops between steps (never in the middle of a request); the target goes back to queued. */
  signal?: AbortSignal;
  /** Progress over every part, 0…1 (the job's progress bar). */
  onProgress?(fraction: number): void;
  /**
   * Called inside the transaction that records the target published, as its last change: the
   * publish job completes itself there, so the two are one commit.
   */
  onPublished?(): void;
  /** The target and its account as read when the job was claimed (readStart), instead of reading them again. */
  start?: PublishStart;
}

/** What a publish reads first. */
export interface PublishStart {
  target: TargetRow;
  account: AccountRow | undefined;
}

/** Reads what a publish starts from: the scheduler calls it inside the claim's transaction, where reads are cheap. */
export function readStart(db: WorkspaceDb, targetId: string): PublishStart {
  const target = loadTarget(db, targetId);
  return { target, account: targetAccount(db, target.accountId) };
}

// One publish per target at a time in this process; across processes the job lease sees to it.
const running = new WeakMap<WorkspaceDb, Set<string>>();

/**
 * Publishes a target (or resumes it after a crash) and returns its final state. Throws the
 * RateLimited (details.resetAt) or Transient error after putting the target back to queued, so
 * the job queue tries again; every other outcome is a state with a message the user can act on.
 */
export async function publishTarget(opts: PublishTargetOptions): Promise<TargetState> {
  const start = opts.start?.target.id === opts.targetId ? opts.start : readStart(opts.db, opts.targetId);
  const target = start.target;
  const state = target.state as TargetState;
  if (state !== 'queued' && state !== 'publishing') return state;
  let busy = running.get(opts.db);
  if (!busy) running.set(opts.db, (busy = new Set()));
  if (busy.has(opts.targetId)) throw new AppError('Conflict', 'This post is being published right now; wait for it to finish.');
  busy.add(opts.targetId);
  try {
    return await run(opts, start);
  } finally {
    busy.delete(opts.targetId);
  }
}

async function run(opts: PublishTargetOptions, { target, account }: PublishStart): Promise<TargetState> {
  const { db, targetId, clock } = opts;
  const now = () => clock.now().toISOString();
  const before = parseCheckpoints(target.checkpoints);
  const ctx: PartContext = { opts, platform: 'mastodon', targetKey: target.idempotencyKey, parts: [], before, createErrors: new WeakSet(), refused: new WeakSet(), attemptId: undefined, published: false };
  // The attempt opens inside the first write that needs it (for a fresh part: the one that
  // records `sending`), so a publish costs one commit fewer; it is on disk before the connector
  // is called, as before.
  const begin = (): number => openAttempt(ctx);
  const fail = (errorName: string, message: string, set: Checkpoints = {}): TargetState => {
    db.write(() => {
      const id = begin();
      changeTargetWithin(db, targetId, now(), {
        fields: { state: 'failed', errorName, errorMessage: message },
        checkpoints: { set },
        attempt: { id, outcome: 'failed', errorName, errorMessage: message },
      });
    });
    return 'failed';
  };

  if (!account) return fail('NotFound', 'The account this post was for has been removed from PromoGPT. Post it from another account.');
  const platform = account.platform as Platform;
  ctx.platform = platform;

  let parts: VariantPart[];
  try {
    parts = variantParts(parseVariant(target.variant));
  } catch (error) {
    return fail('ValidationError', error instanceof AppError ? error.message : 'This post\'s content could not be read. Edit the post, then retry.');
  }
  // The last check before any upload; parts already out are not checked again.
  const pending = parts.filter((p) => !doneRef(before, p.index));
  const problem = await checkParts(platform, pending, limitOverridesOf(platform, account.extras));
  if (problem) return fail('ValidationError', problem.message, { [cpKey.validationRule]: problem.rule });
  ctx.parts = parts;

  const refs: RemotePostRef[] = [];
  let current: VariantPart | undefined;
  try {
    for (const part of parts) {
      current = part;
      opts.signal?.throwIfAborted();
      const prev = refs[refs.length - 1];
      // The account as claimed for the first part; a later part (a thread) reads it again, as it may have changed meanwhile.
      const known = part === parts[0] ? account : undefined;
      const result = await opts.accounts.withSession(opts.workspaceId, target.accountId, (session, connector) => publishPart(ctx, part, prev, session, connector), known);
      if (result === 'in-doubt') {
        const message = unknownOutcomeMessage(platform, part);
        db.write(() =>
          changeTargetWithin(db, targetId, now(), {
            fields: { state: 'needs_attention', errorName: 'Transient', errorMessage: message },
            checkpoints: { set: { [cpKey.unknown(part.index)]: now() } },
            attempt: { id: begin(), outcome: 'unknown', errorName: 'Transient', errorMessage: message },
          }),
        );
        log.warn('a create may or may not have happened; waiting for a check', { targetId, platform, part: part.index });
        return 'needs_attention';
      }
      refs.push(result);
      opts.onProgress?.((part.index + 1) / parts.length);
    }
  } catch (error) {
    // The target was no longer queued or publishing (cancelled meanwhile): nothing was sent, and it is not ours to change.
    if (error && typeof error === 'object' && ctx.refused.has(error)) throw error;
    if (ctx.published) {
      log.warn('a step after the last part failed; the post is out', { targetId, platform, error });
      return 'published';
    }
    const checkpoints = readCheckpoints(db, targetId);
    const i = current?.index ?? 0;
    const s = settlementFor(error, {
      platform,
      handle: account.handle,
      part: current,
      maybeCreated: !!error && typeof error === 'object' && ctx.createErrors.has(error),
      safeToRepeat: safeToRepeat(platform, checkpoints, i, clock.now()),
    });
    db.write(() =>
      changeTargetWithin(db, targetId, now(), {
        fields: { state: s.state, errorName: s.errorName, errorMessage: s.message },
        ...(s.unknown ? { checkpoints: { set: { [cpKey.unknown(i)]: now() } } } : {}),
        attempt: { id: begin(), outcome: s.outcome, errorName: s.errorName, errorMessage: s.message },
      }),
    );
    log.warn('publish attempt ended without publishing', { targetId, platform, part: i, state: s.state, error });
    if (s.rethrow !== undefined) throw s.rethrow;
    return s.state;
  }

  // Usually the last part's `done` already said so; not when an earlier attempt had recorded it.
  if (!ctx.published) {
    await db.writeSoon(() => {
      changeTargetWithin(db, targetId, now(), published(refs[0] as RemotePostRef, begin(), now()));
      opts.onPublished?.();
    });
  }
  log.info('published', { targetId, platform, parts: parts.length });
  return 'published';
}

interface PartContext {
  opts: PublishTargetOptions;
  platform: Platform;
  targetKey: string;
  parts: VariantPart[];
  /** The checkpoints as the attempt found them: still the stored ones until its first write (which opens the attempt). */
  before: Checkpoints;
  /** Errors that came out of a connector's publish: only those may hide a create. */
  createErrors: WeakSet<object>;
  /** Errors of opening the attempt (the target changed meanwhile): rethrown, the target left as it is. */
  refused: WeakSet<object>;
  /** Set once the write that opened it has committed. */
  attemptId: number | undefined;
  /** The last part's `done` was written together with the target's published state. */
  published: boolean;
}

/**
 * The open attempt's id: opened here, inside the caller's write, when none is open yet, with
 * `change` to the checkpoints in the same update (when one is open already, `change` is the
 * caller's to make).
 */
function openAttempt(ctx: PartContext, change?: CheckpointChange): number {
  if (ctx.attemptId !== undefined) return ctx.attemptId;
  try {
    return startAttemptWithin(ctx.opts.db, ctx.opts.targetId, ctx.opts.clock.now().toISOString(), ['queued', 'publishing'], change);
  } catch (error) {
    if (error && typeof error === 'object') ctx.refused.add(error);
    throw error;
  }
}

/** The target's change once every part is out: published, as the first part. */
function published(first: RemotePostRef, attemptId: number, now: string): TargetChange {
  return {
    fields: { state: 'published', remoteId: first.id, remoteUrl: first.url || null, publishedAt: now, errorName: null, errorMessage: null },
    attempt: { id: attemptId, outcome: 'published' },
  };
}

/**
 * One part: already done → its ref; started before and cut off → the platform's recipe
 * (re-run, look it up, or report it in doubt); otherwise a fresh publish. Runs inside
 * withSession, which may call it a second time after refreshing the sign-in.
 */
async function publishPart(ctx: PartContext, part: VariantPart, replyTo: RemotePostRef | undefined, session: Session, connector: Connector): Promise<RemotePostRef | 'in-doubt'> {
  const { db, targetId, clock, signal } = ctx.opts;
  const i = part.index;
  const now = () => clock.now().toISOString();
  const last = i === ctx.parts.length - 1;
  // One transaction: the part's `done` (with the create's id, if still held back), and for the
  // last part the target's published state too. Group-committed with other publishes finishing
  // in this turn, and awaited: the next part (or the job's end) waits until it is on disk.
  const markDone = async (ref: RemotePostRef, reported: Checkpoints = {}) => {
    ctx.attemptId = await db.writeSoon(() => {
      const id = openAttempt(ctx);
      const first = i === 0 ? ref : doneRef(readCheckpoints(db, targetId), 0);
      const finish = last && first ? published(first, id, now()) : {};
      changeTargetWithin(db, targetId, now(), { ...finish, checkpoints: { set: { ...reported, [cpKey.done(i)]: encodeRef(ref) } } });
      if (last && first) {
        ctx.opts.onPublished?.();
        ctx.published = true;
      }
      return id;
    });
    return ref;
  };

  const checkpoints = ctx.attemptId === undefined ? ctx.before : readCheckpoints(db, targetId);
  const done = doneRef(checkpoints, i);
  if (done) return done;
  if (checkpoints[cpKey.unknown(i)] !== undefined) return 'in-doubt';

  if (checkpoints[cpKey.post(i)] !== undefined || checkpoints[cpKey.sending(i)] !== undefined) {
    // Open (and on disk) before the connector is asked anything.
    if (ctx.attemptId === undefined) ctx.attemptId = await db.writeSoon(() => openAttempt(ctx));
    const resume = checkpoints[cpKey.post(i)] !== undefined ? 'lookup' : resumeFor(ctx.platform, checkpoints, part, clock.now());
    if (resume === 'in-doubt') return 'in-doubt';
    if (resume === 'lookup') {
      const found = await lookUpPart({ platform: ctx.platform, connector, session, checkpoints, part, targetKey: ctx.targetKey, now: clock.now() });
      if ('found' in found) {
        log.info('an earlier attempt had posted this part; not posting it again', { targetId, part: i });
        return await markDone(found.found);
      }
      return 'in-doubt';
    }
    // A re-run keeps the first `sending` instant: Mastodon's hour counts from the first send.
  } else {
    // With the attempt's opening if this is the first write; group-committed, and awaited: on
    // disk before the connector sends anything.
    ctx.attemptId = await db.writeSoon(() => {
      const sending: CheckpointChange = { set: { [cpKey.sending(i)]: now() }, remove: (k) => isPartAttemptKey(i, k) };
      if (ctx.attemptId === undefined) return openAttempt(ctx, sending);
      changeTargetWithin(db, targetId, now(), { checkpoints: sending });
      return ctx.attemptId;
    });
  }

  // The create's own id (`post`) is the connector's last step, after its last request: it is
  // written with `done`, in one transaction. Any later step writes it first, so order holds.
  let reported: Checkpoints = {};
  const flushReported = () => {
    if (Object.keys(reported).length === 0) return;
    changeTarget(db, targetId, now(), { checkpoints: { set: reported } });
    reported = {};
  };
  try {
    const ref = await connector.publish(
      session,
      { text: part.text, media: part.media, ...(replyTo ? { replyTo } : {}), idempotencyKey: partKey(ctx.targetKey, i) },
      {
        // Synchronous: the id is committed before the connector sends its next request.
        checkpoint: (step, value) => {
          if (step === 'post') {
            reported[cpKey.step(i, step)] = value;
            return;
          }
          flushReported();
          changeTarget(db, targetId, now(), { checkpoints: { set: { [cpKey.step(i, step)]: value } } });
        },
        progress: (f) => ctx.opts.onProgress?.((i + Math.min(Math.max(f, 0), 1)) / ctx.parts.length),
        ...(signal ? { signal } : {}),
      },
    );
    return await markDone(ref, reported);
  } catch (error) {
    flushReported();
    if (error && typeof error === 'object') ctx.createErrors.add(error);
    // Provably nothing was created: forget this try, so the next one starts clean.
    if (createdNothing(error)) changeTarget(db, targetId, now(), { checkpoints: { remove: (k) => isPartAttemptKey(i, k) } });
    throw error;
  }
}
