import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../../src-shared/errors';
import type { WorkspaceDb } from '../db/app-db';
import { plainColumns, plainUpdate } from '../db/plain-columns';
import { jobs } from '../db/schema/workspace';
import type { Clock } from '../platform/clock';
import type { IdGenerator } from '../platform/ids';
import { decideRetry, toJobError, type RetryDecision } from './retry-policy';

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'needs_attention'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const DEFAULT_MAX_ATTEMPTS = 8;

/** One row of the jobs table, with its payload parsed. */
export interface Job {
  id: string;
  kind: string;
  payload: unknown;
  runAt: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  progress: number | null;
  idempotencyKey: string;
  lastErrorName: string | null;
  lastErrorMessage: string | null;
  createdAt: string;
  updatedAt: string;
  /** As its kind named it when it was enqueued (null: none, or enqueued before keys were stored). */
  concurrencyKey: string | null;
}

/** A job just leased by `claim`. `recovered`: its previous worker's lease ran out before it finished. */
export type ClaimedJob = Job & {
  recovered: boolean;
  /** What ClaimInput.prepare read for the job, if it was asked. */
  prepared?: unknown;
};

export interface EnqueueInput {
  kind: string;
  /** Anything JSON can hold. */
  payload: unknown;
  runAt: Date | string;
  /** One job per key, ever: enqueueing the same key again returns the job already there. */
  idempotencyKey: string;
  maxAttempts?: number;
  /**
   * The job's concurrency key, stored with it so a claim can skip busy keys in SQL (the
   * scheduler fills it in from its kind's key function). The claim's canRun stays the judge.
   */
  concurrencyKey?: (job: Job) => string | null;
}

export interface ClaimInput {
  owner: string;
  now: Date;
  leaseMs: number;
  limit: number;
  /**
   * Whether this worker may take the job now. `held` are the jobs whose lease is live (other
   * workers' and the ones this call already took), for per-key limits. Runs inside the write
   * transaction: it must be synchronous and must not touch this database.
   */
  canRun?(job: Job, held: readonly Job[]): boolean;
  /**
   * The caller tracks its own running jobs and canRun refuses their keys itself (the
   * scheduler): `held` then lists only other workers' live leases and this call's, so a claim
   * does not read and parse every running row again (each finished job claims the next).
   */
  ownLeasesKnown?: boolean;
  /**
   * Concurrency keys busy in this process (the scheduler's running jobs). Due jobs stored with
   * one of them, or with the key of another worker's live lease, are skipped in SQL: a backlog
   * of thousands behind a few busy accounts is not read row by row after every finished job.
   */
  busyKeys?: readonly string[];
  /**
   * Reads what a taken job will need first, inside the claim's transaction, where a read costs
   * a fraction of one on its own (no lock of its own to take). Must only read. A throw leaves
   * `prepared` unset: the handler then reads for itself, and says what is wrong.
   */
  prepare?(job: ClaimedJob): unknown;
}

export interface ListFilter {
  state?: JobState | JobState[];
  kind?: string;
  limit?: number;
  /** Newest created first (default: by runAt, oldest first). */
  newestFirst?: boolean;
}

export interface JobQueueDeps {
  clock: Clock;
  ids: IdGenerator;
  /** In [0, 1): jitter for retries. */
  random?: () => number;
}

type Row = typeof jobs.$inferSelect;
const JOB_COLUMNS = plainColumns(jobs);

const CANCELLABLE: readonly JobState[] = ['queued', 'needs_attention', 'failed'];
/** The claim's first page is a few times its limit; each further page is 4× larger, up to this. */
const MAX_PAGE = 1000;
/** Why a job whose worker vanished is not tried again: it may be what takes the worker down. */
const LOST_WORKER_MESSAGE = 'The job stopped without finishing (the app quit or crashed while it ran) and has used up its attempts.';

const p = sql.placeholder;
/** A placeholder where drizzle's types want a value (update sets). */
const v = (name: string) => sql`${sql.placeholder(name)}`;

/**
 * The queue's hot statements, built and prepared once per database connection: a claim and
 * the end of an attempt run for every job, and drizzle's query building costs more than the
 * queries themselves.
 */
