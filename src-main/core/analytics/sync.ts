import type { AccountSyncResult, AccountSyncStatus, SyncReport } from '../../../src-shared/analytics';
import type { Account } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { Accounts } from '../accounts/accounts';
import type { AccountMetrics, PostMetrics, RemoteComment, RemotePostRef } from '../connectors/types';
import type { Job } from '../jobs/queue';
import type { JobContext, Scheduler } from '../jobs/scheduler';
import type { Clock } from '../platform/clock';
import { createLogger } from '../platform/logger';
import type { Workspaces } from '../workspace/workspaces';
import type { AnalyticsSettingsStore } from './settings';
import { insertAccountSnapshot, insertPostSnapshots, upsertComments, type PostSnapshotRow } from './store';

const log = createLogger('analytics-sync');

export const ANALYTICS_SYNC_JOB = 'analytics.sync';
const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** A post this young is pulled at every sync; younger than a month once a day; older once a week. */
const FRESH_MS = 3 * DAY;
const MONTH_MS = 30 * DAY;
const FRESH_EVERY_MS = HOUR;
const MONTH_EVERY_MS = DAY;
const OLD_EVERY_MS = 7 * DAY;
/** Replies are read for posts of the last two weeks, at most this many posts per sync (one call each). */
const COMMENTS_WINDOW_MS = 14 * DAY;
const COMMENTS_POSTS_MAX = 50;
const POSTS_PER_CALL = 25;
const POSTS_PER_SYNC = 2000;
/** How long to wait after a 429 that did not say until when. */
const DEFAULT_RATE_WAIT_MS = 15 * 60_000;
/** The first pull after publishing: numbers a little after the post went out. */
const AFTER_PUBLISH_MS = 10 * 60_000;

export interface SyncPayload {
  accountId?: string;
  reason: 'schedule' | 'manual' | 'published';
}

export interface SyncDeps {
  workspaces: Pick<Workspaces, 'db' | 'list'>;
  accounts: Pick<Accounts, 'list' | 'get' | 'withSession'>;
  scheduler: Scheduler;
  clock: Clock;
  settings: AnalyticsSettingsStore;
}

interface DueTarget {
  id: string;
  remote_id: string;
  remote_url: string | null;
  published_at: string;
}

/** The platform says the post is not there (deleted, or never was): its numbers cannot be read. */
function isGone(error: unknown): boolean {
  return error instanceof AppError && (error.name === 'NotFound' || (error.name === 'PlatformRejected' && (error.details?.status === 404 || error.details?.status === 410)));
}

/**
 * One call for a batch; when a post of it is gone on the platform the call fails for all, so
 * the batch is read post by post and the gone ones are left out. Other errors stop the account.
 */
async function metricsSkippingGone(refs: RemotePostRef[], fetchMetrics: (refs: RemotePostRef[]) => Promise<PostMetrics[]>): Promise<PostMetrics[]> {
  try {
    return await fetchMetrics(refs);
  } catch (error) {
    if (!isGone(error) || refs.length === 1) {
      if (isGone(error)) return [];
      throw error;
    }
  }
  const out: PostMetrics[] = [];
  for (const ref of refs) out.push(...(await metricsSkippingGone([ref], fetchMetrics)));
  return out;
}

/**
 * Pulls metrics and replies for connected accounts, as jobs: on a schedule (per workspace
 * setting), on demand, and after publishing. Each account is synced on its own: one that
 * fails or is rate-limited says why on its sync state and never stops the others.
 */
export class AnalyticsSync {
  /** Reports of syncs run in this process, by job id, for the caller that asked (CLI, "Refresh now"). */
  private readonly reports = new Map<string, SyncReport>();
  /** workspace/account → the last ten-minute window a follow-up was queued for (afterPublish). */
  private readonly followUps = new Map<string, number>();

  constructor(private readonly deps: SyncDeps) {
    deps.scheduler.register<SyncPayload>(ANALYTICS_SYNC_JOB, (ctx) => this.runJob(ctx));
    // One sync per workspace at a time: two would pull the same posts twice.
    deps.scheduler.concurrencyKey(ANALYTICS_SYNC_JOB, (_p, { workspaceId }) => `analytics:${workspaceId}`);
  }

