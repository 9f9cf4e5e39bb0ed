import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { BackupInfo, BackupPreview } from '../../../src-shared/backups';

/** `<data dir>/backups/<workspace id>/`: one `<id>.db` and one `<id>.json` (what it holds) per backup. */
export function backupsDirOf(root: string, workspaceId: string): string {
  return path.join(root, 'backups', workspaceId);
}

export function backupFile(dir: string, id: string): string {
  return path.join(dir, `${id}.db`);
}

function infoFile(dir: string, id: string): string {
  return path.join(dir, `${id}.json`);
}

/** Every backup of a workspace whose file is there, newest first. */
export function readBackups(dir: string): BackupInfo[] {
  if (!fs.existsSync(dir)) return [];
  const out: BackupInfo[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    try {
      const info = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as BackupInfo;
      if (fs.existsSync(backupFile(dir, info.id))) out.push(info);
    } catch {
      // A damaged description is skipped; its database file stays for a person to look at.
    }
  }
  return out.sort((a, b) => b.takenAt.localeCompare(a.takenAt) || b.id.localeCompare(a.id));
}

export function writeBackupInfo(dir: string, info: BackupInfo): void {
  const tmp = `${infoFile(dir, info.id)}.partial`;
  fs.writeFileSync(tmp, JSON.stringify(info, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, infoFile(dir, info.id));
}

export function removeBackup(dir: string, id: string): void {
  fs.rmSync(infoFile(dir, id), { force: true });
  fs.rmSync(backupFile(dir, id), { force: true });
}

const count = (db: Database.Database, table: string): number => {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table);
  return exists ? (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n : 0;
};

/** What a backup holds, counted in the backup file itself (not the live database). */
export function previewOf(db: Database.Database): BackupPreview {
  return { posts: count(db, 'posts'), accounts: count(db, 'accounts'), media: count(db, 'media_items') };
}
