import { ApiError } from './client';

/**
 * The core's validation issues by field ("lateWindowMinutes" → "the late window can be at most 7 days"),
 * so a form can show each one under its own input. Empty for any other failure.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.info.name !== 'ValidationError') return {};
  const issues = error.info.details?.issues;
  if (!Array.isArray(issues)) return {};
  const byField: Record<string, string> = {};
  for (const issue of issues) {
    if (typeof issue !== 'object' || issue === null) continue;
    const { field, message } = issue as { field?: unknown; message?: unknown };
    if (typeof field === 'string' && typeof message === 'string' && message && !(field in byField)) byField[field] = asSentence(message);
  }
  return byField;
}

/** "the late window can be at most 7 days" → "The late window can be at most 7 days." */
function asSentence(message: string): string {
  const capitalised = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
