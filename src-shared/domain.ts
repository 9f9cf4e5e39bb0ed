import type { Platform } from './platforms/platform';

// Domain types shared by the core and every shell.

export interface Workspace {
  id: string;
  name: string;
  createdAt: string; // ISO-8601 UTC
  updatedAt: string;
}

export type Theme = 'system' | 'light' | 'dark';

export interface AppSettings {
  theme: Theme;
  /** The workspace the UI opened last; null when there is none. */
  lastWorkspaceId: string | null;
  /** Where the user hosts resources/oauth-relay/index.html, for platforms that demand an https redirect. */
  oauthRelayUrl: string | null;
}

export type Shell = 'electron' | 'browser' | 'cli';

export interface AppInfo {
  name: 'PromoGPT';
  version: string;
  shell: Shell;
  dataDir: string;
  platform: string;
}

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  id: 'node' | 'sqlite' | 'data-dir' | 'keychain' | 'ffmpeg' | 'ffprobe' | 'electron';
  label: string;
  status: CheckStatus;
  /** What was found: a version, a path, or what went wrong. */
  detail: string;
  /** One line that says how to fix it; absent when status is ok. */
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
}

export type AccountStatus = 'connected' | 'needs_reconnect' | 'disconnected';

/** How an account is doing, in one line the Accounts page shows beside it. */
export interface AccountHealth {
  level: 'ok' | 'warning' | 'problem' | 'off';
  summary: string;
}

export interface Account {
  id: string;
  workspaceId: string;
  platform: Platform;
  handle: string;
  displayName: string | null;
  profileUrl: string | null;
  avatarUrl: string | null;
  /** The server this account lives on: a PDS, a Mastodon instance, X's API. */
  apiBase: string;
  status: AccountStatus;
  statusReason: string | null;
  tokenExpiresAt: string | null;
  rateLimitedUntil: string | null;
  createdAt: string;
  updatedAt: string;
  health: AccountHealth;
}

/** A developer app the user registered (X) or PromoGPT registered for them (Mastodon). Never carries the secret. */
export interface AppCredential {
  platform: Platform;
  instance: string;
  clientId: string;
  redirectPort: number | null;
  hasSecret: boolean;
}

export interface ConnectAttempt {
  attemptId: string;
  /** Open this in the system browser; PromoGPT waits on 127.0.0.1 for the answer. */
  authorizationUrl: string;
  redirectUri: string;
}

export interface Notice {
  id: string;
  level: 'info' | 'warning' | 'problem';
  message: string;
  workspaceId: string | null;
  at: string;
}

export type PostStatus = 'draft' | 'scheduled' | 'cancelled';
export type TargetState = 'queued' | 'publishing' | 'published' | 'failed' | 'needs_attention' | 'cancelled';

/** What publishing a post to one account came to, in the user's words. */
export interface PostTarget {
  id: string;
  accountId: string;
  /** Null when the account was removed with its history kept elsewhere. */
  platform: Platform | null;
  handle: string;
  state: TargetState;
  /** One sentence: what happened and what to do. Null while all is well. */
  message: string | null;
  action: 'reconnect' | 'shorten' | 'wait' | 'check' | 'retry' | null;
  remoteUrl: string | null;
  publishedAt: string | null;
  attempts: { startedAt: string; endedAt: string | null; outcome: string | null; errorMessage: string | null }[];
}

export interface Post {
  id: string;
  status: PostStatus;
  text: string;
  scheduledAt: string | null;
  timeZone: string;
  createdAt: string;
  updatedAt: string;
  targets: PostTarget[];
}

/** A CSV import's report: every problem by row and column, and what was imported (nothing on a dry run). */
export interface CsvImportReport {
  headerProblems: { column: string | null; message: string; fatal: boolean }[];
  rows: { row: number; line: number | null; problems: { column: string | null; message: string }[]; warnings: { column: string | null; message: string }[] }[];
  summary: { total: number; valid: number; invalid: number };
  committed: boolean;
  importedPostIds: string[];
}
