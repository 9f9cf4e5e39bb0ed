import { afterEach, describe, expect, it } from 'vitest';
import { OUTCOME_UNKNOWN_REASON } from '../../../src-main/core/jobs/retry-policy';
import { AppError } from '../../../src-shared/errors';
import { FIXED_NOW } from '../../helpers/core';
import { closeCores, countJobs, queueOf, rawJob, workspaceSetup } from './kit';

afterEach(closeCores);

const LEASE = 120_000;
const at = (offsetMs: number) => new Date(Date.parse(FIXED_NOW) + offsetMs);

async function setup(random?: () => number) {
  const s = await workspaceSetup();
  return { ...s, queue: queueOf(s.core, s.workspaceId, random) };
}

describe('job queue', () => {
  it('returns the existing job for a second enqueue with the same key, never a duplicate', async () => {
    const { core, workspaceId, queue } = await setup();
    const first = queue.enqueue({ kind: 'publish', payload: { targetId: 'tgt_1' }, runAt: at(60_000), idempotencyKey: 'publish:tgt_1' });
    expect(first).toMatchObject({ id: 'job_0001', state: 'queued', attempts: 0, maxAttempts: 8, runAt: '2026-03-01T09:01:00.000Z', payload: { targetId: 'tgt_1' } });
    const again = queue.enqueue({ kind: 'publish', payload: { targetId: 'other' }, runAt: at(999_000), idempotencyKey: 'publish:tgt_1', maxAttempts: 2 });
    expect(again).toEqual(first);
    expect(countJobs(core, workspaceId)).toBe(1);
    queue.enqueue({ kind: 'publish', payload: {}, runAt: at(0), idempotencyKey: 'publish:tgt_2' });
    expect(countJobs(core, workspaceId)).toBe(2);
  });

  it('refuses a job without a valid time, key or attempt count', async () => {
    const { queue } = await setup();
    expect(() => queue.enqueue({ kind: 'k', payload: {}, runAt: 'tomorrow', idempotencyKey: 'a' })).toThrow(/not a valid date/);
    expect(() => queue.enqueue({ kind: 'k', payload: {}, runAt: at(0), idempotencyKey: '' })).toThrow(/idempotency key/);
    expect(() => queue.enqueue({ kind: 'k', payload: {}, runAt: at(0), idempotencyKey: 'b', maxAttempts: 0 })).toThrow(/maxAttempts/);
  });

  it('claims due jobs oldest runAt first, leases them, and counts the attempt', async () => {
    const { queue } = await setup();
    const c = queue.enqueue({ kind: 'k', payload: 'c', runAt: at(-60_000), idempotencyKey: 'c' });
    const a = queue.enqueue({ kind: 'k', payload: 'a', runAt: at(-3_600_000), idempotencyKey: 'a' });
    const future = queue.enqueue({ kind: 'k', payload: 'f', runAt: at(60_000), idempotencyKey: 'f' });
    const b = queue.enqueue({ kind: 'k', payload: 'b', runAt: at(-1_800_000), idempotencyKey: 'b' });
    const exact = queue.enqueue({ kind: 'k', payload: 'e', runAt: at(0), idempotencyKey: 'e' });

    const firstTwo = queue.claim({ owner: 'A', now: at(0), leaseMs: LEASE, limit: 2 });
    expect(firstTwo.map((j) => j.id)).toEqual([a.id, b.id]);
    expect(firstTwo[0]).toMatchObject({ state: 'running', attempts: 1, leaseOwner: 'A', leaseExpiresAt: '2026-03-01T09:02:00.000Z', recovered: false });
    expect(queue.get(a.id)).toMatchObject({ state: 'running', attempts: 1, leaseOwner: 'A', leaseExpiresAt: '2026-03-01T09:02:00.000Z' });

    const rest = queue.claim({ owner: 'B', now: at(0), leaseMs: LEASE, limit: 10 });
    expect(rest.map((j) => j.id)).toEqual([c.id, exact.id]);
    expect(queue.claim({ owner: 'B', now: at(0), leaseMs: LEASE, limit: 10 })).toEqual([]);
    expect(queue.get(future.id)?.state).toBe('queued');
  });

  it('orders recovered and queued jobs together by runAt', async () => {
    const { core, queue } = await setup();
    const late = queue.enqueue({ kind: 'k', payload: {}, runAt: at(-30 * 60_000), idempotencyKey: 'late' });
    core.clock.advance(1_000);
    const crashed = queue.enqueue({ kind: 'k', payload: {}, runAt: at(-2 * 3_600_000), idempotencyKey: 'crashed' });
    expect(queue.claim({ owner: 'A', now: at(-3_600_000), leaseMs: LEASE, limit: 1 })[0]?.id).toBe(crashed.id);
    core.clock.advance(1_000);
    const middle = queue.enqueue({ kind: 'k', payload: {}, runAt: at(-3_600_000), idempotencyKey: 'middle' });
    const got = queue.claim({ owner: 'B', now: at(0), leaseMs: LEASE, limit: 3 });
    expect(got.map((j) => [j.idempotencyKey, j.recovered])).toEqual([
      ['crashed', true],
      ['middle', false],
      ['late', false],
    ]);
    expect(got.map((j) => j.id)).toEqual([crashed.id, middle.id, late.id]);
  });

  it('skips what canRun refuses, and shows it the jobs whose lease is live', async () => {
    const { queue } = await setup();
    queue.enqueue({ kind: 'publish', payload: { account: 'x' }, runAt: at(-3), idempotencyKey: '1' });
    queue.enqueue({ kind: 'publish', payload: { account: 'x' }, runAt: at(-2), idempotencyKey: '2' });
    queue.enqueue({ kind: 'publish', payload: { account: 'y' }, runAt: at(-1), idempotencyKey: '3' });
    const account = (p: unknown) => (p as { account: string }).account;
    const oneAccountAtATime = { canRun: (job: { payload: unknown }, held: readonly { payload: unknown }[]) => !held.some((h) => account(h.payload) === account(job.payload)) };
    const got = queue.claim({ owner: 'A', now: at(0), leaseMs: LEASE, limit: 10, ...oneAccountAtATime });
    expect(got.map((j) => j.idempotencyKey)).toEqual(['1', '3']);
    // Another worker sees A's live leases and still may not take account x's second job.
    expect(queue.claim({ owner: 'B', now: at(1_000), leaseMs: LEASE, limit: 10, ...oneAccountAtATime })).toEqual([]);
  });

  it('stores each job\'s concurrency key, and a claim never reads the due jobs of a busy key', async () => {
    const { queue } = await setup();
    const keyOfAccount = (job: { payload: unknown }) => `account:${(job.payload as { account: string }).account}`;
    for (const [key, account, offset] of [['x1', 'x', -5], ['x2', 'x', -4], ['y1', 'y', -3], ['x3', 'x', -2], ['z1', 'z', -1]] as const) {
      queue.enqueue({ kind: 'publish', payload: { account }, runAt: at(offset), idempotencyKey: key, concurrencyKey: keyOfAccount });
    }
    // Added without a key (as before keys were stored): read, and judged by canRun alone.
    queue.enqueue({ kind: 'publish', payload: { account: 'x' }, runAt: at(-6), idempotencyKey: 'old' });
    expect(queue.getByKey('x1')?.concurrencyKey).toBe('account:x');
    expect(queue.getByKey('old')?.concurrencyKey).toBeNull();

    const read: string[] = [];
    const got = queue.claim({ owner: 'A', now: at(0), leaseMs: LEASE, limit: 10, busyKeys: ['account:x'], canRun: (job) => (read.push(job.idempotencyKey), job.idempotencyKey !== 'old') });
    expect(got.map((j) => j.idempotencyKey)).toEqual(['y1', 'z1']);
    expect(read).toEqual(['old', 'y1', 'z1']);
    // Another worker's live lease makes its key busy for the next claim, even one that passes no
    // busy keys of its own: y2 waits for A's y1 without being read.
    queue.enqueue({ kind: 'publish', payload: { account: 'y' }, runAt: at(-1), idempotencyKey: 'y2', concurrencyKey: keyOfAccount });
    const second: string[] = [];
    expect(queue.claim({ owner: 'B', now: at(1), leaseMs: LEASE, limit: 10, ownLeasesKnown: true, canRun: (job) => (second.push(job.idempotencyKey), false) })).toEqual([]);
    expect(second).toEqual(['old', 'x1', 'x2', 'x3']);
  });

  it('with ownLeasesKnown, held lists only other workers\' live leases (the caller refuses its own keys itself)', async () => {
    const { queue } = await setup();
    for (const [key, account, offset] of [['1', 'x', -3], ['2', 'x', -2], ['3', 'y', -1]] as const) queue.enqueue({ kind: 'publish', payload: { account }, runAt: at(offset), idempotencyKey: key });
    expect(queue.claim({ owner: 'A', now: at(0), leaseMs: LEASE, limit: 1 }).map((j) => j.idempotencyKey)).toEqual(['1']);
    const seenBy = (owner: string) => {
      const seen: string[][] = [];
      queue.claim({ owner, now: at(1), leaseMs: LEASE, limit: 1, ownLeasesKnown: true, canRun: (_job, held) => {
        seen.push(held.map((h) => h.idempotencyKey));
        return false;
      } });
      return seen[0];
    };
    expect(seenBy('A')).toEqual([]);
    expect(seenBy('B')).toEqual(['1']);
  });

  it("recovers a crashed worker's job once its lease expires, and refuses the old worker's late result", async () => {
    const { core, workspaceId, queue } = await setup();
    const job = queue.enqueue({ kind: 'render', payload: {}, runAt: at(0), idempotencyKey: 'r' });
    expect(queue.claim({ owner: 'A', now: at(0), leaseMs: LEASE, limit: 1 })).toHaveLength(1);

    expect(queue.claim({ owner: 'B', now: at(LEASE - 1), leaseMs: LEASE, limit: 1 })).toEqual([]);
    const [taken] = queue.claim({ owner: 'B', now: at(LEASE), leaseMs: LEASE, limit: 1 });
    expect(taken).toMatchObject({ id: job.id, state: 'running', attempts: 2, leaseOwner: 'B', recovered: true });

    core.clock.advance(LEASE + 5_000);
    const before = rawJob(core, workspaceId, job.id);
    expect(queue.complete(job.id, 'A')).toBeNull();
    expect(queue.fail(job.id, 'A', new AppError('PlatformRejected', 'no'))).toBeNull();
    expect(queue.needsAttention(job.id, 'A', 'AuthExpired', 'reconnect')).toBeNull();
    expect(queue.progress(job.id, 'A', 50)).toBeNull();
    expect(queue.heartbeat(job.id, 'A', LEASE)).toBeNull();
    expect(rawJob(core, workspaceId, job.id)).toEqual(before);

    expect(queue.progress(job.id, 'B', 40.4)?.progress).toBe(40);
    expect(queue.complete(job.id, 'B')).toMatchObject({ state: 'succeeded', progress: 100, leaseOwner: null, leaseExpiresAt: null });
    expect(queue.complete(job.id, 'B')).toBeNull(); // a second completion changes nothing
  });

  it('extends a lease on heartbeat, so a live worker keeps its job', async () => {
    const { core, queue } = await setup();
    const job = queue.enqueue({ kind: 'render', payload: {}, runAt: at(0), idempotencyKey: 'r' });
    queue.claim({ owner: 'A', now: at(0), leaseMs: LEASE, limit: 1 });
    core.clock.advance(100_000);
    expect(queue.heartbeat(job.id, 'A', LEASE)?.leaseExpiresAt).toBe('2026-03-01T09:03:40.000Z');
    expect(queue.claim({ owner: 'B', now: at(LEASE + 1), leaseMs: LEASE, limit: 1 })).toEqual([]);
  });

  it('fails, instead of running again, a job whose vanished worker used the last attempt', async () => {
    const { queue } = await setup();
    const job = queue.enqueue({ kind: 'render', payload: {}, runAt: at(0), idempotencyKey: 'r', maxAttempts: 1 });
    queue.claim({ owner: 'A', now: at(0), leaseMs: LEASE, limit: 1 });
    expect(queue.claim({ owner: 'B', now: at(LEASE), leaseMs: LEASE, limit: 1 })).toEqual([]);
    expect(queue.get(job.id)).toMatchObject({ state: 'failed', attempts: 1, leaseOwner: null, lastErrorName: 'Transient' });
    expect(queue.get(job.id)?.lastErrorMessage).toMatch(/stopped without finishing/);
  });

  it('applies the retry policy on fail', async () => {
    const { core, queue } = await setup(() => 0.5);
    const claim = () => queue.claim({ owner: 'A', now: core.clock.now(), leaseMs: LEASE, limit: 1 })[0];

    const t = queue.enqueue({ kind: 'k', payload: {}, runAt: at(0), idempotencyKey: 't' });
    claim();
    const retried = queue.fail(t.id, 'A', new AppError('Transient', 'HTTP 503'));
    expect(retried?.decision.kind).toBe('retry');
    expect(queue.get(t.id)).toMatchObject({ state: 'queued', runAt: '2026-03-01T09:00:15.000Z', leaseOwner: null, lastErrorName: 'Transient', lastErrorMessage: 'HTTP 503' });

    const r = queue.enqueue({ kind: 'k', payload: {}, runAt: at(0), idempotencyKey: 'r' });
    claim();
    queue.fail(r.id, 'A', new AppError('RateLimited', 'wait', { resetAt: '2026-03-01T09:30:00.000Z' }));
    expect(queue.get(r.id)).toMatchObject({ state: 'queued', runAt: '2026-03-01T09:30:05.000Z' });

    const p = queue.enqueue({ kind: 'k', payload: {}, runAt: at(-1), idempotencyKey: 'p' });
    expect(claim()?.id).toBe(p.id);
    queue.fail(p.id, 'A', new AppError('PlatformRejected', 'Too long'));
    expect(queue.get(p.id)).toMatchObject({ state: 'failed', attempts: 1, lastErrorName: 'PlatformRejected', lastErrorMessage: 'Too long' });

    const u = queue.enqueue({ kind: 'k', payload: {}, runAt: at(-1), idempotencyKey: 'u' });
    claim();
    queue.fail(u.id, 'A', new AppError('Transient', 'X timed out', { outcomeUnknown: true }));
    expect(queue.get(u.id)).toMatchObject({ state: 'needs_attention', lastErrorName: 'Transient', lastErrorMessage: `${OUTCOME_UNKNOWN_REASON} (X timed out)` });
  });

  it('fails with the last error once attempts are used up', async () => {
    const { core, queue } = await setup(() => 0);
    const job = queue.enqueue({ kind: 'k', payload: {}, runAt: at(0), idempotencyKey: 'k', maxAttempts: 3 });
    const messages = ['first', 'second', 'third'];
    for (const [i, message] of messages.entries()) {
      const [claimed] = queue.claim({ owner: 'A', now: core.clock.now(), leaseMs: LEASE, limit: 1 });
      expect(claimed?.attempts).toBe(i + 1);
      queue.fail(job.id, 'A', new AppError('Transient', message));
    }
    expect(queue.get(job.id)).toMatchObject({ state: 'failed', attempts: 3, lastErrorName: 'Transient', lastErrorMessage: 'third' });
    expect(queue.claim({ owner: 'A', now: core.clock.now(), leaseMs: LEASE, limit: 1 })).toEqual([]);
  });

  it('cancels only jobs that are not running or done, and reschedules with fresh attempts', async () => {
    const { queue } = await setup();
    const a = queue.enqueue({ kind: 'k', payload: {}, runAt: at(0), idempotencyKey: 'a' });
    queue.claim({ owner: 'A', now: at(0), leaseMs: LEASE, limit: 1 });
    expect(() => queue.cancel(a.id)).toThrow(/running now/);
    queue.fail(a.id, 'A', new AppError('PlatformRejected', 'no'));
    expect(queue.reschedule(a.id, at(3_600_000))).toMatchObject({ state: 'queued', attempts: 0, runAt: '2026-03-01T10:00:00.000Z' });
    expect(queue.cancel(a.id).state).toBe('cancelled');
    expect(queue.cancel(a.id).state).toBe('cancelled');

    const b = queue.enqueue({ kind: 'k', payload: {}, runAt: at(0), idempotencyKey: 'b' });
    queue.claim({ owner: 'A', now: at(0), leaseMs: LEASE, limit: 1 });
    queue.complete(b.id, 'A');
    expect(() => queue.cancel(b.id)).toThrow(/already succeeded/);
    expect(() => queue.reschedule(b.id, at(0))).toThrow(/already succeeded/);
    expect(() => queue.cancel('job_9999')).toThrow(/no job with id/);
  });

  it('lists by state and kind, and knows when something is next due', async () => {
    const { queue } = await setup();
    expect(queue.nextDueAt()).toBeNull();
    queue.enqueue({ kind: 'publish', payload: {}, runAt: at(600_000), idempotencyKey: 'p' });
    queue.enqueue({ kind: 'sync', payload: {}, runAt: at(300_000), idempotencyKey: 's' });
    expect(queue.nextDueAt()).toEqual(at(300_000));
    queue.claim({ owner: 'A', now: at(300_000), leaseMs: LEASE, limit: 1 });
    // The running job's lease (09:07) is earlier than the queued publish (09:10).
    expect(queue.nextDueAt()).toEqual(at(300_000 + LEASE));
    expect(queue.list({ state: 'queued' }).map((j) => j.kind)).toEqual(['publish']);
    expect(queue.list({ kind: 'sync' }).map((j) => j.state)).toEqual(['running']);
    expect(queue.list({ state: ['queued', 'running'] })).toHaveLength(2);
  });
});
