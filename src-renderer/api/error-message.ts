import { ApiError } from './client';

/** The sentence to show for a failed call: the core's own words, without the method prefix. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const issues = error.info.details?.issues;
    if (error.info.name === 'ValidationError' && Array.isArray(issues) && issues.length > 0) {
      return issues
        .map((issue) => (typeof issue === 'object' && issue && 'message' in issue ? String(issue.message) : ''))
        .filter(Boolean)
        .join(' ');
    }
    return error.info.message;
  }
  return 'Something went wrong and PromoGPT could not finish that. Try again; if it keeps happening, run the System check in Settings.';
}
