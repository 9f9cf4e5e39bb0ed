import type { ErrorInfo } from './errors';

/** What crosses every boundary (IPC, WebSocket, CLI): a value or a named error, never a thrown exception. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: ErrorInfo): Result<never> => ({ ok: false, error });
