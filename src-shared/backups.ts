/** Backups, the security log and deletion, as the UI and the CLI see them. */

/** What a backup holds, read from the backup itself when it was taken. */
export interface BackupPreview {
  posts: number;
  accounts: number;
  media: number;
}

export type BackupReason = 'scheduled' | 'manual' | 'before-restore';

export interface BackupInfo {
  id: string;
  workspaceId: string;
  takenAt: string;
  reason: BackupReason;
  /** Bytes of the backup file. */
  size: number;
  preview: BackupPreview;
}

export interface BackupSettings {
  /** Hours between automatic backups of each workspace. */
  intervalHours: number;
  /** How many backups of each workspace are kept; older ones are removed. */
  keep: number;
}

/** The result of `PRAGMA integrity_check` for one database. */
export interface IntegrityResult {
  workspaceId: string | null;
  ok: boolean;
  /** The first problems SQLite reported (empty when ok). */
  problems: string[];
  checkedAt: string;
}

export interface BackupStatus {
  settings: BackupSettings;
  /** Databases whose last check failed, with the backups that could replace them. */
  failures: IntegrityResult[];
}

export interface RestoreResult {
  restored: BackupInfo;
  /** The backup of the state just before the restore, so a restore can itself be undone. */
  safetyBackup: BackupInfo | null;
  integrity: IntegrityResult;
}

export const SECURITY_EVENT_KINDS = [
  'workspace.created',
  'workspace.deleted',
  'everything.deleted',
  'server.started',
  'server.refused',
  'account.connected',
  'account.reconnected',
  'account.disconnected',
  'account.refreshFailed',
  'account.revokeFailed',
  'backup.taken',
  'backup.restored',
  'integrity.failed',
  'provider.changed',
  'agent.autoPosted',
  'workspace.exported',
  'workspace.imported',
] as const;

export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export interface SecurityEvent {
  id: number;
  at: string;
  kind: string;
  workspaceId: string | null;
  detail: string;
}

export interface SecurityLogFilter {
  workspaceId?: string;
  kind?: string;
  since?: string;
  limit?: number;
}

/** What happened to one connected account when its workspace was deleted. */
export interface RevokeOutcome {
  accountId: string;
  platform: string;
  handle: string;
  /** 'revoked' at the platform, 'not-supported' there, or 'failed' (the sign-in was still removed here). */
  result: 'revoked' | 'not-supported' | 'failed' | 'already-disconnected';
  error?: string;
}

/** The check run after a deletion: what of it is still on this machine (nothing, when `clean`). */
export interface DeletionCheck {
  clean: boolean;
  leftoverFiles: string[];
  /** Keychain entry names (never secrets) that still carry the id. */
  leftoverKeychainEntries: string[];
  /** False when the keychain could not be asked; then `clean` is false too. */
  keychainChecked: boolean;
}

export interface DeletionReport {
  id: string;
  name: string;
  revoked: RevokeOutcome[];
  keychainEntriesRemoved: number;
  backupsRemoved: number;
  check: DeletionCheck;
}

export interface DeleteEverythingReport {
  workspaces: DeletionReport[];
  appKeychainEntriesRemoved: number;
  check: DeletionCheck;
}
