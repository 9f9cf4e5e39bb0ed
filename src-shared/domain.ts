import type { LimitOverrides } from './platforms/limits';
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
  /** The server's own limits where they differ from the platform's (a Mastodon instance's post length). */
  limits?: LimitOverrides;
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

/** 'recurring' is a series: its occurrences are ordinary scheduled posts that point back at it. */
export type PostStatus = 'draft' | 'scheduled' | 'cancelled' | 'recurring';
export type TargetState = 'queued' | 'publishing' | 'published' | 'failed' | 'needs_attention' | 'cancelled';

/** What publishing a post to one account came to, in the user's words. */
export interface PostTarget {
  id: string;
  accountId: string;
  /** Null when the account was removed with its history kept elsewhere. */
  platform: Platform | null;
  handle: string;
  state: TargetState;
  /** When this account's copy goes out: the post's time, or the account's own queue slot. */
  scheduledAt: string | null;
  /** The text this account publishes: the post's, or its platform's own version. */
  text: string;
  /** One sentence: what happened and what to do. Null while all is well. */
  message: string | null;
  action: 'reconnect' | 'shorten' | 'wait' | 'check' | 'retry' | null;
  remoteUrl: string | null;
  publishedAt: string | null;
  attempts: { startedAt: string; endedAt: string | null; outcome: string | null; errorMessage: string | null }[];
}

/** What differs for one platform from the post's main text and media. */
export interface VariantOverride {
  text?: string;
  media?: { path: string; mimeType?: string; altText?: string }[];
  thread?: string[];
  firstComment?: string;
}

/** Everything the composer holds, saved as a draft and restored exactly. */
export interface ComposerDraft {
  accountIds: string[];
  text: string;
  media: { path: string; mimeType?: string; altText?: string }[];
  thread: string[];
  firstComment?: string;
  variants: Partial<Record<Platform, VariantOverride>>;
  /** The "When" controls as they stood when the draft was saved. */
  when?: {
    kind: 'now' | 'at' | 'nextSlot' | 'recurring';
    date: string;
    time: string;
    timeZone: string;
    every: number;
    unit: 'day' | 'week';
    weekdays: (1 | 2 | 3 | 4 | 5 | 6 | 7)[];
    end: 'never' | 'until' | 'count';
    until: string;
    count: number;
  };
}

export interface Post {
  id: string;
  status: PostStatus;
  text: string;
  /** The earliest time any of its accounts publishes; for a series, null (see its occurrences). */
  scheduledAt: string | null;
  timeZone: string;
  source: string;
  /** For a series: its rule, read in `timeZone`. */
  recurrence: { every: number; unit: 'day' | 'week'; weekdays?: (1 | 2 | 3 | 4 | 5 | 6 | 7)[]; until?: string; count?: number } | null;
  /** For an occurrence of a series: the series post. */
  seriesId: string | null;
  /** For a draft: what the composer had. */
  draft: ComposerDraft | null;
  /** In the workspace's evergreen pool. */
  evergreen: boolean;
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

/** A post already scheduled for an account with the same text close in time. */
export interface DuplicateWarning {
  accountId: string;
  handle: string;
  postId: string;
  at: string;
  minutesApart: number;
}

/** Per-workspace publishing rules. */
export interface PublishingSettings {
  /** A post whose time passed while the machine was off still goes out this many minutes late; later, it needs attention. */
  lateWindowMinutes: number;
  /** The duplicate guard warns about the same text to the same account within this many hours. */
  duplicateWindowHours: number;
}

/** An account's weekly posting slots, wall-clock times in `timeZone`. */
export interface QueueSchedule {
  accountId: string;
  timeZone: string;
  slots: { weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7; time: string }[];
  /** The next slot nothing is scheduled in yet, or null. */
  nextFreeSlot: string | null;
}

/** The evergreen pool: posts re-queued on a cadence, never the same one within `minGapDays`. */
export interface EvergreenPool {
  enabled: boolean;
  everyDays: number;
  time: string;
  timeZone: string;
  minGapDays: number;
  /** When the pool next queues a post, or null when off or empty. */
  nextRunAt: string | null;
  entries: { postId: string; text: string; accountIds: string[]; addedAt: string; lastQueuedAt: string | null }[];
}

export type MediaKind = 'image' | 'video' | 'audio';
export const MEDIA_KINDS = ['image', 'video', 'audio'] as const satisfies readonly MediaKind[];

/** One file of a workspace's media library, with what probing its content found. */
export interface MediaItem {
  id: string;
  kind: MediaKind;
  sha256: string;
  /** The original file name, sanitised: for display only. */
  fileName: string;
  /** Where the file is, relative to the workspace folder: `media/ab/<sha256>.<ext>`. */
  storedPath: string;
  mimeType: string;
  bytes: number;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  frameRate: number | null;
  altText: string | null;
  createdAt: string;
}

/** What happened to one path given to `media.add`: stored (or already there), or refused with the reason. */
export type MediaAddResult =
  | { path: string; ok: true; item: MediaItem; deduplicated: boolean }
  | { path: string; ok: false; error: { name: string; message: string } };
