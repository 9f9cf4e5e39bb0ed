import type { Platform } from './platforms/platform';
import type { ValidationIssue } from './platforms/rules';

/** An AI provider of one workspace: OpenAI or any server that speaks its API. Never carries the key itself. */
export interface AiProvider {
  id: string;
  name: string;
  baseUrl: string;
  textModel: string;
  imageModel: string | null;
  speechModel: string | null;
  transcriptionModel: string | null;
  videoModel: string | null;
  /** Whether an API key is stored for it in the OS keychain. */
  hasKey: boolean;
  /** Loopback base URL (127.0.0.0/8, ::1, localhost): the data stays on this machine. */
  local: boolean;
  timeoutMs: number;
  maxRetries: number;
  createdAt: string;
  updatedAt: string;
}

export interface AiSettings {
  /** When on, the core refuses every provider whose base URL is not on this machine. */
  localOnly: boolean;
  /** Estimated spend per calendar month (UTC) after which cloud generations are refused; null = no cap. */
  monthlyCapUsd: number | null;
  brandVoice: BrandVoice;
}

/** How the workspace sounds; sent with every text generation. Empty fields are left out. */
export interface BrandVoice {
  description: string;
  audience: string;
  tone: string;
  /** Words or topics to stay away from. */
  avoid: string;
  /** Things every post should do, one a line ("Name the plant"). */
  doList: string[];
  /** Things no post should do. */
  dontList: string[];
  /** Posts that sound right, shown to the model as examples of the voice. */
  examplePosts: string[];
  /** Words that must not appear; a text that has one is flagged (never silently edited). */
  bannedWords: string[];
  /** Hashtags the model is asked to end each post with, only as far as the platform's limit allows. */
  defaultHashtags: string[];
}

export const EMPTY_BRAND_VOICE: BrandVoice = { description: '', audience: '', tone: '', avoid: '', doList: [], dontList: [], examplePosts: [], bannedWords: [], defaultHashtags: [] };

/** A stored voice as today's shape: values saved before the lists existed read as empty lists. */
export function readBrandVoice(stored: Partial<BrandVoice> | null | undefined): BrandVoice {
  const v = { ...EMPTY_BRAND_VOICE, ...(stored ?? {}) };
  const list = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
  return { ...v, doList: list(v.doList), dontList: list(v.dontList), examplePosts: list(v.examplePosts), bannedWords: list(v.bannedWords), defaultHashtags: list(v.defaultHashtags) };
}

/** One message as the model is sent it (the prompt preview shows these exactly). */
export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What one text variant would be sent, before anything is sent. */
export interface PromptPreview {
  platform: Platform;
  index: number;
  messages: PromptMessage[];
}

export interface ConnectionTest {
  ok: boolean;
  models: string[];
  /** Which of the provider's configured models the server lists (a local server may not list any). */
  missingModels: string[];
  error?: { name: string; message: string; reason?: string };
}

export const GENERATION_KINDS = ['text', 'image', 'speech', 'video', 'transcription', 'sentiment'] as const;
export type GenerationKind = (typeof GENERATION_KINDS)[number];
export const GENERATION_STATES = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type GenerationState = (typeof GENERATION_STATES)[number];

export type GenerationParams =
  /**
   * Posts from a brief; or, with `action`, work on a given text (`brief` is then that text):
   * rewrite in a `style`, translate into `language`, split into a thread, suggest hashtags.
   * Rows stored before actions existed have no `action`.
   */
  | { kind: 'text'; brief: string; platforms: Platform[]; variations: number; temperature?: number; seed?: number; action?: TextAction; style?: RewriteStyle; language?: string }
  /**
   * Pictures from a prompt; with `edit`, a library picture changed by the prompt (where the mask
   * is transparent, when there is one). `size` 'auto' on an edit sends no size: the provider's default.
   */
  | { kind: 'image'; prompt: string; size: string; count: number; edit?: ImageEdit }
  | { kind: 'speech'; text: string; voice: string; format: 'wav' | 'mp3' }
  | { kind: 'video'; prompt: string; seconds: VideoSeconds; size: string }
  /** Captions for a library video, kept with it as its captions file in `lang`. */
  | { kind: 'transcription'; mediaId: string; lang: string }
  /** Comment sentiment through the provider (Analytics): how many comments, in batches of `batchSize`; the labels are kept with the comments. */
  | { kind: 'sentiment'; comments: number; batchSize: number; accountId?: string; postId?: string };

