// Error names cross process boundaries as strings; never rely on instanceof across them.
export const ERROR_NAMES = [
  'ValidationError',
  'NotFound',
  'Conflict',
  'DatabaseRefused',
  'KeychainUnavailable',
  'DependencyMissing',
  'AuthExpired',
  'PermissionDenied',
  'RateLimited',
  'PlatformRejected',
  'Transient',
  'Unauthorized',
  'Internal',
  /** The user stopped it (a render, an export): not a failure. */
  'Cancelled',
] as const;

export type ErrorName = (typeof ERROR_NAMES)[number];

export interface ErrorInfo {
  name: ErrorName;
  message: string;
  details?: Record<string, unknown>;
}

/** A failure the user can act on: `message` says what happened and what to do. */
export class AppError extends Error {
  override readonly name: ErrorName;
  readonly details: Record<string, unknown> | undefined;

  constructor(name: ErrorName, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = name;
    this.details = details;
  }

  toInfo(): ErrorInfo {
    return this.details ? { name: this.name, message: this.message, details: this.details } : { name: this.name, message: this.message };
  }
}

export function isErrorName(value: unknown): value is ErrorName {
  return typeof value === 'string' && (ERROR_NAMES as readonly string[]).includes(value);
}