  /** Syncs now (as a job run in this process) and says how each account went. */
  async syncNow(workspaceId: string, accountId?: string): Promise<SyncReport> {
    if (accountId) this.deps.accounts.get(workspaceId, accountId); // NotFound in the account's words
    const now = this.deps.clock.now();
    const job = this.deps.scheduler.enqueue(workspaceId, {
      kind: ANALYTICS_SYNC_JOB,
      payload: { ...(accountId ? { accountId } : {}), reason: 'manual' } satisfies SyncPayload,
      runAt: now,
      idempotencyKey: `analytics.sync:manual:${now.toISOString()}:${accountId ?? 'all'}:${Math.random().toString(36).slice(2)}`,
      maxAttempts: 1,
    });
    const ran = await this.deps.scheduler.runNow(workspaceId, job.id);
    const report = this.reports.get(job.id);
    this.reports.delete(job.id);
    if (!ran || !report) {
      const after = this.deps.scheduler.queue(workspaceId).get(job.id);
      if (after?.state === 'failed') throw new AppError((after.lastErrorName as never) ?? 'Internal', after.lastErrorMessage ?? 'The sync failed.');
      throw new AppError('Conflict', 'Another sync of this workspace is running right now; its results show when it ends. Try again in a moment.');
    }
    return report;
  }

  /** Makes sure the next scheduled sync is queued (idempotent across processes: one key per slot). */
  ensureScheduled(workspaceId: string): Job {
    const every = this.deps.settings.get(workspaceId).syncEveryMinutes * 60_000;
    const now = this.deps.clock.now().getTime();
    const queued = this.deps.scheduler
      .queue(workspaceId)
      .list({ kind: ANALYTICS_SYNC_JOB, state: 'queued' })
      .find((j) => (j.payload as SyncPayload).reason === 'schedule');
    if (queued && new Date(queued.runAt).getTime() <= now + every) return queued;
    const runAt = new Date((Math.floor(now / every) + 1) * every);
    return this.deps.scheduler.enqueue(workspaceId, {
      kind: ANALYTICS_SYNC_JOB,
      payload: { reason: 'schedule' } satisfies SyncPayload,
      runAt,
      idempotencyKey: `analytics.sync:schedule:${runAt.toISOString()}`,
      maxAttempts: 2,
    });
  }

  /**
   * After a post went out: its account's numbers a little later. One follow-up per account per
   * ten-minute window, at least ten minutes after every post of that window: an account that
   * publishes 20 posts at once is read once, not 20 times (each read costs calls against the
   * platform's rate limit). The key makes it one across processes; `followUps` spares asking
   * the database again for every post of a window this process already asked for.
   */
  afterPublish(workspaceId: string, accountId: string): void {
    const window = Math.floor(this.deps.clock.now().getTime() / AFTER_PUBLISH_MS);
    const key = `${workspaceId}/${accountId}`;
    if (this.followUps.get(key) === window) return;
    this.deps.scheduler.enqueue(workspaceId, {
      kind: ANALYTICS_SYNC_JOB,
      payload: { accountId, reason: 'published' } satisfies SyncPayload,
      runAt: new Date((window + 2) * AFTER_PUBLISH_MS),
      idempotencyKey: `analytics.sync:published:${accountId}:${window}`,
      maxAttempts: 2,
    });
    this.followUps.set(key, window);
  }

  status(workspaceId: string): AccountSyncStatus[] {
    const rows = this.deps.workspaces
      .db(workspaceId)
      .sqlite.prepare('SELECT account_id, last_attempt_at, last_success_at, last_error_name, last_error_message, wait_until FROM analytics_sync_state')
      .all() as { account_id: string; last_attempt_at: string | null; last_success_at: string | null; last_error_name: string | null; last_error_message: string | null; wait_until: string | null }[];
    return rows.map((r) => ({
      accountId: r.account_id,
      lastAttemptAt: r.last_attempt_at,
      lastSuccessAt: r.last_success_at,
      error: r.last_error_name ? { name: r.last_error_name, message: r.last_error_message ?? '' } : null,
      waitUntil: r.wait_until,
    }));
  }

