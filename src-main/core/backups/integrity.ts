import fs from 'node:fs';
import Database from 'better-sqlite3';

/** At most this many problems are read: a badly damaged file can report thousands. */
const MAX_PROBLEMS = 20;

/** `PRAGMA integrity_check` on an open connection: the problems SQLite reports, none when sound. */
export function integrityProblems(sqlite: Database.Database): string[] {
  try {
    const rows = sqlite.pragma(`integrity_check(${MAX_PROBLEMS})`) as { integrity_check: string }[];
    // SQLite prefixes the first problem with "*** in database main ***" and a line break.
    return rows
      .map((r) => r.integrity_check)
      .filter((r) => r !== 'ok')
      .map((r) => r.replace(/^\*\*\* in database \w+ \*\*\*\s*/, '').replace(/\s+/g, ' ').trim());
  } catch (error) {
    // A damaged file can fail the check itself ("database disk image is malformed").
    return [error instanceof Error ? error.message : String(error)];
  }
}

/**
 * Checks a database file without changing it. A WAL database read this way still gets -wal
 * and -shm files: the ones this check created are removed again.
 */
export function checkFileIntegrity(file: string, nativeBinding?: string): string[] {
  const sideFiles = [`${file}-wal`, `${file}-shm`].filter((f) => !fs.existsSync(f));
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
    return integrityProblems(db);
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  } finally {
    db?.close();
    for (const f of sideFiles) fs.rmSync(f, { force: true });
  }
}
