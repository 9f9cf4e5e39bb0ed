import { AppError } from '../../src-shared/errors';

/**
 * The sentence the user sees when the core cannot start. An AppError already says what
 * happened and what to do; anything else is explained as well as we can, pointing at the log.
 */
export function startupErrorMessage(error: unknown, context: { nativeBinding: string | undefined; logDir: string }): string {
  if (error instanceof AppError) return error.message;
  if (!context.nativeBinding) {
    return 'PromoGPT\'s database module for the desktop app is missing. Reinstall the app; in a source checkout, run "node scripts/electron-native.mjs" first.';
  }
  return `PromoGPT could not open its data. Details are in the log in ${context.logDir}; please report the problem.`;
}
