// How a failed attempt ends: the target's next state, and one sentence of why plus what to do.
import type { TargetState } from '../../../src-shared/domain';
import { AppError, type ErrorName } from '../../../src-shared/errors';
import { PLATFORM_NAMES, type Platform } from '../../../src-shared/platforms/platform';
import { redactText } from '../platform/redact';
import type { AttemptOutcome } from './target-store';
import { partLabel, type VariantPart } from './variant';

export interface Settlement {
  state: Extract<TargetState, 'queued' | 'failed' | 'needs_attention'>;
  errorName: ErrorName;
  message: string;
  outcome: AttemptOutcome;
  /** For `queued`: what publishTarget throws so the job queue tries again (RateLimited carries resetAt). */
  rethrow?: unknown;
  /** The part's create may or may not have happened: record `part:<i>:unknown`. */
  unknown?: boolean;
}

export interface SettleContext {
  platform: Platform;
  handle: string;
  part: VariantPart | undefined;
  /** The error came out of the connector's publish, so a create may have gone out. */
  maybeCreated: boolean;
  /** Running the same part again cannot post it twice (platforms.md §0.1 item 6). */
  safeToRepeat: boolean;
}

export function isAbort(error: unknown): boolean {
  return !!error && typeof error === 'object' && (error as { name?: unknown }).name === 'AbortError';
}

/**
 * Whether a failed publish provably created nothing: it was stopped between steps, the
 * platform answered with an error status, the post was refused before sending, or a media
 * upload failed (the create comes after every upload).
 */
export function createdNothing(error: unknown): boolean {
  if (isAbort(error)) return true;
  if (!(error instanceof AppError)) return false;
  const d = error.details ?? {};
  if (d.outcomeUnknown) return false;
  if (error.name === 'ValidationError') return true;
  if (typeof d.status === 'number') return true;
  return typeof d.mediaId === 'string';
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const withFix = (message: string, fix: string) => (/\b(retry|reconnect)\b/i.test(message) ? message : `${message.trim()} ${fix}`);

/** The message to show when a part's create may or may not have happened and repeating it is not safe. */
export function unknownOutcomeMessage(platform: Platform, part: VariantPart | undefined): string {
  const name = PLATFORM_NAMES[platform];
  const label = part ? partLabel(part) : 'the post';
  return `${cap(label)} may or may not have been posted: ${name} did not confirm it. Check on ${name}; PromoGPT will not post it again until that is done.`;
}

export function settlementFor(error: unknown, ctx: SettleContext): Settlement {
  const name = PLATFORM_NAMES[ctx.platform];
  const label = ctx.part ? partLabel(ctx.part) : 'the post';

  if (isAbort(error)) {
    return { state: 'queued', errorName: 'Transient', message: 'Publishing was stopped before it finished; PromoGPT carries on from where it stopped next time.', outcome: 'retry', rethrow: error };
  }

  if (ctx.maybeCreated && !createdNothing(error)) {
    if (!ctx.safeToRepeat) {
      return { state: 'needs_attention', errorName: 'Transient', message: unknownOutcomeMessage(ctx.platform, ctx.part), outcome: 'unknown', unknown: true };
    }
    const message = `${name} did not confirm ${label}; PromoGPT looks for it before trying again, so it is not posted twice.`;
    const rethrow = error instanceof AppError && error.name === 'Transient' ? error : new AppError('Transient', message, { outcomeUnknown: true });
    return { state: 'queued', errorName: 'Transient', message, outcome: 'retry', rethrow };
  }

  if (!(error instanceof AppError)) {
    return {
      state: 'failed',
      errorName: 'Internal',
      message: `PromoGPT ran into an unexpected problem while posting ${label} to ${name}. Retry; if it happens again, report it.`,
      outcome: 'failed',
    };
  }

  const said = redactText(error.message).slice(0, 500);
  switch (error.name) {
    case 'AuthExpired':
      return {
        state: 'needs_attention',
        errorName: 'AuthExpired',
        message: `${name} no longer accepts the sign-in of ${ctx.handle}. Reconnect ${ctx.handle} on the Accounts page, then retry.`,
        outcome: 'needs_attention',
      };
    case 'PermissionDenied':
      return { state: 'needs_attention', errorName: 'PermissionDenied', message: withFix(said, `Reconnect ${ctx.handle} on the Accounts page, then retry.`), outcome: 'needs_attention' };
    case 'RateLimited': {
      const resetAt = typeof error.details?.resetAt === 'string' ? error.details.resetAt : undefined;
      const until = resetAt ? ` until ${resetAt.slice(0, 16).replace('T', ' ')} UTC` : ' for a while';
      return {
        state: 'queued',
        errorName: 'RateLimited',
        message: `${name} is rate-limiting ${ctx.handle}${until}. PromoGPT will post ${ctx.part && ctx.part.index > 0 ? 'the rest' : 'it'} then; there is nothing to do.`,
        outcome: 'retry',
        rethrow: error,
      };
    }
    case 'Transient':
      return { state: 'queued', errorName: 'Transient', message: withFix(said, 'PromoGPT will try again.'), outcome: 'retry', rethrow: error };
    case 'KeychainUnavailable':
      return { state: 'needs_attention', errorName: 'KeychainUnavailable', message: withFix(said, 'Then retry.'), outcome: 'needs_attention' };
    case 'PlatformRejected':
      return { state: 'failed', errorName: 'PlatformRejected', message: withFix(said, 'Edit the post, then retry.'), outcome: 'failed' };
    case 'ValidationError':
    case 'NotFound':
      return { state: 'failed', errorName: error.name, message: withFix(said, 'Then retry.'), outcome: 'failed' };
    default:
      return { state: 'failed', errorName: error.name, message: withFix(said, 'Retry; if it happens again, report it.'), outcome: 'failed' };
  }
}
