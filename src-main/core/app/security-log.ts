import { and, desc, eq, gte, type SQL } from 'drizzle-orm';
import type { SecurityEvent, SecurityEventKind, SecurityLogFilter } from '../../../src-shared/backups';
import { securityEvents } from '../db/schema/app';
import type { AppDb } from '../db/app-db';
import type { Clock } from '../platform/clock';
import { redactText } from '../platform/redact';

export type { SecurityEventKind } from '../../../src-shared/backups';

/** Appends to app.db's security log. `detail` is plain words: never a secret or a token. */
export function recordSecurityEvent(db: AppDb, clock: Clock, kind: SecurityEventKind, detail: string, workspaceId: string | null = null): void {
  // Callers write plain words; redaction is the second line of defence for error texts they pass on.
  const safe = redactText(detail).slice(0, 500);
  db.write((orm) => orm.insert(securityEvents).values({ at: clock.now().toISOString(), kind, workspaceId, detail: safe }).run());
}

/** Newest first, filtered by workspace, kind and time. */
export function listSecurityEvents(db: AppDb, filter: SecurityLogFilter = {}): SecurityEvent[] {
  const where: SQL[] = [];
  if (filter.workspaceId) where.push(eq(securityEvents.workspaceId, filter.workspaceId));
  if (filter.kind) where.push(eq(securityEvents.kind, filter.kind));
  if (filter.since) where.push(gte(securityEvents.at, new Date(filter.since).toISOString()));
  return db.orm
    .select()
    .from(securityEvents)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(securityEvents.at), desc(securityEvents.id))
    .limit(Math.min(filter.limit ?? 500, 5000))
    .all();
}

/** A recorder bound to one database and clock, for the services that report events. */
export type SecurityRecorder = (kind: SecurityEventKind, detail: string, workspaceId?: string | null) => void;

export function securityRecorder(db: AppDb, clock: Clock): SecurityRecorder {
  return (kind, detail, workspaceId = null) => recordSecurityEvent(db, clock, kind, detail, workspaceId);
}
