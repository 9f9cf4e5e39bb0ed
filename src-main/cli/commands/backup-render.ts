import type { BackupInfo, DeletionCheck, DeletionReport, SecurityEvent } from '../../../src-shared/backups';

const mb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export function backupLine(b: BackupInfo): string {
  const when = b.takenAt.slice(0, 19).replace('T', ' ');
  return `${b.id}  ${b.workspaceId}  ${when} UTC  ${b.reason.padEnd(14)} ${mb(b.size).padStart(8)}  ${b.preview.posts} posts, ${b.preview.accounts} accounts, ${b.preview.media} media`;
}

export function eventLine(e: SecurityEvent): string {
  return `${e.at.slice(0, 19).replace('T', ' ')}  ${e.kind.padEnd(22)} ${(e.workspaceId ?? '-').padEnd(12)} ${e.detail}`;
}

/** The proof-of-deletion check, in words. */
export function checkLines(check: DeletionCheck): string[] {
  const lines: string[] = [];
  lines.push(check.leftoverFiles.length ? `  Files left: ${check.leftoverFiles.join(', ')}` : '  Files: none left');
  if (!check.keychainChecked) lines.push(check.clean ? '  Keychain: not reachable, and none of it was ever stored there' : '  Keychain: could not be checked (it is not reachable); entries may remain');
  else lines.push(check.leftoverKeychainEntries.length ? `  Keychain entries left: ${check.leftoverKeychainEntries.join(', ')}` : '  Keychain: no entry carries its id');
  lines.push(check.clean ? '  Check passed: nothing of it remains on this machine.' : '  Check FAILED: see above.');
  return lines;
}

export function deletionLines(r: DeletionReport): string[] {
  const lines = [`Deleted workspace ${r.name} (${r.id}): database, media, ${r.backupsRemoved} backup(s) and ${r.keychainEntriesRemoved} keychain entr(ies).`];
  for (const a of r.revoked) {
    const how = { revoked: 'access revoked at the platform', 'not-supported': 'the platform offers no revoke', failed: `revoke failed (${a.error ?? 'unknown'}); its sign-in was still removed here`, 'already-disconnected': 'already disconnected' }[a.result];
    lines.push(`  ${a.platform} ${a.handle}: ${how}`);
  }
  return [...lines, ...checkLines(r.check)];
}
