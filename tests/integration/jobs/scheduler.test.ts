import { afterEach, describe, expect, it, vi } from 'vitest';
import { MISSED_WINDOW, Scheduler, type SchedulerDeps } from '../../../src-main/core/jobs/scheduler';
import type { Clock } from '../../../src-main/core/platform/clock';
import { sequentialIds } from '../../../src-main/core/platform/ids';
import { configureLogging, memorySink } from '../../../src-main/core/platform/logger';
import { AppError } from '../../../src-shared/errors';
import { FIXED_NOW } from '../../helpers/core';
import { closeCores, eventually, gate, queueOf, workspaceSetup, type TestCore } from './kit';

const schedulers: Scheduler[] = [];
afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((s) => s.stop(50)));
  vi.useRealTimers();
  configureLogging({ sinks: [] });
  closeCores();
});

const at = (offsetMs: number) => new Date(Date.parse(FIXED_NOW) + offsetMs);

function schedulerFor(core: TestCore, deps: Partial<SchedulerDeps> = {}, clock: Clock = core.clock): Scheduler {
  const ids = sequentialIds();
  // Its own id series (job_s_0001), apart from the other workers' in kit's queueOf.
  const s = new Scheduler({ workspaces: core.workspaces, clock, ids: (prefix) => ids(`${prefix}_s`), random: () => 0.5, ...deps });
  schedulers.push(s);
  return s;
}

type AccountPayload = { account: string; n?: number };

