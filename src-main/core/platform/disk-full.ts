/** A write refused for lack of space: by the filesystem (or a quota), or by SQLite. */
export function isDiskFull(error: unknown): boolean {
  const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}
