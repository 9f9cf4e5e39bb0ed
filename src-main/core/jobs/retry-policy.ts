import { missingCaseError } from '../../../src-shared/assert';
import { AppError, isErrorName, type ErrorName } from '../../../src-shared/errors';

/** First backoff ceiling; it doubles with each attempt up to BACKOFF_CAP_MS. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 60 * 60_000;
/** Spread added after a platform's rate-limit reset, so every waiting job does not hit it at once. */
export const RATE_LIMIT_JITTER_MS = 10_000;

export const OUTCOME_UNKNOWN_REASON = 'The platform may or may not have the post: check on the platform before trying again.';
export const RECONNECT_REASON = "The account's sign-in is no longer accepted: reconnect the account, then retry.";
export const DEPENDENCY_REASON = 'A tool this job needs is missing: install it (see `promogpt doctor`), then retry.';

/** How a job failed, as it is stored: a shared error name (or any other name) with details. */
export interface JobError {
  name: string;
  message: string;
  details?: Record<string, unknown>;
}

export type RetryDecision = { kind: 'retry'; runAt: Date } | { kind: 'failed' } | { kind: 'needs_attention'; reason: string };

export interface RetryInput {
  error: JobError;
  /** Attempts made so far, including the one that just failed. */
  attempts: number;
  maxAttempts: number;
  now: Date;
  /** A source in [0, 1): Math.random, or a seeded one in tests. */
  random: () => number;
}

type Treatment = 'backoff' | 'rate_limit' | 'final' | 'reconnect' | 'install';

function treatmentOf(name: string): Treatment {
  if (!isErrorName(name)) return 'backoff'; // unknown errors are retried like Transient
  const known: ErrorName = name;
  switch (known) {
    case 'Transient':
    case 'KeychainUnavailable': // typically a keychain still locked after wake
      return 'backoff';
    case 'RateLimited':
      return 'rate_limit';
    case 'AuthExpired':
      return 'reconnect';
    case 'DependencyMissing':
      return 'install';
    case 'PlatformRejected':
    case 'PermissionDenied':
    case 'ValidationError':
    case 'NotFound':
    case 'Conflict':
    case 'DatabaseRefused':
    case 'Unauthorized':
    case 'Internal':
    case 'Cancelled':
      return 'final';
    default:
      throw missingCaseError(known);
  }
}

const unit = (random: () => number): number => {
  const r = random();
  return Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0;
};

/** The most the wait before the next attempt can be: 30 s, 60 s, 120 s, … capped at 1 h. */
export function backoffCeilingMs(attempts: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/** Exponential backoff with full jitter: uniform in [0, ceiling), which spreads retries apart. */
export function backoffDelayMs(attempts: number, random: () => number): number {
  return Math.floor(unit(random) * backoffCeilingMs(attempts));
}

function parseInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** What to do with a job whose attempt failed. Pure: everything it depends on is an argument. */
export function decideRetry({ error, attempts, maxAttempts, now, random }: RetryInput): RetryDecision {
  const treatment = treatmentOf(error.name);
  const retryable = treatment === 'backoff' || treatment === 'rate_limit';
  // A create that may or may not have happened is never blindly repeated (DESIGN.md §4), unless
  // the platform deduplicates it for us (Mastodon's Idempotency-Key).
  if (error.details?.outcomeUnknown === true && !(retryable && error.details.idempotent === true)) {
    return { kind: 'needs_attention', reason: OUTCOME_UNKNOWN_REASON };
  }
  if (treatment === 'reconnect') return { kind: 'needs_attention', reason: RECONNECT_REASON };
  if (treatment === 'install') return { kind: 'needs_attention', reason: DEPENDENCY_REASON };
  if (treatment === 'final' || attempts >= maxAttempts) return { kind: 'failed' };
  if (treatment === 'rate_limit') {
    const resetAt = parseInstant(error.details?.resetAt);
    if (resetAt) {
      const from = Math.max(resetAt.getTime(), now.getTime());
      return { kind: 'retry', runAt: new Date(from + Math.floor(unit(random) * RATE_LIMIT_JITTER_MS)) };
    }
  }
  return { kind: 'retry', runAt: new Date(now.getTime() + backoffDelayMs(attempts, random)) };
}

/**
 * Anything thrown, as a job error. An AppError keeps its name and details; anything else is a
 * bug or an unexpected failure, stored as Transient without its message (which may hold paths
 * or post text): the caller logs it, redacted.
 */
export function toJobError(error: unknown): JobError {
  if (error instanceof AppError) return error.details ? { name: error.name, message: error.message, details: error.details } : { name: error.name, message: error.message };
  if (error instanceof Error && isErrorName(error.name)) {
    const details = (error as { details?: unknown }).details;
    return details && typeof details === 'object' ? { name: error.name, message: error.message, details: details as Record<string, unknown> } : { name: error.name, message: error.message };
  }
  const what = error instanceof Error ? error.name : typeof error;
  return { name: 'Transient', message: `Something unexpected went wrong (${what}). PromoGPT will try again; see the log for details.` };
}
