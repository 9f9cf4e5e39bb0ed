import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** AI providers of a workspace. The API key is in the OS keychain, never here. */
export const aiProviders = sqliteTable(
  'ai_providers',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    baseUrl: text('base_url').notNull(),
    textModel: text('text_model').notNull(),
    imageModel: text('image_model'),
    speechModel: text('speech_model'),
    transcriptionModel: text('transcription_model'),
    videoModel: text('video_model'),
    /** 1 when a key was stored in the keychain for it. */
    hasKey: integer('has_key').notNull().default(0),
    timeoutMs: integer('timeout_ms').notNull(),
    maxRetries: integer('max_retries').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('ai_providers_name').on(t.name)],
);

/** The generation history: each request, the brand voice it used, and what came back. */
export const aiGenerations = sqliteTable(
  'ai_generations',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    state: text('state').notNull(),
    /** Kept when the provider is removed: the history still says who answered. */
    providerId: text('provider_id').notNull(),
    providerName: text('provider_name').notNull(),
    baseUrl: text('base_url').notNull(),
    local: integer('local').notNull(),
    model: text('model').notNull(),
    /** JSON GenerationParams: the user's prompt, saved before anything is sent. */
    params: text('params').notNull(),
    /** JSON BrandVoice snapshot, or null. */
    brandVoice: text('brand_voice'),
    /** JSON TextVariant[] (partial text included). */
    variants: text('variants').notNull().default('[]'),
    /** JSON media item ids. */
    mediaIds: text('media_ids').notNull().default('[]'),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    totalTokens: integer('total_tokens'),
    estimatedCostUsd: real('estimated_cost_usd'),
    errorName: text('error_name'),
    errorMessage: text('error_message'),
    errorReason: text('error_reason'),
    rerunOf: text('rerun_of'),
    /** For a video: the job that polls it, and the provider's id of the video (so a retry resumes instead of paying twice). */
    jobId: text('job_id'),
    remoteId: text('remote_id'),
    /** 0-100 while a video is made. */
    progress: integer('progress'),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
  },
  (t) => [index('ai_generations_started').on(t.startedAt)],
);
