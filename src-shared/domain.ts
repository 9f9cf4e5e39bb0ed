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
