import { createTask, type ScheduledTask } from 'node-cron';
import { AppError } from '../../../src-shared/errors';
import type { Clock } from '../platform/clock';
import { randomIds, type IdGenerator } from '../platform/ids';
import { createLogger } from '../platform/logger';
import type { Workspaces } from '../workspace/workspaces';
import { JobQueue, type ClaimedJob, type EnqueueInput, type Job } from './queue';

const log = createLogger('scheduler');

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_LEASE_MS = 2 * 60_000;
export const DEFAULT_LEASE_HEARTBEAT_MS = 30_000;
/** The precise timer never sleeps longer than this: a clock change or a missed wake is caught within it. */
export const DEFAULT_TIMER_CAP_MS = 60_000;
export const DEFAULT_LATE_WINDOW_MS = 2 * 60 * 60_000;
export const DEFAULT_STOP_TIMEOUT_MS = 30_000;
/** A job's progress is written at most this often: a short job never writes any (its end says 100). */
export const PROGRESS_WRITE_MS = 250;
/** Every minute: catches up after sleep, a restart, or jobs added by another process. */
export const HEARTBEAT_CRON = '* * * * *';
/** `lastErrorName` of a job that came due while the app was not running, past the late window. */
export const MISSED_WINDOW = 'MissedWindow';

export interface JobContext<P = unknown> {
  job: Job;
  workspaceId: string;
  payload: P;
  /** How long after its runAt the job started (0 when on time). */
  lateByMs: number;
  /** The previous attempt's worker vanished mid-run: its remote effects, if any, are unknown. */
  recovered: boolean;
  /** What the kind's `prepare` read when the job was claimed (undefined without one, or when it threw). */
  prepared: unknown;
  /** Aborted when this worker lost the lease, or the scheduler is stopping and gave up waiting. */
  signal: AbortSignal;
  progress(pct: number): void;
  /** Extends the lease now (it is also extended every 30 s); false when the lease was lost. */
  heartbeat(): boolean;
  /**
   * Marks the job succeeded from inside the handler's own last write transaction on this
   * workspace's database, so the handler's result and the job's end are one commit instead of
   * two. Call it as the last change of that transaction, then return normally: if the
   * transaction rolls back, the handler's write fails and the attempt fails with it. False when
   * this worker no longer holds the lease (the handler's own changes still commit).
   */
  completeWithin(): boolean;
}

/** Does the work of one kind of job. Returns when done; throws an AppError to fail the attempt. */
export type JobHandler<P = unknown> = (ctx: JobContext<P>) => void | Promise<void>;

export interface RegisterOptions<P = unknown> {
  /**
   * The job is for a moment in time (a publish): started later than the workspace's late window
   * after its runAt (the machine slept or was off), it is not run but marked needs attention.
   */
  lateWindow?: boolean;
  /**
   * Reads what the handler needs first, inside the transaction that claims the job (a read
   * there costs a fraction of one on its own, and a publish at its due minute is many small
   * reads); the handler gets it as `ctx.prepared`. Must only read, synchronously.
   */
  prepare?(payload: P, ctx: { job: Job; workspaceId: string }): unknown;
}

/** The key that may have only one running job at a time across the process, e.g. `account:<ws>:<id>`. */
export type ConcurrencyKeyFn<P = unknown> = (payload: P, ctx: { job: Job; workspaceId: string }) => string | null | undefined;

export interface SchedulerDeps {
  workspaces: Pick<Workspaces, 'list' | 'db'>;
  clock: Clock;
  ids: IdGenerator;
  random?: () => number;
  /** Jobs running at once across all workspaces (default 4). */
  concurrency?: number;
  leaseMs?: number;
  leaseHeartbeatMs?: number;
  timerCapMs?: number;
  cron?: string;
  stopTimeoutMs?: number;
  /** The workspace's late window for publishing (default 2 h). */
  lateWindowMs?(workspaceId: string): number;
  /** Told after every change the scheduler makes to a job, for events to the UI. */
  onChange?(workspaceId: string, job: Job): void;
}

/** What a `runUntilIdle` did. */
export interface RunSummary {
  started: number;
  succeeded: number;
  retried: number;
  failed: number;
  needsAttention: number;
  /** Attempts whose lease was taken over before they finished: their result was discarded. */
  leaseLost: number;
}

