// Whether a WAL database is open in another connection: another PromoGPT process (the desktop
// app, `promogpt serve`, `promogpt scheduler run`) or a reader in this one. A restore that swaps
// the file, or a deletion, under such a connection would leave it writing to a file that is no
// longer there: its writes are lost without a word. SQLite lets a connection leave WAL mode
// only when no other connection has the database open, so the probe asks exactly that, without
// waiting, and puts WAL mode back. Close this process's own connection to the file first.
import fs from 'node:fs';
import Database from 'better-sqlite3';

export function openElsewhere(file: string, nativeBinding?: string): boolean {
  if (!fs.existsSync(file)) return false;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 0, ...(nativeBinding ? { nativeBinding } : {}) });
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') return false; // nobody holds a lock while idle: nothing to see
    // Refused with SQLITE_BUSY, or (as SQLite documents for a mode it cannot change) answered with the old mode.
    if (db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') return true;
    db.pragma('journal_mode = WAL');
    return false;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    // Anything else (a damaged file) is for the caller's own checks to report.
    return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
  } finally {
    db?.close();
  }
}
