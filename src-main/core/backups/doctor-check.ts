import fs from 'node:fs';
import path from 'node:path';
import type { DoctorCheck } from '../../../src-shared/domain';
import { checkFileIntegrity } from './integrity';

/**
 * `PRAGMA integrity_check` on the app database and every workspace database, read-only, for
 * `promogpt doctor`: a damaged one fails with the way to restore it.
 */
export function checkDatabases(dataDir: string): DoctorCheck {
  const files: { file: string; workspaceId: string | null }[] = [];
  const appDb = path.join(dataDir, 'app.db');
  if (fs.existsSync(appDb)) files.push({ file: appDb, workspaceId: null });
  const root = path.join(dataDir, 'workspaces');
  if (fs.existsSync(root)) {
    for (const id of fs.readdirSync(root)) {
      const file = path.join(root, id, 'workspace.db');
      if (!id.startsWith('.') && fs.existsSync(file)) files.push({ file, workspaceId: id });
    }
  }
  const damaged = files
    .map((f) => ({ ...f, problems: checkFileIntegrity(f.file) }))
    .filter((f) => f.problems.length > 0);
  const label = 'Database integrity';
  if (damaged.length === 0) return { id: 'integrity', label, status: 'ok', detail: `${files.length} database(s) passed PRAGMA integrity_check` };
  const names = damaged.map((d) => (d.workspaceId ? `workspace ${d.workspaceId}` : 'the app database')).join(', ');
  const first = damaged.find((d) => d.workspaceId);
  return {
    id: 'integrity',
    label,
    status: 'fail',
    detail: `Damaged: ${names} (${damaged[0]?.problems[0] ?? 'integrity check failed'})`,
    fix: first
      ? `Restore a backup: \`promogpt backup list --workspace ${first.workspaceId}\`, then \`promogpt backup restore BACKUP_ID --workspace ${first.workspaceId}\`.`
      : 'Restore app.db from a copy of the data folder.',
  };
}
