import { sqliteTable, text, integer, real, index, primaryKey } from 'drizzle-orm/sqlite-core';

/** Settings of one workspace (brand or client) as JSON values by key. */
export const workspaceSettings = sqliteTable('workspace_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Who did what in this workspace, for the client's record. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    detail: text('detail').notNull(),
  },
  (t) => [index('audit_log_at').on(t.at)],
);

/**
 * Connected social accounts. Tokens are NOT here: `secretRef` names the OS keychain entry.
 * A disconnected account stays (with its posts and metrics history) unless the user deletes it.
 */
export const accounts = sqliteTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    platform: text('platform').notNull(),
    platformUserId: text('platform_user_id').notNull(),
    handle: text('handle').notNull(),
    displayName: text('display_name'),
    profileUrl: text('profile_url'),
    avatarUrl: text('avatar_url'),
    apiBase: text('api_base').notNull(),
    /** Non-secret platform extras as JSON (PDS URL, DID, instance URL). */
    extras: text('extras').notNull().default('{}'),
    status: text('status').notNull(), // connected | needs_reconnect | disconnected
    statusReason: text('status_reason'),
    tokenExpiresAt: text('token_expires_at'),
    rateLimitedUntil: text('rate_limited_until'),
    secretRef: text('secret_ref'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('accounts_platform_user').on(t.platform, t.apiBase, t.platformUserId)],
);

/**
 * The user's developer-app credentials per platform (and per instance for Mastodon, which
 * registers PromoGPT itself). A client secret lives in the keychain under `secretRef`.
 */
export const appCredentials = sqliteTable(
  'app_credentials',
  {
    id: text('id').primaryKey(),
    platform: text('platform').notNull(),
    /** The instance or API host this app belongs to ('' when the platform has one). */
    instance: text('instance').notNull().default(''),
    clientId: text('client_id').notNull(),
    redirectPort: integer('redirect_port'),
    secretRef: text('secret_ref'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('app_credentials_platform_instance').on(t.platform, t.instance)],
);

/**
 * A post: what the user wrote once, for one or more accounts. Its time is a UTC instant plus
 * the IANA zone the user meant, so a recurrence is expanded in that zone and DST never moves it.
 */
export const posts = sqliteTable(
  'posts',
  {
    id: text('id').primaryKey(),
    /** draft | scheduled | cancelled; what happened per account is in post_targets. */
    status: text('status').notNull(),
    text: text('text').notNull(),
    scheduledAt: text('scheduled_at'),
    timeZone: text('time_zone').notNull(),
    /** JSON recurrence rule ({ every, unit, weekdays, until }) or null. */
    recurrence: text('recurrence'),
    /** composer | cli | csv | evergreen | agent */
    source: text('source').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    /**
     * JSON of the whole composer input (accounts, text, media, per-platform variants): what a draft
     * holds, and what a series or an evergreen copy is made from.
     */
    content: text('content'),
    /** For an occurrence of a recurring series: the series post. */
    seriesId: text('series_id'),
    /** For a series: the local date-time ("YYYY-MM-DD HH:mm") of its first occurrence, read in time_zone. */
    seriesStart: text('series_start'),
  },
  (t) => [index('posts_scheduled_at').on(t.scheduledAt), index('posts_status').on(t.status), index('posts_series').on(t.seriesId)],
);

/**
 * One post for one account: what is published there, and how far publishing got. Every remote
 * id is written to `checkpoints` before the next irreversible step (platforms.md §0.1).
 */
export const postTargets = sqliteTable(
  'post_targets',
  {
    id: text('id').primaryKey(),
    postId: text('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    accountId: text('account_id').notNull(),
    /** The variant for this platform: text, media [{ path, mimeType, altText }], thread, first comment (JSON). */
    variant: text('variant').notNull(),
    /** queued | publishing | published | failed | needs_attention | cancelled */
    state: text('state').notNull(),
    /** Stable for every attempt: Mastodon's Idempotency-Key, the seed of Bluesky's record key. */
    idempotencyKey: text('idempotency_key').notNull(),
    /** JSON map of step → remote id, written before each irreversible step. */
    checkpoints: text('checkpoints').notNull().default('{}'),
    remoteId: text('remote_id'),
    remoteUrl: text('remote_url'),
    errorName: text('error_name'),
    errorMessage: text('error_message'),
    publishedAt: text('published_at'),
    updatedAt: text('updated_at').notNull(),
    /** When this account's copy goes out (its own queue slot, or the post's time). */
    scheduledAt: text('scheduled_at'),
  },
  (t) => [
    index('post_targets_post').on(t.postId),
    index('post_targets_account_state').on(t.accountId, t.state),
    index('post_targets_account_scheduled').on(t.accountId, t.scheduledAt),
  ],
);

/** An account's weekly posting slots: wall-clock times in the account's queue zone. */
export const queueSlots = sqliteTable(
  'queue_slots',
  {
    accountId: text('account_id').notNull(),
    weekday: integer('weekday').notNull(),
    time: text('time').notNull(),
    timeZone: text('time_zone').notNull(),
  },
  (t) => [index('queue_slots_account').on(t.accountId)],
);

/** The workspace's evergreen pool: posts re-queued on a cadence. */
export const evergreenPosts = sqliteTable('evergreen_posts', {
  postId: text('post_id')
    .primaryKey()
    .references(() => posts.id, { onDelete: 'cascade' }),
  addedAt: text('added_at').notNull(),
  lastQueuedAt: text('last_queued_at'),
});

/** Every try at publishing a target, with how it ended: the history the user sees. */
export const publishAttempts = sqliteTable(
  'publish_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    targetId: text('target_id')
      .notNull()
      .references(() => postTargets.id, { onDelete: 'cascade' }),
    startedAt: text('started_at').notNull(),
    endedAt: text('ended_at'),
    /** published | failed | retry | unknown | needs_attention */
    outcome: text('outcome'),
    errorName: text('error_name'),
    errorMessage: text('error_message'),
  },
  (t) => [index('publish_attempts_target').on(t.targetId)],
);

/**
 * Everything that runs later or takes long (DESIGN.md §4). A job is leased by one worker at a
 * time; a lease that expires (a crashed worker) makes the job runnable again.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    payload: text('payload').notNull(),
    runAt: text('run_at').notNull(),
    /** queued | running | succeeded | failed | cancelled | needs_attention */
    state: text('state').notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: text('lease_expires_at'),
    progress: integer('progress'),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    lastErrorName: text('last_error_name'),
    lastErrorMessage: text('last_error_message'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    /**
     * The job's concurrency key as its kind names it when enqueued (one publish per account at a
     * time): a claim skips the due jobs of busy keys in SQL, without reading them. Null for a
     * kind without one, and for jobs added before this column (the claim checks those in full).
     */
    concurrencyKey: text('concurrency_key'),
  },
  // A claim reads due jobs in this order, skipping busy keys, from the index alone.
  (t) => [index('jobs_due').on(t.state, t.runAt, t.createdAt, t.concurrencyKey)],
);

