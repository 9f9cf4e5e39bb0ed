// A target's row, its checkpoints and its attempts. Every change is one write: synchronous
// (BEGIN IMMEDIATE), or on the publishing hot path group-committed (Db.writeSoon) and awaited,
// so either way a checkpoint is on disk before the caller sends its next request.
// The statements are prepared once per database: they run several times for every publish.
import type { Statement } from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { AppError } from '../../../src-shared/errors';
import type { TargetState } from '../../../src-shared/domain';
import type { WorkspaceDb } from '../db/app-db';
import { plainColumns, plainUpdate } from '../db/plain-columns';
import { accounts, postTargets, publishAttempts } from '../db/schema/workspace';
import type { AccountRow } from '../accounts/account-rows';
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

type TargetColumn = keyof TargetRow;

const TARGET_COLUMNS = plainColumns(postTargets);
const ACCOUNT_COLUMNS = plainColumns(accounts);
const CUT_SHORT = 'PromoGPT stopped during this attempt (it was closed or crashed); the next attempt carried on from where it stopped.';

// Plain statements (plain-columns.ts): a publish runs each of them once or twice.
function statementsFor({ sqlite }: Pick<WorkspaceDb, 'sqlite'>) {
  return {
    account: sqlite.prepare<{ accountId: string }, AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = @accountId`),
    target: sqlite.prepare<{ targetId: string }, TargetRow>(`SELECT ${TARGET_COLUMNS} FROM post_targets WHERE id = @targetId`),
    postId: sqlite.prepare<{ targetId: string }, { postId: string }>('SELECT post_id AS postId FROM post_targets WHERE id = @targetId'),
    /** One UPDATE per set of changed columns. */
    targetUpdates: new Map<string, Statement<Record<string, unknown>>>(),
    targetUpdate: (keys: readonly TargetColumn[]) => sqlite.prepare<Record<string, unknown>>(`${plainUpdate(postTargets, keys)} WHERE id = @targetId`),
    endAttempt: sqlite.prepare<{ id: number; now: string; outcome: string; errorName: string | null; errorMessage: string | null }>(
      'UPDATE publish_attempts SET ended_at = @now, outcome = @outcome, error_name = @errorName, error_message = @errorMessage WHERE id = @id',
    ),
    closeOpenAttempts: sqlite.prepare<{ targetId: string; now: string; message: string }>(
      "UPDATE publish_attempts SET ended_at = @now, outcome = 'retry', error_name = 'Transient', error_message = @message WHERE target_id = @targetId AND ended_at IS NULL",
    ),
    openAttempt: sqlite.prepare<{ targetId: string; now: string }, { id: number }>('INSERT INTO publish_attempts (target_id, started_at) VALUES (@targetId, @now) RETURNING id'),
  };
}

type Statements = ReturnType<typeof statementsFor>;
const prepared = new WeakMap<WorkspaceDb, Statements>();

function statements(db: WorkspaceDb): Statements {
  let s = prepared.get(db);
  if (!s) prepared.set(db, (s = statementsFor(db)));
  return s;
}

function updateTarget(db: WorkspaceDb, targetId: string, change: Partial<TargetRow>): void {
  const q = statements(db);
  const keys = Object.keys(change) as TargetColumn[];
  const signature = keys.join(',');
  let stmt = q.targetUpdates.get(signature);
  if (!stmt) q.targetUpdates.set(signature, (stmt = q.targetUpdate(keys)));
  stmt.run({ ...change, targetId } as Record<string, unknown>);
}

/** The account a target is for (accounts' findRow, prepared: it runs for every publish). */
export function targetAccount(db: WorkspaceDb, accountId: string): AccountRow | undefined {
  return statements(db).account.get({ accountId });
}

/** The post a target belongs to (every job change of a publish asks). */
export function targetPostId(db: WorkspaceDb, targetId: string): string | undefined {
  return statements(db).postId.get({ targetId })?.postId;
}

export function loadTarget(db: WorkspaceDb, targetId: string): TargetRow {
  const row = statements(db).target.get({ targetId });
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
  return db.write(() => changeTargetWithin(db, targetId, now, change));
}

/**
 * `changeTarget` inside the caller's write transaction (a Db.writeSoon batch gives each write
 * its own savepoint already: a second one per change would only cost statements).
 */
export function changeTargetWithin(db: WorkspaceDb, targetId: string, now: string, change: TargetChange): Checkpoints {
  const row = loadTarget(db, targetId);
  if (change.expect && !change.expect.includes(row.state as TargetState)) {
    throw new AppError('Conflict', `This post changed meanwhile (it is ${row.state.replace('_', ' ')} now); look at it again.`, { state: row.state });
  }
  const checkpoints = applyCheckpoints(parseCheckpoints(row.checkpoints), change.checkpoints);
  updateTarget(db, targetId, { ...change.fields, ...(change.checkpoints ? { checkpoints: JSON.stringify(checkpoints) } : {}), updatedAt: now });
  if (change.attempt) {
    const a = change.attempt;
    statements(db).endAttempt.run({ id: a.id, now, outcome: a.outcome, errorName: a.errorName ?? null, errorMessage: a.errorMessage ?? null });
  }
  return checkpoints;
}

function applyCheckpoints(checkpoints: Checkpoints, change: CheckpointChange | undefined): Checkpoints {
  if (!change) return checkpoints;
  const { set = {}, remove } = change;
  const kept = remove ? Object.fromEntries(Object.entries(checkpoints).filter(([k]) => !remove(k))) : checkpoints;
  return { ...kept, ...set };
}

/**
 * Opens an attempt and marks the target publishing, inside the caller's write transaction (see
 * changeTargetWithin), with the attempt's first checkpoints if given: one read and one update of
 * the target. An attempt still open from before was cut short (the app closed or crashed): it
 * is closed first, so the history shows it.
 */
export function startAttemptWithin(db: WorkspaceDb, targetId: string, now: string, expect: TargetState[], change?: CheckpointChange): number {
  const q = statements(db);
  const row = loadTarget(db, targetId);
  if (!expect.includes(row.state as TargetState)) {
    throw new AppError('Conflict', `This post changed meanwhile (it is ${row.state.replace('_', ' ')} now); look at it again.`, { state: row.state });
  }
  q.closeOpenAttempts.run({ targetId, now, message: CUT_SHORT });
  const inserted = q.openAttempt.get({ targetId, now }) as { id: number };
  // A failed validation's rule is dropped: this attempt checks again.
  const stale = row.checkpoints.includes(cpKey.validationRule);
  let checkpoints: Checkpoints | undefined;
  if (stale || change) {
    const { [cpKey.validationRule]: _rule, ...rest } = parseCheckpoints(row.checkpoints);
    checkpoints = applyCheckpoints(rest, change);
  }
  updateTarget(db, targetId, {
    state: 'publishing',
    errorName: null,
    errorMessage: null,
    ...(checkpoints ? { checkpoints: JSON.stringify(checkpoints) } : {}),
    updatedAt: now,
  });
  return inserted.id;
}

/** The attempts of a target, oldest first. */
export function listAttempts(db: WorkspaceDb, targetId: string): AttemptRow[] {
  return db.orm.select().from(publishAttempts).where(eq(publishAttempts.targetId, targetId)).orderBy(publishAttempts.id).all();
}