interface Registration {
  handler: JobHandler;
  lateWindow: boolean;
  prepare?: RegisterOptions['prepare'];
  key?: ConcurrencyKeyFn;
}

/** A job the handler completed inside its own transaction (JobContext.completeWithin). */
interface Ended {
  within: boolean;
  /** The job as completed; null when the lease had been lost. */
  job: Job | null;
}

interface Running {
  workspaceId: string;
  jobId: string;
  key: string | null;
  controller: AbortController;
  beat: ReturnType<typeof setInterval>;
  done: Promise<void>;
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/**
 * Runs the jobs of every workspace (DESIGN.md §4): a precise timer for the next due job, a
 * node-cron heartbeat every minute, leases with heartbeats, a global and a per-key concurrency
 * limit. A crashed or sleeping process loses nothing: its leases expire and the jobs run again.
 */
export class Scheduler {
  /** Random per instance: a lease names the scheduler that holds it. */
  readonly owner = randomIds('worker');
  private readonly handlers = new Map<string, Registration>();
  private readonly queues = new Map<string, JobQueue>();
  private readonly running = new Map<string, Running>();
  private readonly summaries = new Set<RunSummary>();
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly leaseHeartbeatMs: number;
  private readonly timerCapMs: number;
  private started = false;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The timer fires at once: further wakes until then change nothing. */
  private immediate = false;
  /** A job's concurrency key, per Job object (a claim asks for the same ones many times). */
  private readonly keys = new WeakMap<Job, string | null>();
  private cron: ScheduledTask | undefined;
  /** Successes waiting to be told to onChange at the end of this turn (recordSoon). */
  private notices: { workspaceId: string; job: Job }[] = [];
  private noticesTold: Promise<void> | undefined;
  private idsThisTurn: string[] | undefined;

  constructor(private readonly deps: SchedulerDeps) {
    this.concurrency = Math.max(1, deps.concurrency ?? DEFAULT_CONCURRENCY);
    this.leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
    this.leaseHeartbeatMs = deps.leaseHeartbeatMs ?? DEFAULT_LEASE_HEARTBEAT_MS;
    this.timerCapMs = deps.timerCapMs ?? DEFAULT_TIMER_CAP_MS;
  }

  register<P = unknown>(kind: string, handler: JobHandler<P>, options: RegisterOptions<P> = {}): void {
    const existing = this.handlers.get(kind);
    this.handlers.set(kind, { ...existing, handler: handler as JobHandler, lateWindow: options.lateWindow ?? false, prepare: options.prepare as RegisterOptions['prepare'] });
  }

  /** At most one job of `kind` per key runs at a time in this process (and, within a workspace, across processes). */
  concurrencyKey<P = unknown>(kind: string, fn: ConcurrencyKeyFn<P>): void {
    const existing = this.handlers.get(kind);
    if (!existing) throw new AppError('Internal', `Register a handler for job kind "${kind}" before its concurrency key.`);
    existing.key = fn as ConcurrencyKeyFn;
  }

  /** The job queue of one workspace. */
  queue(workspaceId: string): JobQueue {
    let queue = this.queues.get(workspaceId);
    if (!queue) {
      queue = new JobQueue(this.deps.workspaces.db(workspaceId), { clock: this.deps.clock, ids: this.deps.ids, random: this.deps.random });
      this.queues.set(workspaceId, queue);
    }
    return queue;
  }

  /** Jobs of a workspace running in this process now (a restore waits until there are none). */
  runningIn(workspaceId: string): number {
    return [...this.running.keys()].filter((k) => k.startsWith(`${workspaceId}/`)).length;
  }

  /** Drops the cached queue of a workspace whose database was closed and swapped (a restore). */
  forget(workspaceId: string): void {
    this.queues.delete(workspaceId);
  }

  /** Adds a job (or returns the one with its idempotency key) and re-times the wake-up. */
  enqueue(workspaceId: string, input: EnqueueInput): Job {
    const job = this.queue(workspaceId).enqueue({ concurrencyKey: (j) => this.keyOf(workspaceId, j), ...input });
    this.wake();
    return job;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.closed = false;
    this.cron = createTask(this.deps.cron ?? HEARTBEAT_CRON, () => this.wake(), {
      name: `promogpt-scheduler-${this.owner}`,
      noOverlap: true,
      suppressMissedWarning: true,
      logger: {
        info: (m) => log.debug(m),
        warn: (m) => log.warn(m),
        error: (m, e) => log.error(String(m), { error: e }),
        debug: (m) => log.debug(String(m)),
      },
    });
    void Promise.resolve(this.cron.start()).catch((error: unknown) => log.error('the heartbeat did not start', { error }));
    this.wake();
  }