function statementsFor({ orm, sqlite }: Pick<WorkspaceDb, 'orm' | 'sqlite'>) {
  const held = and(eq(jobs.id, p('id')), eq(jobs.state, 'running'), eq(jobs.leaseOwner, p('owner')));
  // A plain statement (plain-columns.ts): every job's end runs one.
  const heldChange = (keys: readonly (keyof Row)[]) =>
    sqlite.prepare<Record<string, unknown>, Row>(`${plainUpdate(jobs, keys)} WHERE id = @id AND state = 'running' AND lease_owner = @owner RETURNING ${JOB_COLUMNS}`);
  return {
    byId: orm.select().from(jobs).where(eq(jobs.id, p('id'))).prepare(),
    byKey: orm.select().from(jobs).where(eq(jobs.idempotencyKey, p('key'))).prepare(),
    insert: orm
      .insert(jobs)
      .values({
        id: p('id'),
        kind: p('kind'),
        payload: p('payload'),
        runAt: p('runAt'),
        state: 'queued',
        attempts: 0,
        maxAttempts: p('maxAttempts'),
        idempotencyKey: p('idempotencyKey'),
        createdAt: p('now'),
        updatedAt: p('now'),
        concurrencyKey: p('concurrencyKey'),
      })
      .prepare(),
    // Plain statements for what every claim reads (see plain-columns.ts).
    leased: sqlite.prepare<{ at: string }, Row>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE state = 'running' AND lease_expires_at > @at`),
    leasedByOthers: sqlite.prepare<{ at: string; owner: string }, Row>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE state = 'running' AND lease_expires_at > @at AND lease_owner != @owner`),
    /**
     * Due queued jobs whose key is not busy (`busy`: a JSON array), in the order of the index
     * jobs_due (state, run_at, created_at, key, then rowid: the order they were added), as their
     * rowid and key only: a page is read off the index alone, and a job's row is read once it
     * is considered. One query with the expired leases OR-ed in sorted every due job for every
     * page: a backlog of thousands, each claim.
     */
    dueQueued: sqlite.prepare<{ at: string; busy: string; limit: number; offset: number }, { rowid: number; key: string | null }>(
      `SELECT rowid, concurrency_key AS key FROM jobs WHERE state = 'queued' AND run_at <= @at
         AND (concurrency_key IS NULL OR concurrency_key NOT IN (SELECT value FROM json_each(@busy)))
         ORDER BY run_at, created_at, concurrency_key, rowid LIMIT @limit OFFSET @offset`,
    ),
    byRowid: sqlite.prepare<{ rowid: number }, Row>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE rowid = @rowid`),
    /** Running jobs whose lease ran out (their worker crashed or slept): few, read at once. */
    expired: sqlite.prepare<{ at: string }, Row>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE state = 'running' AND lease_expires_at <= @at ORDER BY run_at, created_at, id`),
    take: sqlite.prepare<{ id: string; attempts: number; owner: string; leaseExpiresAt: string; at: string }>(
      "UPDATE jobs SET state = 'running', attempts = @attempts, lease_owner = @owner, lease_expires_at = @leaseExpiresAt, updated_at = @at WHERE id = @id",
    ),
    giveUp: orm
      .update(jobs)
      .set({ state: 'failed', leaseOwner: null, leaseExpiresAt: null, lastErrorName: 'Transient', lastErrorMessage: LOST_WORKER_MESSAGE, updatedAt: v('at') })
      .where(eq(jobs.id, p('id')))
      .prepare(),
    heldRow: orm.select().from(jobs).where(held).prepare(),
    /** One UPDATE … RETURNING per set of changed columns: it changes the row only while `owner` holds the lease. */
    heldChanges: new Map<string, ReturnType<typeof heldChange>>(),
    heldChange,
    // Plain statements: asked after every wake of the scheduler, where drizzle's mapping of an
    // aggregate cost several times the query.
    nextQueued: sqlite.prepare<[], { at: string | null }>("SELECT min(run_at) AS at FROM jobs WHERE state = 'queued'"),
    nextLeaseEnd: sqlite.prepare<[], { at: string | null }>("SELECT min(lease_expires_at) AS at FROM jobs WHERE state = 'running'"),
  };
}

type Statements = ReturnType<typeof statementsFor>;
const prepared = new WeakMap<WorkspaceDb, Statements>();

function statements(db: WorkspaceDb): Statements {
  let s = prepared.get(db);
  if (!s) prepared.set(db, (s = statementsFor(db)));
  return s;
}