  private async runJob(ctx: JobContext<SyncPayload>): Promise<void> {
    const { workspaceId, payload, job } = ctx;
    const startedAt = this.deps.clock.now().toISOString();
    const all = this.deps.accounts.list(workspaceId);
    const targets = payload.accountId ? all.filter((a) => a.id === payload.accountId) : all.filter((a) => a.status !== 'disconnected');
    const results: AccountSyncResult[] = [];
    for (const account of targets) {
      if (ctx.signal.aborted) throw new AppError('Cancelled', 'The sync was cancelled.');
      results.push(await this.syncAccount(workspaceId, account, payload.reason === 'manual'));
      ctx.progress(((results.length / targets.length) * 100) | 0);
      ctx.heartbeat();
    }
    this.reports.set(job.id, { startedAt, finishedAt: this.deps.clock.now().toISOString(), accounts: results });
    if (payload.reason === 'schedule') this.ensureNextAfter(workspaceId, job);
  }

  private ensureNextAfter(workspaceId: string, job: Job): void {
    try {
      const every = this.deps.settings.get(workspaceId).syncEveryMinutes * 60_000;
      const runAt = new Date(Math.max(new Date(job.runAt).getTime() + every, this.deps.clock.now().getTime() + 60_000));
      this.deps.scheduler.enqueue(workspaceId, {
        kind: ANALYTICS_SYNC_JOB,
        payload: { reason: 'schedule' } satisfies SyncPayload,
        runAt,
        idempotencyKey: `analytics.sync:schedule:${runAt.toISOString()}`,
        maxAttempts: 2,
      });
    } catch (error) {
      log.warn('could not queue the next scheduled sync', { workspaceId, error });
    }
  }

