import { AppError } from '../../../src-shared/errors';
import type { Generation } from '../../../src-shared/ai';

/**
 * How a generation ends after something was thrown: cancelled (by the signal or a Cancelled
 * error) with no error kept, or failed with the named error and its reason. `what` names the
 * work in the message of an unexpected error ("The video failed unexpectedly: …").
 */
export function endingOf(caught: unknown, signal: AbortSignal, what: string): { cancelled: boolean; error: AppError; ended: Pick<Generation, 'state' | 'error'> } {
  const error = caught instanceof AppError ? caught : new AppError('Internal', `${what} failed unexpectedly: ${caught instanceof Error ? caught.message : String(caught)}`);
  const cancelled = signal.aborted || error.name === 'Cancelled';
  const reason = typeof error.details?.reason === 'string' ? error.details.reason : undefined;
  return { cancelled, error, ended: { state: cancelled ? 'cancelled' : 'failed', error: cancelled ? null : { name: error.name, message: error.message, ...(reason ? { reason } : {}) } } };
}
