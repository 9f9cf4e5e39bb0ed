// A target's row, its checkpoints and its attempts. Every change is one synchronous write
// (BEGIN IMMEDIATE), so a checkpoint is on disk before the caller sends its next request.
import { and, eq, isNull } from 'drizzle-orm';
import { AppError } from '../../../src-shared/errors';
import type { TargetState } from '../../../src-shared/domain';
import type { WorkspaceDb } from '../db/app-db';
import { postTargets, publishAttempts } from '../db/schema/workspace';
import type { RemotePostRef } from '../connectors/types';

export type TargetRow = typeof postTargets.$inferSelect;
export type AttemptRow = typeof publishAttempts.$inferSelect;
/** step → remote id (or the instant a step began), as stored in post_targets.checkpoints. */
export type Checkpoints = Record<string, string>;

/** Outcomes of an attempt, as the schema names them. */
export type AttemptOutcome = 'published' | 'failed' | 'retry' | 'unknown' | 'needs_attention';

/**
 * Checkpoint keys. `part:<i>:<step>` are the connector's own (media:<n>, blob:<n>, rkey, post);
 * the publisher adds `sending` (when it first handed the part to the connector: from then on
 * the create may be out), `done` (the part's RemotePostRef as JSON) and `unknown` (the create
 * may or may not have happened, and the platform cannot be asked safely by re-running it).
 */
export const cpKey = {
  step: (i: number, step: string) => `part:${i}:${step}`,
  sending: (i: number) => `part:${i}:sending`,
  done: (i: number) => `part:${i}:done`,
  unknown: (i: number) => `part:${i}:unknown`,
  post: (i: number) => `part:${i}:post`,
  rkey: (i: number) => `part:${i}:rkey`,
  /** The platform rule a failed validation broke (text-length, media-size, …): it decides the action shown. */
  validationRule: 'validation:rule',
} as const;

/** The value of `part:<i>:unknown` once a check on the platform could not tell either. */
export const CANNOT_TELL = 'cannot-tell';

/** Keys of one part's attempt at creating it: dropped together once that attempt provably created nothing. */
export function isPartAttemptKey(i: number, key: string): boolean {
  const prefix = `part:${i}:`;
  if (!key.startsWith(prefix)) return false;
  const step = key.slice(prefix.length);
  return step === 'sending' || step === 'unknown' || /^(media|blob):\d+$/.test(step);
}

export function loadTarget(db: WorkspaceDb, targetId: string): TargetRow {
  const row = db.orm.select().from(postTargets).where(eq(postTargets.id, targetId)).get();
  if (!row) throw new AppError('NotFound', `There is no post target ${targetId} in this workspace.`);
  return row;
}

export function parseCheckpoints(json: string): Checkpoints {
  try {
    const value = JSON.parse(json) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

export function readCheckpoints(db: WorkspaceDb, targetId: string): Checkpoints {
  return parseCheckpoints(loadTarget(db, targetId).checkpoints);
}

/** The finished part's reference, from its `done` checkpoint. */
export function doneRef(checkpoints: Checkpoints, i: number): RemotePostRef | undefined {
  const raw = checkpoints[cpKey.done(i)];
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<RemotePostRef>;
    if (typeof v.id !== 'string' || !v.id) return undefined;
    return { id: v.id, url: typeof v.url === 'string' ? v.url : '', ...(v.extras && typeof v.extras === 'object' ? { extras: v.extras } : {}) };
  } catch {
    return undefined;
  }
}

export function encodeRef(ref: RemotePostRef): string {
  return JSON.stringify({ id: ref.id, url: ref.url, ...(ref.extras ? { extras: ref.extras } : {}) });
}

export interface CheckpointChange {
  set?: Checkpoints;
  remove?: (key: string) => boolean;
}

export interface TargetChange {
  fields?: Partial<Pick<TargetRow, 'state' | 'errorName' | 'errorMessage' | 'remoteId' | 'remoteUrl' | 'publishedAt'>>;
  checkpoints?: CheckpointChange;
  /** Ends this attempt with an outcome. */
  attempt?: { id: number; outcome: AttemptOutcome; errorName?: string | null; errorMessage?: string | null };
  /** Only when the target is in one of these states (else Conflict): a guard against a concurrent change. */
  expect?: TargetState[];
}

/** Changes a target (fields, checkpoints, its attempt) in one transaction; returns the checkpoints after it. */
export function changeTarget(db: WorkspaceDb, targetId: string, now: string, change: TargetChange): Checkpoints {
  return db.write((orm) => {
    const row = orm.select().from(postTargets).where(eq(postTargets.id, targetId)).get();
    if (!row) throw new AppError('NotFound', `There is no post target ${targetId} in this workspace.`);
    if (change.expect && !change.expect.includes(row.state as TargetState)) {
      throw new AppError('Conflict', `This post changed meanwhile (it is ${row.state.replace('_', ' ')} now); look at it again.`, { state: row.state });
    }
    let checkpoints = parseCheckpoints(row.checkpoints);
    if (change.checkpoints) {
      const { set = {}, remove } = change.checkpoints;
      if (remove) checkpoints = Object.fromEntries(Object.entries(checkpoints).filter(([k]) => !remove(k)));
      checkpoints = { ...checkpoints, ...set };
    }
    orm
      .update(postTargets)
      .set({ ...change.fields, ...(change.checkpoints ? { checkpoints: JSON.stringify(checkpoints) } : {}), updatedAt: now })
      .where(eq(postTargets.id, targetId))
      .run();
    if (change.attempt) {
      const a = change.attempt;
      orm
        .update(publishAttempts)
        .set({ endedAt: now, outcome: a.outcome, errorName: a.errorName ?? null, errorMessage: a.errorMessage ?? null })
        .where(eq(publishAttempts.id, a.id))
        .run();
    }
    return checkpoints;
  });
}

/**
 * Opens an attempt and marks the target publishing. An attempt still open from before was cut
 * short (the app closed or crashed): it is closed first, so the history shows it.
 */
export function startAttempt(db: WorkspaceDb, targetId: string, now: string, expect: TargetState[]): number {
  return db.write((orm) => {
    const row = orm.select().from(postTargets).where(eq(postTargets.id, targetId)).get();
    if (!row) throw new AppError('NotFound', `There is no post target ${targetId} in this workspace.`);
    if (!expect.includes(row.state as TargetState)) {
      throw new AppError('Conflict', `This post changed meanwhile (it is ${row.state.replace('_', ' ')} now); look at it again.`, { state: row.state });
    }
    orm
      .update(publishAttempts)
      .set({ endedAt: now, outcome: 'retry', errorName: 'Transient', errorMessage: 'PromoGPT stopped during this attempt (it was closed or crashed); the next attempt carried on from where it stopped.' })
      .where(and(eq(publishAttempts.targetId, targetId), isNull(publishAttempts.endedAt)))
      .run();
    const inserted = orm.insert(publishAttempts).values({ targetId, startedAt: now }).returning({ id: publishAttempts.id }).get();
    const { [cpKey.validationRule]: _rule, ...checkpoints } = parseCheckpoints(row.checkpoints);
    orm
      .update(postTargets)
      .set({ state: 'publishing', errorName: null, errorMessage: null, checkpoints: JSON.stringify(checkpoints), updatedAt: now })
      .where(eq(postTargets.id, targetId))
      .run();
    return inserted.id;
  });
}

/** The attempts of a target, oldest first. */
export function listAttempts(db: WorkspaceDb, targetId: string): AttemptRow[] {
  return db.orm.select().from(publishAttempts).where(eq(publishAttempts.targetId, targetId)).orderBy(publishAttempts.id).all();
}