function toJob(row: Row): Job {
  let payload: unknown = null;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    payload = null;
  }
  return { ...row, payload, state: row.state as JobState };
}

function instant(value: Date | string, field: string): string {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new AppError('ValidationError', `${field} is not a valid date and time.`, { field });
  return at.toISOString();
}

/**
 * The jobs of one workspace database (DESIGN.md §4). Every change is one short write
 * transaction; a change by a worker only lands while that worker still holds the lease, so a
 * worker whose lease ran out and was taken over can never overwrite its successor's result.
 */
export class JobQueue {
  private readonly random: () => number;

  constructor(
    private readonly db: WorkspaceDb,
    private readonly deps: JobQueueDeps,
  ) {
    this.random = deps.random ?? Math.random;
  }

  enqueue(input: EnqueueInput): Job {
    if (!input.kind) throw new AppError('ValidationError', 'A job needs a kind.', { field: 'kind' });
    if (!input.idempotencyKey) throw new AppError('ValidationError', 'A job needs an idempotency key.', { field: 'idempotencyKey' });
    const maxAttempts = input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new AppError('ValidationError', 'maxAttempts must be a whole number of at least 1.', { field: 'maxAttempts' });
    const runAt = instant(input.runAt, 'runAt');
    const payload = JSON.stringify(input.payload ?? null);
    const q = statements(this.db);
    return this.db.write(() => {
      const existing = q.byKey.get({ key: input.idempotencyKey });
      if (existing) return toJob(existing);
      const now = this.deps.clock.now().toISOString();
      const row: Row = {
        id: this.deps.ids('job'),
        kind: input.kind,
        payload,
        runAt,
        state: 'queued',
        attempts: 0,
        maxAttempts,
        leaseOwner: null,
        leaseExpiresAt: null,
        progress: null,
        idempotencyKey: input.idempotencyKey,
        lastErrorName: null,
        lastErrorMessage: null,
        createdAt: now,
        updatedAt: now,
        concurrencyKey: null,
      };
      const job = toJob(row);
      job.concurrencyKey = input.concurrencyKey?.(job) ?? null;
      q.insert.run({ id: row.id, kind: row.kind, payload, runAt, maxAttempts, idempotencyKey: row.idempotencyKey, now, concurrencyKey: job.concurrencyKey });
      return job;
    });
  }

  /**
   * Leases up to `limit` runnable jobs, oldest `runAt` first (equal ones in the order they were
   * added; those added in the same millisecond by key): queued ones that are due, and running
   * ones whose lease has expired (their worker crashed or the machine slept). Each is marked
   * running under `owner` with attempts + 1, in one transaction.
   */
  claim({ owner, now, leaseMs, limit, canRun, ownLeasesKnown, busyKeys = [], prepare }: ClaimInput): ClaimedJob[] {
    if (limit <= 0) return [];
    const at = now.toISOString();
    const leaseExpiresAt = new Date(now.getTime() + leaseMs).toISOString();
    const q = statements(this.db);
    return this.db.write(() => {
      const held: Job[] = (ownLeasesKnown ? q.leasedByOthers.all({ at, owner }) : q.leased.all({ at })).map(toJob);
      const busy = new Set(busyKeys);
      for (const job of held) if (job.concurrencyKey !== null) busy.add(job.concurrencyKey);
      const busyJson = JSON.stringify([...busy]);
      const taken: ClaimedJob[] = [];
      const exhausted: string[] = [];
      const consider = (row: Row) => {
        const job = toJob(row);
        const recovered = job.state === 'running';
        if (recovered && job.attempts >= job.maxAttempts) {
          exhausted.push(job.id);
          return;
        }
        if (canRun && !canRun(job, held)) return;
        const claimed: ClaimedJob = { ...job, state: 'running', attempts: job.attempts + 1, leaseOwner: owner, leaseExpiresAt, updatedAt: at, recovered };
        taken.push(claimed);
        held.push(claimed);
        if (claimed.concurrencyKey !== null) busy.add(claimed.concurrencyKey);
      };
      // Expired leases and due queued jobs, merged in runAt order (then createdAt).
      const expired = q.expired.all({ at });
      let e = 0;
      const expiredFirst = (queued: Row) => {
        const x = expired[e];
        return x !== undefined && (x.runAt < queued.runAt || (x.runAt === queued.runAt && x.createdAt <= queued.createdAt));
      };
      // The first page a little larger than the claim: SQL leaves out the keys busy when the
      // claim began, but not the ones it takes, nor jobs without a stored key. A claim runs
      // after each batch of finished jobs, so a fixed page of 100 read ~7 rows per job started;
      // a deep backlog is still walked in few queries, as the pages grow.
      let page = Math.min(MAX_PAGE, Math.max(16, limit * 3));
      pages: for (let offset = 0; taken.length < limit; offset += page, page = Math.min(MAX_PAGE, page * 4)) {
        const due = q.dueQueued.all({ at, busy: busyJson, limit: page, offset });
        for (const { rowid, key } of due) {
          if (key !== null && busy.has(key)) continue; // taken by this claim already
          const row = q.byRowid.get({ rowid });
          if (!row) continue;
          while (expiredFirst(row)) {
            consider(expired[e++] as Row);
            if (taken.length >= limit) break pages;
          }
          consider(row);
          if (taken.length >= limit) break pages;
        }
        if (due.length < page) break;
      }
      while (taken.length < limit && e < expired.length) consider(expired[e++] as Row);
      for (const job of taken) q.take.run({ id: job.id, attempts: job.attempts, owner, leaseExpiresAt, at });
      for (const id of exhausted) q.giveUp.run({ id, at });
      if (prepare) {
        for (const job of taken) {
          try {
            job.prepared = prepare(job);
          } catch {
            job.prepared = undefined;
          }
        }
      }
      return taken;
    });
  }

