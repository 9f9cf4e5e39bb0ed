import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

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
