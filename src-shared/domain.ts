import type { AiEditMade } from './ai';
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
  id: 'node' | 'sqlite' | 'data-dir' | 'integrity' | 'keychain' | 'ffmpeg' | 'ffprobe' | 'electron';
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

/**
 * One attachment as the composer holds it: a file by path (the CLI, CSV import, power users), or
 * an item of the media library by id, which the core turns into its stored file when scheduling.
 */
export type ComposerMedia = ({ path: string; mimeType?: string; altText?: string } & LibraryFileFacts) | { mediaId: string; altText?: string };

/**
 * What the core adds when it turns a library item into its file for publishing: the size a
 * platform wants declared, and the item's caption files. Never taken from a caller.
 */
export interface LibraryFileFacts {
  width?: number;
  height?: number;
  captions?: CaptionTrack[];
}

/** What differs for one platform from the post's main text and media. */
export interface VariantOverride {
  text?: string;
  media?: ComposerMedia[];
  thread?: string[];
  firstComment?: string;
}

/** Everything the composer holds, saved as a draft and restored exactly. */
export interface ComposerDraft {
  accountIds: string[];
  text: string;
  media: ComposerMedia[];
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
  /** Integrated loudness (EBU R128) in LUFS, measured when added; null for files without sound, longer than 15 minutes, silent, or not measurable. */
  loudnessLufs: number | null;
  altText: string | null;
  /** Lower-case labels the user gave it, for search and filters. */
  tags: string[];
  /** Whether a small preview picture (a frame, or a waveform for audio) exists at the media route's `/thumbnail`. */
  hasThumbnail: boolean;
  /** For a file PromoGPT made: what it was made from, and how. Null for files the user added. */
  lineage: MediaLineage | null;
  /** Caption files kept with a video (one per language), sent beside it where a platform takes them. */
  captions: CaptionTrackInfo[];
  createdAt: string;
}

export interface CaptionTrackInfo {
  /** A BCP 47 language tag, e.g. en or pt-BR. */
  lang: string;
  cues: number;
}

/** A captions file as it travels with a video to a platform: WebVTT text in one language. */
export interface CaptionTrack {
  lang: string;
  vtt: string;
}

/**
 * How a derived file was made: the render that made it, its inputs and its settings. For a
 * picture an AI edit made, `renderId` is the generation's id and `request` says the prompt.
 */
export interface MediaLineage {
  renderId: string;
  sourceIds: string[];
  request: RenderRequest | AiEditMade;
}

export const ASPECTS = ['9:16', '1:1', '4:5', '16:9'] as const;
export type Aspect = (typeof ASPECTS)[number];
export const MOTIONS = ['auto', 'zoom-in', 'zoom-out', 'pan-left', 'pan-right', 'none'] as const;
export type Motion = (typeof MOTIONS)[number];
export const CAPTION_POSITIONS = ['bottom', 'middle', 'top'] as const;
export type CaptionPosition = (typeof CAPTION_POSITIONS)[number];
export const WATERMARK_POSITIONS = ['top-left', 'top-right', 'bottom-left', 'bottom-right', 'center'] as const;
export type WatermarkPosition = (typeof WATERMARK_POSITIONS)[number];

/** Pictures into an MP4 with motion, transitions, and an optional music bed and voiceover. */
export interface ImageToVideoRequest {
  kind: 'image-to-video';
  imageIds: string[];
  aspect: Aspect;
  /** Default 3. */
  secondsPerImage?: number;
  /** Default auto: a different slow zoom or pan per picture. */
  motion?: Motion;
  /** Default fade (0.5 s crossfade); none cuts. */
  transition?: 'fade' | 'none';
  musicId?: string;
  /** Ducked under the voice when both are given. */
  voiceId?: string;
}

