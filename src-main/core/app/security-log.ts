import { securityEvents } from '../db/schema/app';
import type { AppDb } from '../db/app-db';
import type { Clock } from '../platform/clock';

export type SecurityEventKind =
  | 'workspace.created'
  | 'workspace.deleted'
  | 'server.started'
  | 'server.refused'
  | 'workspace.exported' | 'workspace.imported';

/** Appends to app.db's security log. `detail` is plain words: never a secret or a token. */
export function recordSecurityEvent(db: AppDb, clock: Clock, kind: SecurityEventKind, detail: string, workspaceId: string | null = null): void {
  db.write((orm) => orm.insert(securityEvents).values({ at: clock.now().toISOString(), kind, workspaceId, detail }).run());
}