  /** Extends the lease; null when `owner` no longer holds it (the worker should stop). */
  heartbeat(id: string, owner: string, leaseMs: number): Job | null {
    const now = this.deps.clock.now();
    return this.ifHeld(id, owner, { leaseExpiresAt: new Date(now.getTime() + leaseMs).toISOString() });
  }

  complete(id: string, owner: string): Job | null {
    return this.ifHeld(id, owner, { state: 'succeeded', progress: 100, leaseOwner: null, leaseExpiresAt: null });
  }

  /**
   * Records a failed attempt and applies the retry policy: queued again at the policy's time,
   * failed, or needs attention. Null (and nothing changed) when `owner` no longer holds the lease.
   */
  fail(id: string, owner: string, error: unknown): { job: Job; decision: RetryDecision } | null {
    const jobError = toJobError(error);
    const now = this.deps.clock.now();
    return this.db.write(() => {
      const row = statements(this.db).heldRow.get({ id, owner });
      if (!row) return null;
      const decision = decideRetry({ error: jobError, attempts: row.attempts, maxAttempts: row.maxAttempts, now, random: this.random });
      const released = { leaseOwner: null, leaseExpiresAt: null, lastErrorName: jobError.name, updatedAt: now.toISOString() };
      const change =
        decision.kind === 'retry'
          ? { ...released, state: 'queued', runAt: decision.runAt.toISOString(), progress: null, lastErrorMessage: jobError.message }
          : decision.kind === 'failed'
            ? { ...released, state: 'failed', lastErrorMessage: jobError.message }
            : { ...released, state: 'needs_attention', lastErrorMessage: `${decision.reason} (${jobError.message})` };
      const after = this.changeHeld(id, owner, change);
      return after ? { job: after, decision } : null;
    });
  }

  /** Stops the job until the user acts: `name` and `message` say why and what to do. */
  needsAttention(id: string, owner: string, name: string, message: string): Job | null {
    return this.ifHeld(id, owner, { state: 'needs_attention', leaseOwner: null, leaseExpiresAt: null, lastErrorName: name, lastErrorMessage: message });
  }

  progress(id: string, owner: string, pct: number): Job | null {
    const value = Math.round(Math.min(100, Math.max(0, Number.isFinite(pct) ? pct : 0)));
    return this.ifHeld(id, owner, { progress: value });
  }