export interface EnhanceRequest {
  kind: 'enhance';
  videoId: string;
  denoise?: boolean;
  sharpen?: boolean;
  /** -1…1, 0 = unchanged. */
  brightness?: number;
  /** 0…3, 1 = unchanged. */
  contrast?: number;
  /** 0…3, 1 = unchanged. */
  saturation?: number;
  deflicker?: boolean;
  /** Only where the ffmpeg build has a stabiliser (media.capabilities says). */
  stabilise?: boolean;
  /** Integrated loudness target in LUFS, e.g. -14. */
  loudnorm?: number;
  upscale?: 1080;
  /** Renders only this segment, original and enhanced side by side, to judge before rendering all. */
  preview?: { fromSeconds: number; seconds: number };
}

/** Makes a video fit a platform's rules: aspect, length, size, codec, frame rate. */
export interface ReformatRequest {
  kind: 'reformat';
  videoId: string;
  platform: Platform;
  /** Default: keep the video's aspect when the platform takes it, else 16:9. */
  aspect?: Aspect;
  /** How to reach another aspect: crop the middle, or pad with a blurred copy (default). */
  fit?: 'crop' | 'pad-blur';
}

export interface CaptionStyle {
  /** Text height in pixels of a 1080-pixel-high frame (scaled with the video); default 48. */
  size?: number;
  /** #rrggbb; default white. */
  colour?: string;
  /** #rrggbb; default black. */
  outline?: string;
  position?: CaptionPosition;
}

/** Burns captions from SRT or WebVTT text into the picture. */
export interface CaptionsRequest {
  kind: 'captions';
  videoId: string;
  /** The SRT or WebVTT text (not a path). */
  captions: string;
  style?: CaptionStyle;
}

export interface TrimRequest {
  kind: 'trim';
  /** A video or an audio item. */
  videoId: string;
  fromSeconds: number;
  toSeconds: number;
}

export interface CutSilenceRequest {
  kind: 'cut-silence';
  /** A video or an audio item: silence at its start and end is cut. */
  videoId: string;
}

/** One frame as a picture (a cover or thumbnail). */
export interface FrameRequest {
  kind: 'frame';
  videoId: string;
  atSeconds: number;
}

export interface ExtractAudioRequest {
  kind: 'extract-audio';
  videoId: string;
}

export interface WatermarkRequest {
  kind: 'watermark';
  videoId: string;
  imageId: string;
  /** Default bottom-right. */
  position?: WatermarkPosition;
  /** 0.1…1, default 0.8. */
  opacity?: number;
  /** Logo width as a share of the video's width, 0.05…0.5; default 0.15. */
  scale?: number;
}

export type RenderRequest =
  | ImageToVideoRequest
  | EnhanceRequest
  | ReformatRequest
  | CaptionsRequest
  | TrimRequest
  | CutSilenceRequest
  | FrameRequest
  | ExtractAudioRequest
  | WatermarkRequest;
export type RenderKind = RenderRequest['kind'];
export const RENDER_KINDS = ['image-to-video', 'enhance', 'reformat', 'captions', 'trim', 'cut-silence', 'frame', 'extract-audio', 'watermark'] as const satisfies readonly RenderKind[];

export type RenderState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A render: a job that makes a new media item from others with ffmpeg on this machine. */
export interface RenderStatus {
  id: string;
  kind: RenderKind;
  request: RenderRequest;
  state: RenderState;
  /** 0…1 while running; null before it starts. */
  progress: number | null;
  /** Estimated seconds left, from the speed so far; null until known. */
  etaSeconds: number | null;
  /** Output seconds made per wall-clock second (x realtime); null until known. */
  speed: number | null;
  outputMediaId: string | null;
  error: { name: string; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** What this machine's ffmpeg can do, for options that depend on how it was built. */
export interface MediaCapabilities {
  ffmpegVersion: string | null;
  /** Null when ffmpeg is missing. */
  stabilise: 'vidstab' | 'deshake' | null;
  captions: boolean;
  /** Why a capability is missing, in a sentence, when one is. */
  notes: string[];
}

/** What happened to one path given to `media.add`: stored (or already there), or refused with the reason. */
export type MediaAddResult =
  | { path: string; ok: true; item: MediaItem; deduplicated: boolean }
  | { path: string; ok: false; error: { name: string; message: string } };