/**
 * The workspace's media library: one row per distinct file content. The file itself lives at
 * `storedPath` (relative to the workspace folder), named by its sha256, never by the user's name.
 */
export const mediaItems = sqliteTable('media_items', {
  id: text('id').primaryKey(),
  /** image | video | audio, decided by probing the content. */
  kind: text('kind').notNull(),
  sha256: text('sha256').notNull().unique(),
  /** The original file name, sanitised, for display only. */
  fileName: text('file_name').notNull(),
  storedPath: text('stored_path').notNull(),
  mimeType: text('mime_type').notNull(),
  bytes: integer('bytes').notNull(),
  width: integer('width'),
  height: integer('height'),
  durationSeconds: real('duration_seconds'),
  videoCodec: text('video_codec'),
  audioCodec: text('audio_codec'),
  frameRate: real('frame_rate'),
  /** Integrated loudness (EBU R128, LUFS) of the first audio stream; null when not measured (no sound, too long, silent, or ffmpeg failed). */
  loudnessLufs: real('loudness_lufs'),
  altText: text('alt_text'),
  /** JSON array of lower-case tags. */
  tags: text('tags').notNull().default('[]'),
  /** The preview picture, relative to the workspace folder (`media/thumbs/<sha256>.jpg|png`); null when none could be made. */
  thumbnailPath: text('thumbnail_path'),
  /** For a file a render made: that render's job id, its input item ids (JSON) and its request (JSON). */
  renderId: text('render_id'),
  sourceIds: text('source_ids'),
  renderRequest: text('render_request'),
  createdAt: text('created_at').notNull(),
});

/**
 * Caption files kept with a video, one per language, sent beside the video where a platform
 * takes a captions file (Bluesky). Stored as WebVTT written from the parsed cues.
 */
export const mediaCaptions = sqliteTable(
  'media_captions',
  {
    mediaId: text('media_id')
      .notNull()
      .references(() => mediaItems.id, { onDelete: 'cascade' }),
    /** A BCP 47 language tag, e.g. en or pt-BR. */
    lang: text('lang').notNull(),
    vtt: text('vtt').notNull(),
    cues: integer('cues').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.mediaId, t.lang] })],
);

/** What each render (a `media.render` job) made: the job table holds its state, this its result. */
export const mediaRenders = sqliteTable('media_renders', {
  /** The job's id. */
  id: text('id').primaryKey(),
  outputMediaId: text('output_media_id'),
  startedAt: text('started_at'),
  finishedAt: text('finished_at'),
});
export * from './ai';
export * from './analytics';
export * from './analytics-queries';
export * from './analytics-ai';