  /**
   * Cancels a job that is not done. A running one is cancelled only with `running: true` (for
   * jobs safe to stop midway, like renders): its lease is dropped, so its worker's next
   * heartbeat finds it lost and stops; otherwise it finishes its attempt first.
   */
  cancel(id: string, options: { running?: boolean } = {}): Job {
    return this.db.write((orm) => {
      const row = this.rowOf(orm, id);
      if (row.state === 'cancelled') return toJob(row);
      if (row.state === 'running' && options.running) {
        const change = { state: 'cancelled', leaseOwner: null, leaseExpiresAt: null, updatedAt: this.deps.clock.now().toISOString() };
        orm.update(jobs).set(change).where(eq(jobs.id, id)).run();
        return toJob({ ...row, ...change });
      }
      if (!CANCELLABLE.includes(row.state as JobState)) {
        throw new AppError('Conflict', row.state === 'running' ? 'This job is running now; it can be cancelled once this attempt ends.' : `This job has already ${row.state}; there is nothing to cancel.`, { state: row.state });
      }
      const change = { state: 'cancelled', updatedAt: this.deps.clock.now().toISOString() };
      orm.update(jobs).set(change).where(eq(jobs.id, id)).run();
      return toJob({ ...row, ...change });
    });
  }

  /**
   * Moves a job that is not running to `runAt`, queued. A failed or needs-attention job starts
   * again with a full set of attempts: the user has looked at it.
   */
  reschedule(id: string, runAt: Date | string): Job {
    const at = instant(runAt, 'runAt');
    return this.db.write((orm) => {
      const row = this.rowOf(orm, id);
      if (row.state === 'running') throw new AppError('Conflict', 'This job is running now; change its time once this attempt ends.', { state: row.state });
      if (row.state === 'succeeded') throw new AppError('Conflict', 'This job has already succeeded.', { state: row.state });
      const change = { state: 'queued', runAt: at, attempts: row.state === 'queued' ? row.attempts : 0, progress: null, updatedAt: this.deps.clock.now().toISOString() };
      orm.update(jobs).set(change).where(eq(jobs.id, id)).run();
      return toJob({ ...row, ...change });
    });
  }

  get(id: string): Job | undefined {
    const row = statements(this.db).byId.get({ id });
    return row ? toJob(row) : undefined;
  }

  getByKey(idempotencyKey: string): Job | undefined {
    const row = statements(this.db).byKey.get({ key: idempotencyKey });
    return row ? toJob(row) : undefined;
  }

  list(filter: ListFilter = {}): Job[] {
    const conditions: SQL[] = [];
    if (filter.state) conditions.push(Array.isArray(filter.state) ? inArray(jobs.state, filter.state) : eq(jobs.state, filter.state));
    if (filter.kind) conditions.push(eq(jobs.kind, filter.kind));
    const query = this.db.orm
      .select()
      .from(jobs)
      .where(and(...conditions))
      .orderBy(...(filter.newestFirst ? [desc(jobs.createdAt), desc(jobs.id)] : [asc(jobs.runAt), asc(jobs.createdAt), asc(jobs.id)]));
    return (filter.limit ? query.limit(filter.limit).all() : query.all()).map(toJob);
  }

  /** When something may next become runnable: the earliest queued runAt or running lease expiry. */
  nextDueAt(): Date | null {
    const q = statements(this.db);
    const queued = q.nextQueued.get()?.at ?? null;
    const lease = q.nextLeaseEnd.get()?.at ?? null;
    const times = [queued, lease].filter((t): t is string => t !== null).map((t) => new Date(t).getTime());
    return times.length > 0 ? new Date(Math.min(...times)) : null;
  }

  /** When the earliest live lease runs out: a job held by a worker that died becomes runnable then. */
  nextLeaseEndAt(): Date | null {
    const at = statements(this.db).nextLeaseEnd.get()?.at ?? null;
    return at === null ? null : new Date(at);
  }

  private rowOf(orm: WorkspaceDb['orm'], id: string): Row {
    const row = orm.select().from(jobs).where(eq(jobs.id, id)).get();
    if (!row) throw new AppError('NotFound', `There is no job with id ${id}.`);
    return row;
  }

  /** One statement, so no transaction around it: the row changes only while `owner` holds the lease. */
  private ifHeld(id: string, owner: string, change: Partial<Row>): Job | null {
    return this.changeHeld(id, owner, { ...change, updatedAt: this.deps.clock.now().toISOString() });
  }

  private changeHeld(id: string, owner: string, change: Partial<Row>): Job | null {
    const q = statements(this.db);
    const keys = Object.keys(change) as (keyof Row)[];
    const signature = keys.join(',');
    let stmt = q.heldChanges.get(signature);
    if (!stmt) q.heldChanges.set(signature, (stmt = q.heldChange(keys)));
    const row = stmt.get({ ...change, id, owner } as Record<string, unknown>);
    return row ? toJob(row) : null;
  }
}
