import { describe, expect, it } from 'vitest';
import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  OUTCOME_UNKNOWN_REASON,
  RATE_LIMIT_JITTER_MS,
  RECONNECT_REASON,
  backoffCeilingMs,
  decideRetry,
  toJobError,
  type RetryDecision,
} from '../../../src-main/core/jobs/retry-policy';
import { AppError } from '../../../src-shared/errors';
import { seededRandom } from './kit';

const NOW = new Date('2026-03-01T09:00:00.000Z');
const base = { attempts: 1, maxAttempts: 8, now: NOW, random: () => 0.5 };

function delayOf(decision: RetryDecision): number {
  if (decision.kind !== 'retry') throw new Error(`expected a retry, got ${decision.kind}`);
  return decision.runAt.getTime() - NOW.getTime();
}

describe('retry policy', () => {
  it('backs off exponentially from 30 s, capped at 1 h', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(backoffCeilingMs)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000]);
    expect(BACKOFF_BASE_MS).toBe(30_000);
    expect(BACKOFF_CAP_MS).toBe(3_600_000);
  });

  it('jitters Transient retries over the full range [0, ceiling) with a seeded random', () => {
    const random = seededRandom(42);
    for (let attempts = 1; attempts <= 10; attempts++) {
      const ceiling = backoffCeilingMs(attempts);
      const delays = Array.from({ length: 400 }, () => delayOf(decideRetry({ ...base, attempts, maxAttempts: 99, random, error: { name: 'Transient', message: 'HTTP 503' } })));
      for (const d of delays) {
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(ceiling);
        expect(Number.isInteger(d)).toBe(true);
      }
      // Full jitter, not a fixed delay and not "half jitter": both ends of the range are used.
      expect(Math.min(...delays)).toBeLessThan(ceiling * 0.05);
      expect(Math.max(...delays)).toBeGreaterThan(ceiling * 0.95);
    }
  });

  it('stays in range at the extremes of the random source', () => {
    const transient = { name: 'Transient', message: 'x' };
    expect(delayOf(decideRetry({ ...base, attempts: 3, random: () => 0, error: transient }))).toBe(0);
    expect(delayOf(decideRetry({ ...base, attempts: 3, random: () => 0.999999999, error: transient }))).toBe(119_999);
    expect(delayOf(decideRetry({ ...base, attempts: 3, random: () => 1, error: transient }))).toBeLessThan(120_000);
    expect(delayOf(decideRetry({ ...base, attempts: 3, random: () => Number.NaN, error: transient }))).toBe(0);
  });

  it('waits for a RateLimited reset exactly, plus at most 10 s of jitter', () => {
    const resetAt = '2026-03-01T09:17:23.000Z';
    const error = { name: 'RateLimited', message: 'slow down', details: { resetAt } };
    const at = (r: number) => decideRetry({ ...base, random: () => r, error });
    expect(at(0)).toEqual({ kind: 'retry', runAt: new Date(resetAt) });
    expect(at(0.5)).toEqual({ kind: 'retry', runAt: new Date(Date.parse(resetAt) + 5_000) });
    const random = seededRandom(7);
    for (let i = 0; i < 200; i++) {
      const d = decideRetry({ ...base, random, error });
      if (d.kind !== 'retry') throw new Error('expected retry');
      const after = d.runAt.getTime() - Date.parse(resetAt);
      expect(after).toBeGreaterThanOrEqual(0);
      expect(after).toBeLessThan(RATE_LIMIT_JITTER_MS);
    }
  });

  it('retries a RateLimited whose reset has passed from now, and one without a reset like Transient', () => {
    const past = decideRetry({ ...base, random: () => 0, error: { name: 'RateLimited', message: 'x', details: { resetAt: '2026-03-01T08:00:00.000Z' } } });
    expect(past).toEqual({ kind: 'retry', runAt: NOW });
    const noReset = delayOf(decideRetry({ ...base, attempts: 2, random: () => 0.5, error: { name: 'RateLimited', message: 'x' } }));
    expect(noReset).toBe(30_000);
    const garbage = delayOf(decideRetry({ ...base, attempts: 2, random: () => 0.5, error: { name: 'RateLimited', message: 'x', details: { resetAt: 'soon' } } }));
    expect(garbage).toBe(30_000);
  });

  it('never retries PlatformRejected, PermissionDenied, ValidationError or NotFound', () => {
    for (const name of ['PlatformRejected', 'PermissionDenied', 'ValidationError', 'NotFound']) {
      expect(decideRetry({ ...base, attempts: 1, error: { name, message: 'no' } })).toEqual({ kind: 'failed' });
    }
  });

  it('asks the user when the outcome of a create is unknown, unless the platform deduplicates', () => {
    const unknown = { name: 'Transient', message: 'timed out', details: { outcomeUnknown: true } };
    expect(decideRetry({ ...base, error: unknown })).toEqual({ kind: 'needs_attention', reason: OUTCOME_UNKNOWN_REASON });
    expect(OUTCOME_UNKNOWN_REASON).toMatch(/may or may not have the post/);
    expect(decideRetry({ ...base, error: { ...unknown, details: { outcomeUnknown: true, idempotent: true } } }).kind).toBe('retry');
    // Bluesky's "accepted but did not say where": rejected, yet maybe posted.
    expect(decideRetry({ ...base, error: { name: 'PlatformRejected', message: 'x', details: { outcomeUnknown: true } } }).kind).toBe('needs_attention');
  });

  it('sends AuthExpired to the user to reconnect', () => {
    expect(decideRetry({ ...base, error: { name: 'AuthExpired', message: 'sign in again' } })).toEqual({ kind: 'needs_attention', reason: RECONNECT_REASON });
  });

  it('fails when the attempts are used up', () => {
    expect(decideRetry({ ...base, attempts: 8, maxAttempts: 8, error: { name: 'Transient', message: 'x' } })).toEqual({ kind: 'failed' });
    expect(decideRetry({ ...base, attempts: 7, maxAttempts: 8, error: { name: 'Transient', message: 'x' } }).kind).toBe('retry');
    expect(decideRetry({ ...base, attempts: 3, maxAttempts: 3, error: { name: 'RateLimited', message: 'x', details: { resetAt: NOW.toISOString() } } })).toEqual({ kind: 'failed' });
  });

  it('retries an unknown error like Transient', () => {
    expect(delayOf(decideRetry({ ...base, attempts: 1, random: () => 0.5, error: { name: 'TypeError', message: 'x' } }))).toBe(15_000);
  });

  it('keeps an AppError as it is and hides what anything else said', () => {
    expect(toJobError(new AppError('RateLimited', 'wait', { resetAt: 'x' }))).toEqual({ name: 'RateLimited', message: 'wait', details: { resetAt: 'x' } });
    const other = toJobError(new TypeError('cannot read /home/alice/secret-draft.txt token=abc'));
    expect(other.name).toBe('Transient');
    expect(other.message).not.toMatch(/alice|abc|secret/);
    expect(toJobError('boom').name).toBe('Transient');
  });
});
