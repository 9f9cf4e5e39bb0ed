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