  /**
   * Re-times the precise timer to the next due job (at once if one is due). Call after adding
   * or moving jobs; the heartbeat and every finished job call it too.
   */
  wake(): void {
    if (this.immediate || !this.started) return; // many jobs finishing at once: one pump after them all
    // A pump at once, without first asking the database when the next job is due: after a job
    // finished there usually is one (a burst at its due minute), and the pump's own re-arming
    // sets the precise timer when there is not.
    clearTimeout(this.timer);
    this.immediate = true;
    this.timer = setTimeout(() => this.tick(), 0);
  }

  /**
   * Stops taking jobs and waits up to `timeoutMs` for running ones to finish. Nothing is
   * released half-done: a job still running then keeps its lease until it expires, and runs
   * again later (`recovered`). True when everything settled.
   */
  async stop(timeoutMs = this.deps.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS): Promise<boolean> {
    this.started = false;
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.immediate = false;
    if (this.cron) {
      const cron = this.cron;
      this.cron = undefined;
      void Promise.resolve(cron.destroy()).catch((error: unknown) => log.warn('the heartbeat did not stop cleanly', { error }));
    }
    const pending = [...this.running.values()];
    if (pending.length === 0) return true;
    let giveUp: ReturnType<typeof setTimeout> | undefined;
    const settled = await Promise.race([
      Promise.all(pending.map((r) => r.done)).then(() => true),
      new Promise<boolean>((resolve) => {
        giveUp = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(giveUp);
    if (!settled) {
      for (const r of this.running.values()) {
        clearInterval(r.beat); // the lease now runs out, and the job is recovered later
        r.controller.abort(new AppError('Transient', 'PromoGPT is shutting down; this job will run again when it starts.'));
      }
      log.warn('stopped with jobs still running', { jobs: [...this.running.values()].map((r) => r.jobId) });
    }
    return settled;
  }

  /**
   * Runs every job that is due now, including retries that come due during the run, and
   * resolves when nothing is due or running (`promogpt scheduler run --until-idle`). With
   * `until`, no job is started once the clock has passed it; running ones still finish.
   */
  async runUntilIdle(options: { until?: Date } = {}): Promise<RunSummary> {
    const summary: RunSummary = { started: 0, succeeded: 0, retried: 0, failed: 0, needsAttention: 0, leaseLost: 0 };
    this.summaries.add(summary);
    try {
      for (;;) {
        if (!options.until || this.deps.clock.now().getTime() < options.until.getTime()) this.pump();
        if (this.running.size === 0) break;
        await Promise.race([...this.running.values()].map((r) => r.done));
      }
    } finally {
      this.summaries.delete(summary);
    }
    return summary;
  }

  /**
   * Runs one due job in this process now, if no other worker holds it, and resolves when it
   * ends: false when it could not be taken (not due, done, or another process runs it).
   */
  async runNow(workspaceId: string, jobId: string): Promise<boolean> {
    if (this.closed) return false;
    const queue = this.queue(workspaceId);
    const [job] = queue.claim({
      owner: this.owner,
      now: this.deps.clock.now(),
      leaseMs: this.leaseMs,
      limit: 1,
      canRun: (candidate, held) => candidate.id === jobId && this.handlers.has(candidate.kind) && this.canRun(workspaceId, candidate, held),
      ownLeasesKnown: true,
      prepare: (job) => this.prepare(workspaceId, job),
    });
    if (!job) return false;
    this.notify(workspaceId, job);
    if (this.launch(workspaceId, queue, job)) await this.running.get(`${workspaceId}/${jobId}`)?.done;
    return true;
  }

  /**
   * Cancels a job, running or not (for kinds safe to stop midway): one running here stops at
   * once, one running in another process at its next heartbeat.
   */
  cancel(workspaceId: string, jobId: string): Job {
    const job = this.queue(workspaceId).cancel(jobId, { running: true });
    this.running.get(`${workspaceId}/${jobId}`)?.controller.abort(new AppError('Cancelled', 'This job was cancelled.'));
    this.notify(workspaceId, job);
    return job;
  }

  /** How many jobs this scheduler is running now. */
  get runningCount(): number {
    return this.running.size;
  }

  /**
   * The workspaces, read once per turn of the event loop: a tick pumps and re-arms, and a
   * burst of finishing jobs wakes the scheduler many times a second, each asking again.
   */
  private workspaceIds(): string[] {
    if (this.idsThisTurn) return this.idsThisTurn;
    const ids = this.deps.workspaces.list().map((w) => w.id);
    for (const id of this.queues.keys()) if (!ids.includes(id)) this.queues.delete(id); // deleted workspaces
    this.idsThisTurn = ids;
    setImmediate(() => (this.idsThisTurn = undefined));
    return ids;
  }

  /**
   * Claims and starts jobs while there is room, as many as fit in one claim per workspace;
   * workspaces take turns and share the room, so one backlog cannot starve another.
   */
  private pump(): void {
    if (this.closed) return;
    let workspaceIds: string[];
    try {
      workspaceIds = this.workspaceIds();
    } catch (error) {
      log.error('could not list workspaces', { error });
      return;
    }
    const drained = new Set<string>(); // nothing more to claim there in this pump
    let progressed = true;
    while (progressed && this.running.size < this.concurrency) {
      progressed = false;
      const open = workspaceIds.filter((id) => !drained.has(id));
      for (const [n, workspaceId] of open.entries()) {
        const room = this.concurrency - this.running.size;
        if (room <= 0) break;
        const limit = Math.ceil(room / (open.length - n));
        let claimed: ClaimedJob[];
        let queue: JobQueue;
        try {
          queue = this.queue(workspaceId);
          claimed = queue.claim({
            owner: this.owner,
            now: this.deps.clock.now(),
            leaseMs: this.leaseMs,
            limit,
            canRun: (job, held) => this.canRun(workspaceId, job, held),
            ownLeasesKnown: true,
            busyKeys: this.busyKeys(),
            prepare: (job) => this.prepare(workspaceId, job),
          });
        } catch (error) {
          log.error('could not claim jobs', { workspaceId, error });
          drained.add(workspaceId);
          continue;
        }
        let ended = 0; // settled at once (missed its late window): it may have held back a job of its key
        for (const job of claimed) {
          progressed = true;
          if (!this.launch(workspaceId, queue, job)) ended += 1;
        }
        if (claimed.length < limit && ended === 0) drained.add(workspaceId);
      }
    }
  }

  /** The keys of the jobs running in this process. */
  private busyKeys(): string[] {
    const keys: string[] = [];
    for (const r of this.running.values()) if (r.key !== null) keys.push(r.key);
    return keys;
  }

  private prepare(workspaceId: string, job: Job): unknown {
    return this.handlers.get(job.kind)?.prepare?.(job.payload, { job, workspaceId });
  }

  private keyOf(workspaceId: string, job: Job): string | null {
    const known = this.keys.get(job);
    if (known !== undefined) return known;
    const fn = this.handlers.get(job.kind)?.key;
    let key: string | null = null;
    if (fn) {
      try {
        key = fn(job.payload, { job, workspaceId }) ?? null;
      } catch (error) {
        log.warn('concurrency key failed; the job runs alone', { kind: job.kind, error });
        key = `job:${workspaceId}:${job.id}`;
      }
    }
    this.keys.set(job, key);
    return key;
  }

  private canRun(workspaceId: string, job: Job, held: readonly Job[]): boolean {
    if (!this.handlers.has(job.kind)) return false; // another process's kind
    if (this.running.has(`${workspaceId}/${job.id}`)) return false; // our own attempt, lease lapsed but still going
    const key = this.keyOf(workspaceId, job);
    if (key === null) return true;
    for (const r of this.running.values()) if (r.key === key) return false;
    return !held.some((other) => other.id !== job.id && this.keyOf(workspaceId, other) === key);
  }

  private record(workspaceId: string, job: Job | null, field: keyof RunSummary): void {
    for (const s of this.summaries) s[field] += 1;
    this.notify(workspaceId, job);
  }

  /**
   * `record` for a job that succeeded: listeners hear of it at the end of this turn, together
   * with the others that finished in it, inside one write transaction per workspace, so what
   * they write (a follow-up job, a status) commits once for the batch instead of once per job.
   * Resolves once they have been told.
   */
  private recordSoon(workspaceId: string, job: Job, field: keyof RunSummary): Promise<void> {
    for (const s of this.summaries) s[field] += 1;
    if (!this.deps.onChange) return Promise.resolve();
    this.notices.push({ workspaceId, job });
    this.noticesTold ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        this.tellNotices();
        resolve();
      }),
    );
    return this.noticesTold;
  }

  private tellNotices(): void {
    const batch = this.notices;
    this.notices = [];
    this.noticesTold = undefined;
    const byWorkspace = new Map<string, Job[]>();
    for (const { workspaceId, job } of batch) {
      const jobs = byWorkspace.get(workspaceId);
      if (jobs) jobs.push(job);
      else byWorkspace.set(workspaceId, [job]);
    }
    for (const [workspaceId, jobs] of byWorkspace) {
      try {
        this.deps.workspaces.db(workspaceId).write(() => {
          for (const job of jobs) this.notify(workspaceId, job);
        });
      } catch (error) {
        // The batch did not commit (the database was busy or closed), so neither did what the
        // listeners wrote: tell each again on its own (listeners take a repeat in their stride).
        log.warn('could not tell job changes in one transaction; telling them one by one', { workspaceId, error });
        for (const job of jobs) this.notify(workspaceId, job);
      }
    }
  }

  private notify(workspaceId: string, job: Job | null): void {
    if (!job || !this.deps.onChange) return;
    try {
      this.deps.onChange(workspaceId, job);
    } catch (error) {
      log.warn('a job change listener failed', { error });
    }
  }

  /** Starts a claimed job; false when it was settled at once instead (past its late window). */
  private launch(workspaceId: string, queue: JobQueue, job: ClaimedJob): boolean {
    const registration = this.handlers.get(job.kind) as Registration;
    const lateByMs = Math.max(0, this.deps.clock.now().getTime() - new Date(job.runAt).getTime());
    if (registration.lateWindow) {
      const windowMs = this.deps.lateWindowMs?.(workspaceId) ?? DEFAULT_LATE_WINDOW_MS;
      if (lateByMs > windowMs) {
        const message = `This was due at ${job.runAt}, when PromoGPT was not running (the computer was asleep or off). It is ${duration(lateByMs)} late, past this workspace's late window of ${duration(windowMs)}: publish it now or choose a new time.`;
        log.info('job missed its late window', { workspaceId, jobId: job.id, kind: job.kind, lateByMs });
        this.record(workspaceId, this.safely(() => queue.needsAttention(job.id, this.owner, MISSED_WINDOW, message)), 'needsAttention');
        return false;
      }
    }
    const runKey = `${workspaceId}/${job.id}`;
    const controller = new AbortController();
    const heartbeat = (): boolean => {
      const held = this.safely(() => queue.heartbeat(job.id, this.owner, this.leaseMs)) !== null;
      if (!held && !controller.signal.aborted) controller.abort(new AppError('Conflict', 'Another worker took over this job; this attempt stops.'));
      return held;
    };
    // The latest progress is written after PROGRESS_WRITE_MS, and only if it changed.
    let written: number | null = null;
    let latest: number | null = null;
    let progressTimer: ReturnType<typeof setTimeout> | undefined;
    const writeProgress = () => {
      progressTimer = undefined;
      if (latest === null || latest === written || controller.signal.aborted) return;
      written = latest;
      const pct = latest;
      this.notify(workspaceId, this.safely(() => queue.progress(job.id, this.owner, pct)));
    };
    const entry: Running = {
      workspaceId,
      jobId: job.id,
      key: this.keyOf(workspaceId, job),
      controller,
      beat: setInterval(heartbeat, this.leaseHeartbeatMs),
      done: Promise.resolve(),
    };
    this.running.set(runKey, entry);
    this.record(workspaceId, job, 'started');
    const ended: Ended = { within: false, job: null };
    const context: JobContext = {
      job,
      workspaceId,
      payload: job.payload,
      lateByMs,
      recovered: job.recovered,
      prepared: job.prepared,
      signal: controller.signal,
      progress: (pct) => {
        latest = pct;
        progressTimer ??= setTimeout(writeProgress, PROGRESS_WRITE_MS);
      },
      heartbeat,
      completeWithin: () => {
        ended.job = queue.complete(job.id, this.owner);
        ended.within = true;
        return ended.job !== null;
      },
    };
    entry.done = this.execute(workspaceId, queue, job, registration.handler, context, ended).finally(() => {
      clearInterval(entry.beat);
      clearTimeout(progressTimer);
      this.running.delete(runKey);
      this.wake();
    });
    return true;
  }

  private async execute(workspaceId: string, queue: JobQueue, job: Job, handler: JobHandler, context: JobContext, ended: Ended): Promise<void> {
    let failure: { error: unknown } | undefined;
    try {
      await handler(context);
    } catch (error) {
      failure = { error };
    }
    const where = { workspaceId, jobId: job.id, kind: job.kind, attempt: job.attempts };
    if (!failure) {
      const done = ended.within ? ended.job : this.safely(() => queue.complete(job.id, this.owner));
      if (done) {
        log.info('job succeeded', where);
        await this.recordSoon(workspaceId, done, 'succeeded');
      } else {
        log.warn('job finished after its lease was taken over; result discarded', where);
        this.record(workspaceId, null, 'leaseLost');
      }
      return;
    }
    if (!(failure.error instanceof AppError)) log.error('job threw an unexpected error', { ...where, error: failure.error });
    const result = this.safely(() => queue.fail(job.id, this.owner, failure.error));
    if (!result) {
      log.warn('job failed after its lease was taken over; result discarded', where);
      this.record(workspaceId, null, 'leaseLost');
      return;
    }
    const { job: after, decision } = result;
    log.info('job attempt failed', { ...where, error: after.lastErrorName, decision: decision.kind, ...(decision.kind === 'retry' ? { runAt: after.runAt } : {}) });
    this.record(workspaceId, after, decision.kind === 'retry' ? 'retried' : decision.kind === 'failed' ? 'failed' : 'needsAttention');
  }

  /** A database that went away (workspace deleted, app closing) must not take the scheduler down. */
  private safely<T>(fn: () => T | null): T | null {
    try {
      return fn();
    } catch (error) {
      log.error('could not update a job', { error });
      return null;
    }
  }

  private nextDueAt(): Date | null {
    return this.earliest((queue) => queue.nextDueAt());
  }

  private earliest(of: (queue: JobQueue) => Date | null): Date | null {
    let next: number | null = null;
    for (const workspaceId of this.workspaceIds()) {
      const at = this.safely(() => of(this.queue(workspaceId)));
      if (at && (next === null || at.getTime() < next)) next = at.getTime();
    }
    return next === null ? null : new Date(next);
  }

  /**
   * Sets the one precise timer: at the next due time, capped. When something is already due,
   * `dueNowDelay`: 0 after a wake; after a pump that could not start it (no room, a busy key,
   * or a kind this process does not run), the next lease end, capped: a finishing job of ours
   * wakes it sooner, and a key held by a worker that died frees when that lease runs out (so a
   * restart after a crash picks those jobs up then, not up to a cap later).
   */
  private arm(dueNowDelay: number): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    let delay = this.timerCapMs;
    try {
      const next = this.nextDueAt();
      if (next) {
        const now = this.deps.clock.now().getTime();
        const until = next.getTime() - now;
        if (until > 0) delay = Math.min(until, this.timerCapMs);
        else if (dueNowDelay === 0) delay = 0;
        else {
          const leaseEnd = this.earliest((queue) => queue.nextLeaseEndAt());
          const untilLeaseEnd = leaseEnd ? leaseEnd.getTime() - now : Infinity;
          delay = untilLeaseEnd > 0 ? Math.min(untilLeaseEnd, dueNowDelay) : dueNowDelay;
        }
      }
    } catch (error) {
      log.error('could not find the next due job', { error });
    }
    this.immediate = delay === 0;
    this.timer = setTimeout(() => this.tick(), delay);
  }

  private tick(): void {
    this.timer = undefined;
    this.immediate = false;
    if (!this.started) return;
    this.pump();
    this.arm(this.timerCapMs);
  }
}
