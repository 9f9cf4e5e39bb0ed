import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/** The registry of workspaces; each one's data lives in its own folder and database. */
export const workspaces = sqliteTable('workspaces', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** App-wide settings as JSON values by key. */
export const appSettings = sqliteTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** What happened that matters for security: workspaces created or deleted, refused connections. */
export const securityEvents = sqliteTable(
  'security_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    kind: text('kind').notNull(),
    workspaceId: text('workspace_id'),
    detail: text('detail').notNull(),
  },
  (t) => [index('security_events_at').on(t.at)],
);