describe('scheduler', () => {
  it('runs one job per account at a time, and jobs of different accounts side by side', async () => {
    const { core, workspaceId } = await workspaceSetup();
    const s = schedulerFor(core);
    const gates = new Map<string, ReturnType<typeof gate>>();
    const started: string[] = [];
    const active = new Map<string, number>();
    let overlapSameAccount = false;
    s.register<AccountPayload>('publish', async ({ payload, job }) => {
      started.push(job.idempotencyKey);
      const n = (active.get(payload.account) ?? 0) + 1;
      active.set(payload.account, n);
      if (n > 1) overlapSameAccount = true;
      await gates.get(job.idempotencyKey)?.promise;
      active.set(payload.account, n - 1);
    });
    s.concurrencyKey<AccountPayload>('publish', (payload, { workspaceId: ws }) => `account:${ws}:${payload.account}`);
    for (const [key, account, offset] of [['x1', 'x', -3], ['x2', 'x', -2], ['y1', 'y', -1]] as const) {
      gates.set(key, gate());
      s.enqueue(workspaceId, { kind: 'publish', payload: { account }, runAt: at(offset), idempotencyKey: key });
    }
    // Stored with its key, for claims to skip busy accounts in SQL.
    expect(s.queue(workspaceId).getByKey('x2')?.concurrencyKey).toBe(`account:${workspaceId}:x`);
    const run = s.runUntilIdle();
    await eventually(() => started.length === 2);
    expect(started).toEqual(['x1', 'y1']); // x2 waits for x1; y1 does not
    expect([...active.values()]).toEqual([1, 1]);
    gates.get('y1')?.open();
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toEqual(['x1', 'y1']);
    gates.get('x1')?.open();
    await eventually(() => started.length === 3);
    expect(started[2]).toBe('x2');
    gates.get('x2')?.open();
    expect(await run).toMatchObject({ started: 3, succeeded: 3 });
    expect(overlapSameAccount).toBe(false);
  });

  it("does not run an account's job while another process holds a live lease on that account", async () => {
    const { core, workspaceId } = await workspaceSetup();
    const s = schedulerFor(core);
    const ran: string[] = [];
    s.register<AccountPayload>('publish', ({ job }) => void ran.push(job.idempotencyKey));
    s.concurrencyKey<AccountPayload>('publish', (payload) => `account:${payload.account}`);
    const cli = queueOf(core, workspaceId);
    cli.enqueue({ kind: 'publish', payload: { account: 'x' }, runAt: at(-10), idempotencyKey: 'cli-x' });
    expect(cli.claim({ owner: 'cli-process', now: core.clock.now(), leaseMs: 120_000, limit: 1 })).toHaveLength(1);
    s.enqueue(workspaceId, { kind: 'publish', payload: { account: 'x' }, runAt: at(-5), idempotencyKey: 'x2' });
    s.enqueue(workspaceId, { kind: 'publish', payload: { account: 'y' }, runAt: at(-1), idempotencyKey: 'y1' });
    await s.runUntilIdle();
    expect(ran).toEqual(['y1']);
    cli.complete(cli.getByKey('cli-x')?.id ?? '', 'cli-process');
    await s.runUntilIdle();
    expect(ran).toEqual(['y1', 'x2']);
  });

  it('keeps to the global concurrency limit', async () => {
    const { core, workspaceId } = await workspaceSetup();
    const s = schedulerFor(core, { concurrency: 2 });
    let active = 0;
    let peak = 0;
    s.register('render', async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 10));
      active--;
    });
    for (let i = 0; i < 6; i++) s.enqueue(workspaceId, { kind: 'render', payload: {}, runAt: at(0), idempotencyKey: `r${i}` });
    expect(await s.runUntilIdle()).toMatchObject({ started: 6, succeeded: 6 });
    expect(peak).toBe(2);
    expect(schedulerFor(core).queue(workspaceId).list({ state: 'succeeded' })).toHaveLength(6);
  });

  it('defaults to four at once', async () => {
    const { core, workspaceId } = await workspaceSetup();
    const s = schedulerFor(core);
    const g = gate();
    let active = 0;
    s.register('render', () => {
      active++;
      return g.promise;
    });
    for (let i = 0; i < 6; i++) s.enqueue(workspaceId, { kind: 'render', payload: {}, runAt: at(0), idempotencyKey: `r${i}` });
    const run = s.runUntilIdle();
    await eventually(() => active === 4);
    await new Promise((r) => setTimeout(r, 20));
    expect(active).toBe(4);
    g.open();
    expect((await run).succeeded).toBe(6);
  });

  it('runs until idle: retries that come due within the run, and stops at final failures', async () => {
    const { core, workspaceId } = await workspaceSetup();
    const s = schedulerFor(core, { random: () => 0 }); // full jitter at 0: the retry is due at once
    let flakyCalls = 0;
    s.register('flaky', () => {
      flakyCalls++;
      if (flakyCalls === 1) throw new AppError('Transient', 'HTTP 503');
    });
    s.register('broken', () => {
      throw new AppError('Transient', 'always down');
    });
    s.register('rejected', () => {
      throw new AppError('PlatformRejected', 'Too long for X');
    });
    const flaky = s.enqueue(workspaceId, { kind: 'flaky', payload: {}, runAt: at(0), idempotencyKey: 'f' });
    const broken = s.enqueue(workspaceId, { kind: 'broken', payload: {}, runAt: at(0), idempotencyKey: 'b', maxAttempts: 3 });
    const rejected = s.enqueue(workspaceId, { kind: 'rejected', payload: {}, runAt: at(0), idempotencyKey: 'r' });
    const later = s.enqueue(workspaceId, { kind: 'flaky', payload: {}, runAt: at(60_000), idempotencyKey: 'later' });
    const foreign = s.enqueue(workspaceId, { kind: 'not-mine', payload: {}, runAt: at(0), idempotencyKey: 'n' });

    const summary = await s.runUntilIdle();
    const q = s.queue(workspaceId);
    expect(q.get(flaky.id)).toMatchObject({ state: 'succeeded', attempts: 2 });
    expect(q.get(broken.id)).toMatchObject({ state: 'failed', attempts: 3, lastErrorMessage: 'always down' });
    expect(q.get(rejected.id)).toMatchObject({ state: 'failed', attempts: 1, lastErrorName: 'PlatformRejected' });
    expect(q.get(later.id)).toMatchObject({ state: 'queued', attempts: 0 });
    expect(q.get(foreign.id)).toMatchObject({ state: 'queued', attempts: 0 }); // another process's kind is left alone
    expect(summary).toEqual({ started: 6, succeeded: 1, retried: 3, failed: 2, needsAttention: 0, leaseLost: 0 });
    expect(await s.runUntilIdle()).toMatchObject({ started: 0 });
  });

  it('starts nothing once the clock passes `until`', async () => {
    const { core, workspaceId } = await workspaceSetup();
    const s = schedulerFor(core);
    s.register('k', () => undefined);
    s.enqueue(workspaceId, { kind: 'k', payload: {}, runAt: at(0), idempotencyKey: 'a' });
    expect((await s.runUntilIdle({ until: at(0) })).started).toBe(0);
    expect((await s.runUntilIdle({ until: at(1) })).started).toBe(1);
  });

  it("reads a kind's prepare inside the claim, its job already leased, and hands the handler what it read", async () => {
    const { core, workspaceId, db } = await workspaceSetup();
    const s = schedulerFor(core);
    const seen: { n: number; inTransaction: boolean; state: string }[] = [];
    const got: unknown[] = [];
    s.register<{ n: number }>('counted', (ctx) => void got.push(ctx.prepared), {
      prepare: ({ n }, { job }) => {
        const row = db.sqlite.prepare('SELECT state FROM jobs WHERE id = ?').get(job.id) as { state: string };
        seen.push({ n, inTransaction: db.sqlite.inTransaction, state: row.state });
        if (n === 2) throw new Error('this one cannot be read'); // the handler then reads for itself
        return { n, doubled: n * 2 };
      },
    });
    for (let n = 0; n < 3; n++) s.enqueue(workspaceId, { kind: 'counted', payload: { n }, runAt: at(-1000), idempotencyKey: `c${n}` });
    expect(await s.runUntilIdle()).toMatchObject({ started: 3, succeeded: 3 });
    expect(seen).toEqual([0, 1, 2].map((n) => ({ n, inTransaction: true, state: 'running' })));
    expect(got).toEqual([{ n: 0, doubled: 0 }, { n: 1, doubled: 2 }, undefined]);
  });

  it('picks up workspaces created after it was made', async () => {
    const { core } = await workspaceSetup();
    const s = schedulerFor(core);
    const ran: string[] = [];
    s.register('k', ({ workspaceId }) => void ran.push(workspaceId));
    const other = await core.call('workspace.create', { name: 'Globex' });
    queueOf(core, other.id).enqueue({ kind: 'k', payload: {}, runAt: at(0), idempotencyKey: 'a' });
    await s.runUntilIdle();
    expect(ran).toEqual([other.id]);
  });

  it('treats a thrown non-AppError as Transient and logs it redacted', async () => {
    const { core, workspaceId } = await workspaceSetup();
    const logs = memorySink();
    configureLogging({ sinks: [logs], level: 'debug' });
    const s = schedulerFor(core);
    s.register('k', () => {
      throw new TypeError('failed with access_token=supersecretvalue123');
    });
    const job = s.enqueue(workspaceId, { kind: 'k', payload: {}, runAt: at(0), idempotencyKey: 'a' });
    expect(await s.runUntilIdle()).toMatchObject({ retried: 1 });
    const row = s.queue(workspaceId).get(job.id);
    expect(row).toMatchObject({ state: 'queued', lastErrorName: 'Transient', runAt: '2026-03-01T09:00:15.000Z' });
    expect(row?.lastErrorMessage).not.toContain('supersecret');
    const logged = JSON.stringify(logs.records);
    expect(logged).toContain('job threw an unexpected error');
    expect(logged).toContain('TypeError');
    expect(logged).not.toContain('supersecretvalue123');
  });

  it('publishes late within the late window, and asks the user past it', async () => {
    const { core, workspaceId } = await workspaceSetup();
    const s = schedulerFor(core);
    const lateness: number[] = [];
    s.register('publish', ({ lateByMs }) => void lateness.push(lateByMs), { lateWindow: true });
    s.register('sync', ({ lateByMs }) => void lateness.push(lateByMs));
    const within = s.enqueue(workspaceId, { kind: 'publish', payload: {}, runAt: at(-90 * 60_000), idempotencyKey: 'within' });
    const past = s.enqueue(workspaceId, { kind: 'publish', payload: {}, runAt: at(-(2 * 60 + 1) * 60_000), idempotencyKey: 'past' });
    const sync = s.enqueue(workspaceId, { kind: 'sync', payload: {}, runAt: at(-10 * 3_600_000), idempotencyKey: 'sync' });
    expect(await s.runUntilIdle()).toMatchObject({ succeeded: 2, needsAttention: 1 });
    const q = s.queue(workspaceId);
    expect(q.get(within.id)?.state).toBe('succeeded');
    expect(q.get(sync.id)?.state).toBe('succeeded'); // not a moment in time: no window
    expect(lateness).toEqual([10 * 3_600_000, 90 * 60_000]);
    const missed = q.get(past.id);
    expect(missed).toMatchObject({ state: 'needs_attention', lastErrorName: MISSED_WINDOW, leaseOwner: null });
    expect(missed?.lastErrorMessage).toBe(
      "This was due at 2026-03-01T06:59:00.000Z, when PromoGPT was not running (the computer was asleep or off). It is 2 h 1 min late, past this workspace's late window of 2 h: publish it now or choose a new time.",
    );
  });

  it("uses each workspace's own late window", async () => {
    const { core, workspaceId } = await workspaceSetup();
    const s = schedulerFor(core, { lateWindowMs: (ws) => (ws === workspaceId ? 10 * 60_000 : 2 * 3_600_000) });
    s.register('publish', () => undefined, { lateWindow: true });
    const job = s.enqueue(workspaceId, { kind: 'publish', payload: {}, runAt: at(-11 * 60_000), idempotencyKey: 'p' });
    await s.runUntilIdle();
    expect(s.queue(workspaceId).get(job.id)?.state).toBe('needs_attention');
  });

  it('discards the result of an attempt whose lease another worker took over, and aborts it', async () => {
    const { core, workspaceId } = await workspaceSetup();
    const s = schedulerFor(core);
    const g = gate();
    let signal: AbortSignal | undefined;
    let stillHeld: boolean | undefined;
    s.register('k', async (ctx) => {
      signal = ctx.signal;
      await g.promise;
      stillHeld = ctx.heartbeat();
    });
    const job = s.enqueue(workspaceId, { kind: 'k', payload: {}, runAt: at(0), idempotencyKey: 'a' });
    const run = s.runUntilIdle();
    await eventually(() => signal !== undefined);
    core.clock.advance(3 * 60_000); // this process stalled past its lease
    const [taken] = queueOf(core, workspaceId).claim({ owner: 'other-process', now: core.clock.now(), leaseMs: 120_000, limit: 1 });
    expect(taken?.recovered).toBe(true);
    g.open();
    expect(await run).toMatchObject({ succeeded: 0, leaseLost: 1 });
    expect(stillHeld).toBe(false);
    expect(signal?.aborted).toBe(true);
    expect(s.queue(workspaceId).get(job.id)).toMatchObject({ state: 'running', leaseOwner: 'other-process', attempts: 2 });
  });

  it('fires the precise timer at the due time, re-timed by each enqueue', async () => {
    vi.useFakeTimers({ now: new Date(FIXED_NOW) });
    const { core, workspaceId } = await workspaceSetup();
    const clock: Clock = { now: () => new Date() }; // the faked Date
    const s = schedulerFor(core, {}, clock);
    const ranAt: string[] = [];
    s.register('k', () => void ranAt.push(new Date().toISOString()));
    s.start();
    await vi.advanceTimersByTimeAsync(1_000);
    // Due in 10.5 s: sooner than the 60 s cap the idle timer was set to.
    s.enqueue(workspaceId, { kind: 'k', payload: {}, runAt: at(11_500), idempotencyKey: 'a' });
    await vi.advanceTimersByTimeAsync(10_499);
    expect(ranAt).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ranAt).toEqual(['2026-03-01T09:00:11.500Z']);
    // Due in 3 min: the 60 s cap re-arms on the way, and it still runs on time.
    s.enqueue(workspaceId, { kind: 'k', payload: {}, runAt: at(191_500), idempotencyKey: 'b' });
    await vi.advanceTimersByTimeAsync(179_999);
    expect(ranAt).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(ranAt).toEqual(['2026-03-01T09:00:11.500Z', '2026-03-01T09:03:11.500Z']);
    expect(s.queue(workspaceId).getByKey('b')?.state).toBe('succeeded');
  });

  it('catches up on the heartbeat what came due while the machine slept', async () => {
    vi.useFakeTimers({ now: new Date(FIXED_NOW) });
    const { core, workspaceId } = await workspaceSetup();
    const clock: Clock = { now: () => new Date() };
    // A precise timer that would not wake for a day: only the heartbeat can catch up here.
    const s = schedulerFor(core, { timerCapMs: 24 * 3_600_000 }, clock);
    const ran: { key: string; lateByMs: number }[] = [];
    s.register('publish', ({ job, lateByMs }) => void ran.push({ key: job.idempotencyKey, lateByMs }), { lateWindow: true });
    s.start();
    await vi.advanceTimersByTimeAsync(1_000);

    // Asleep for 3 h: the wall clock jumps, no timer fires. Meanwhile the CLI (another process,
    // which cannot wake this one) queued two posts that came due during the sleep.
    vi.setSystemTime(at(3 * 3_600_000 + 1_000));
    const cli = queueOf(core, workspaceId);
    const onTime = cli.enqueue({ kind: 'publish', payload: {}, runAt: at(2 * 3_600_000), idempotencyKey: 'recent' });
    const stale = cli.enqueue({ kind: 'publish', payload: {}, runAt: at(30 * 60_000), idempotencyKey: 'stale' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ran).toEqual([]);

    await vi.advanceTimersByTimeAsync(60_000); // the next minute's heartbeat
    // Woken at 12:01:00 by the heartbeat: due at 11:00, so 1 h 1 min late, inside the 2 h window.
    // (a zero-delay timer takes a millisecond, as in Node)
    expect(ran.map((r) => r.key)).toEqual(['recent']);
    expect(ran[0]?.lateByMs).toBeGreaterThanOrEqual(3_660_000);
    expect(ran[0]?.lateByMs).toBeLessThan(3_660_010);
    expect(cli.get(onTime.id)?.state).toBe('succeeded');
    expect(cli.get(stale.id)).toMatchObject({ state: 'needs_attention', lastErrorName: MISSED_WINDOW });
  });

  it('waits in stop() for a running job to finish', async () => {
    const { core, workspaceId } = await workspaceSetup();
    const s = schedulerFor(core);
    const g = gate();
    let started = false;
    s.register('k', async () => {
      started = true;
      await g.promise;
    });
    const job = s.enqueue(workspaceId, { kind: 'k', payload: {}, runAt: at(0), idempotencyKey: 'a' });
    s.start();
    await eventually(() => started);
    let stopped: boolean | undefined;
    const stopping = s.stop(5_000).then((v) => (stopped = v));
    await new Promise((r) => setTimeout(r, 30));
    expect(stopped).toBeUndefined();
    expect(s.queue(workspaceId).get(job.id)?.state).toBe('running');
    g.open();
    await stopping;
    expect(stopped).toBe(true);
    expect(s.queue(workspaceId).get(job.id)?.state).toBe('succeeded');
  });

  it('gives up waiting after the timeout, leaving the lease to expire, and takes nothing new', async () => {
    const { core, workspaceId } = await workspaceSetup();
    const s = schedulerFor(core);
    let signal: AbortSignal | undefined;
    s.register('k', (ctx) => {
      signal = ctx.signal;
      return new Promise<void>(() => {}); // never ends
    });
    const job = s.enqueue(workspaceId, { kind: 'k', payload: {}, runAt: at(0), idempotencyKey: 'a' });
    s.start();
    await eventually(() => signal !== undefined);
    const stopping = s.stop(30);
    const next = s.enqueue(workspaceId, { kind: 'k', payload: {}, runAt: at(0), idempotencyKey: 'b' });
    expect(await stopping).toBe(false);
    await new Promise((r) => setTimeout(r, 20));
    expect(signal?.aborted).toBe(true);
    const row = s.queue(workspaceId).get(job.id);
    expect(row).toMatchObject({ state: 'running', leaseOwner: s.owner, leaseExpiresAt: '2026-03-01T09:02:00.000Z' });
    expect(s.queue(workspaceId).get(next.id)?.state).toBe('queued');
  });
});