  /** One account: its own numbers, its due posts' numbers, recent replies. What was fetched before a failure is kept. */
  async syncAccount(workspaceId: string, account: Account, onDemand: boolean): Promise<AccountSyncResult> {
    const db = this.deps.workspaces.db(workspaceId);
    const now = this.deps.clock.now();
    const base = { accountId: account.id, handle: account.handle, platform: account.platform, accountSnapshots: 0, postSnapshots: 0, comments: 0 };
    if (account.status !== 'connected') {
      return { ...base, outcome: 'skipped', message: `Not synced: the account ${account.status === 'disconnected' ? 'is disconnected' : 'needs to be reconnected'}.`, waitUntil: null };
    }
    const state = db.sqlite.prepare('SELECT wait_until FROM analytics_sync_state WHERE account_id = ?').get(account.id) as { wait_until: string | null } | undefined;
    if (state?.wait_until && new Date(state.wait_until) > now) {
      return { ...base, outcome: 'waiting', message: `Waiting for the platform's rate limit to reset at ${state.wait_until}.`, waitUntil: state.wait_until };
    }

    let accountMetrics: AccountMetrics | null = null;
    const postRows: PostSnapshotRow[] = [];
    const comments: { target: DueTarget; list: RemoteComment[] }[] = [];
    let failure: AppError | null = null;
    try {
      await this.deps.accounts.withSession(workspaceId, account.id, async (session, connector) => {
        const caps = connector.describe().capabilities;
        if (!caps.metrics) return;
        accountMetrics ??= await connector.fetchAccountMetrics(session);
        const due = this.dueTargets(workspaceId, account.id, now, onDemand);
        const done = new Set(postRows.map((r) => r.targetId));
        const todo = due.filter((t) => !done.has(t.id));
        for (let i = 0; i < todo.length; i += POSTS_PER_CALL) {
          const batch = todo.slice(i, i + POSTS_PER_CALL);
          const got = await metricsSkippingGone(batch.map((t) => ({ id: t.remote_id, url: t.remote_url ?? '' })), (refs) => connector.fetchPostMetrics(session, refs));
          const byId = new Map(got.map((m) => [m.ref.id, m]));
          const takenAt = this.deps.clock.now().toISOString();
          for (const t of batch) {
            const m = byId.get(t.remote_id);
            if (m) postRows.push({ targetId: t.id, accountId: account.id, publishedAt: t.published_at, takenAt, values: m.values });
          }
        }
        if (!caps.comments) return;
        const since = new Date(now.getTime() - COMMENTS_WINDOW_MS).toISOString();
        const recent = due.filter((t) => t.published_at >= since).slice(0, COMMENTS_POSTS_MAX);
        const read = new Set(comments.map((c) => c.target.id));
        for (const target of recent) {
          if (read.has(target.id)) continue;
          try {
            comments.push({ target, list: await connector.fetchComments(session, { id: target.remote_id, url: target.remote_url ?? '' }) });
          } catch (error) {
            // A post deleted on the platform has no replies to read; the others still are.
            if (isGone(error)) continue;
            throw error;
          }
        }
      });
    } catch (error) {
      failure = error instanceof AppError ? error : new AppError('Internal', error instanceof Error ? error.message : String(error));
      log.warn('account sync failed', { workspaceId, accountId: account.id, name: failure.name });
    }

    const finishedAt = this.deps.clock.now().toISOString();
    const waitUntil =
      failure?.name === 'RateLimited' ? ((failure.details?.resetAt as string | undefined) ?? new Date(now.getTime() + DEFAULT_RATE_WAIT_MS).toISOString()) : null;
    const fetched = accountMetrics as AccountMetrics | null;
    db.write(() => {
      if (fetched) insertAccountSnapshot(db.sqlite, account.id, now.toISOString(), fetched.values);
      insertPostSnapshots(db.sqlite, postRows);
      for (const c of comments) upsertComments(db.sqlite, c.target.id, account.id, finishedAt, c.list);
      db.sqlite
        .prepare(
          `INSERT INTO analytics_sync_state (account_id, last_attempt_at, last_success_at, last_error_name, last_error_message, wait_until)
           VALUES (@id, @at, @success, @errorName, @errorMessage, @waitUntil)
           ON CONFLICT (account_id) DO UPDATE SET last_attempt_at = excluded.last_attempt_at,
             last_success_at = coalesce(excluded.last_success_at, analytics_sync_state.last_success_at),
             last_error_name = excluded.last_error_name, last_error_message = excluded.last_error_message, wait_until = excluded.wait_until`,
        )
        .run({ id: account.id, at: finishedAt, success: failure ? null : finishedAt, errorName: failure?.name ?? null, errorMessage: failure?.message ?? null, waitUntil });
    });
    const counts = { accountSnapshots: fetched ? 1 : 0, postSnapshots: postRows.length, comments: comments.reduce((n, c) => n + c.list.length, 0) };
    if (!failure) return { ...base, ...counts, outcome: 'synced', message: null, waitUntil: null };
    const message = waitUntil ? `${failure.message} The next sync of this account waits until ${waitUntil}.` : failure.message;
    return { ...base, ...counts, outcome: waitUntil ? 'waiting' : 'failed', message, waitUntil };
  }

  /** Published posts whose numbers are due: fresh ones at every sync, older ones less often. */
  private dueTargets(workspaceId: string, accountId: string, now: Date, onDemand: boolean): DueTarget[] {
    const t = now.getTime();
    const iso = (ms: number) => new Date(ms).toISOString();
    return this.deps.workspaces
      .db(workspaceId)
      .sqlite.prepare(
        `SELECT t.id, t.remote_id, t.remote_url, t.published_at FROM post_targets t LEFT JOIN post_metrics_latest m ON m.target_id = t.id
         WHERE t.account_id = @accountId AND t.state = 'published' AND t.remote_id IS NOT NULL AND t.published_at IS NOT NULL
           AND (m.taken_at IS NULL
             OR (@onDemand AND t.published_at >= @month)
             OR (t.published_at >= @fresh AND m.taken_at <= @freshDue)
             OR (t.published_at >= @month AND m.taken_at <= @monthDue)
             OR m.taken_at <= @oldDue)
         ORDER BY t.published_at DESC LIMIT ${POSTS_PER_SYNC}`,
      )
      .all({
        accountId,
        onDemand: onDemand ? 1 : 0,
        month: iso(t - MONTH_MS),
        fresh: iso(t - FRESH_MS),
        freshDue: iso(t - FRESH_EVERY_MS),
        monthDue: iso(t - MONTH_EVERY_MS),
        oldDue: iso(t - OLD_EVERY_MS),
      }) as DueTarget[];
  }
}