/** Which library picture an edit changes, and the optional mask (a PNG whose transparent parts are to be redrawn). */
export interface ImageEdit {
  mediaId: string;
  maskMediaId?: string;
}

/** The lineage of a picture an AI edit made: kept with the media item, so its detail says what it came from. */
export interface AiEditMade {
  kind: 'ai-edit';
  /** The history row (also the lineage's `renderId`). */
  generationId: string;
  prompt: string;
  providerName: string;
  model: string;
  size: string;
  /** Whether a mask was sent (its id is the lineage's second source). */
  masked: boolean;
}

/** What was asked, in one line: the brief, the text spoken, the prompt, or the item transcribed. */
export function generationSubject(params: GenerationParams): string {
  switch (params.kind) {
    case 'text':
      return params.brief;
    case 'speech':
      return params.text;
    case 'transcription':
      return `captions (${params.lang}) of ${params.mediaId}`;
    case 'sentiment':
      return `sentiment of ${params.comments} comment${params.comments === 1 ? '' : 's'}`;
    default:
      return params.prompt;
  }
}

export const TEXT_ACTIONS = ['rewrite', 'translate', 'thread', 'hashtags'] as const;
export type TextAction = (typeof TEXT_ACTIONS)[number];
export const REWRITE_STYLES = ['shorter', 'punchier', 'formal'] as const;
export type RewriteStyle = (typeof REWRITE_STYLES)[number];

/** The English name of a BCP 47 language tag, or null when it names no language this runtime knows. */
export function languageName(tag: string): string | null {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }).of(tag) ?? null;
  } catch {
    return null;
  }
}

export const VIDEO_SECONDS = ['4', '8', '12'] as const;
export type VideoSeconds = (typeof VIDEO_SECONDS)[number];

/** One platform's text: `text` is never cut; `issues` says whether it fits the platform. */
export interface TextVariant {
  platform: Platform;
  index: number;
  text: string;
  /** The platform's rules broken or warned about; empty when it fits. */
  issues: ValidationIssue[];
  fits: boolean;
  /** It came back too long and was asked for again, shorter. */
  shortened: boolean;
  /** The answer stopped before its end (cancelled, failed, or the model's length limit). */
  partial: boolean;
  /** Suggested hashtags (the `hashtags` action): a list to pick from, never put in a post by itself. */
  hashtags?: string[];
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** One row of the generation history: what was asked, of whom, and what came back. */
export interface Generation {
  id: string;
  kind: GenerationKind;
  state: GenerationState;
  providerId: string;
  providerName: string;
  baseUrl: string;
  model: string;
  params: GenerationParams;
  /** The brand voice as it was when this ran; a re-run sends this one again. */
  brandVoice: BrandVoice | null;
  variants: TextVariant[];
  mediaIds: string[];
  usage: Usage | null;
  /** In US dollars, from list prices for known OpenAI models; 0 for local servers; null when unknown. */
  estimatedCostUsd: number | null;
  error: { name: string; message: string; reason?: string } | null;
  rerunOf: string | null;
  /** A video's progress, 0-100, while it is made; null otherwise. */
  progress: number | null;
  /** The background job that makes a video; null for the other kinds. */
  jobId: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface UsageRow {
  providerId: string;
  providerName: string;
  local: boolean;
  generations: number;
  totalTokens: number;
  estimatedCostUsd: number;
  /** Generations whose cost is unknown (models without a list price). */
  unpriced: number;
}

export interface UsageSummary {
  /** `YYYY-MM`, UTC. */
  month: string;
  rows: UsageRow[];
  cloudCostUsd: number;
  monthlyCapUsd: number | null;
  /** Cloud generations are refused until the month ends or the cap is raised. */
  capReached: boolean;
}

/** What failed, in the words the errors carry in `details.reason`. */
export const AI_ERROR_REASONS = [
  'invalid_key',
  'model_not_found',
  'rate_limited',
  'quota_exhausted',
  'content_refused',
  'network_down',
  'local_only',
  'monthly_cap',
  'server_error',
  'timeout',
  /** A job-made generation (pictures, video) whose process died: its lease ran out, it was not sent again. */
  'abandoned',
] as const;
export type AiErrorReason = (typeof AI_ERROR_REASONS)[number];
