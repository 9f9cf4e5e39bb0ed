import { and, eq, sql } from 'drizzle-orm';
import type { Account, AccountStatus } from '../../../src-shared/domain';
import type { Platform } from '../../../src-shared/platforms/platform';
import type { WorkspaceDb } from '../db/app-db';
import { accounts } from '../db/schema/workspace';
import type { Session } from '../connectors/types';
import { limitOverridesOf } from '../publishing/validate';
import { accountHealth } from './health';

export type AccountRow = typeof accounts.$inferSelect;

/** Platforms whose tokens PromoGPT refreshes by itself, so an access-token expiry is not news. */
const REFRESHES: Record<Platform, boolean> = { bluesky: true, mastodon: true, x: true };

export function toAccount(row: AccountRow, workspaceId: string, now: Date): Account {
  const status = row.status as AccountStatus;
  const limits = limitOverridesOf(row.platform as Platform, row.extras);
  return {
    id: row.id,
    workspaceId,
    platform: row.platform as Platform,
    handle: row.handle,
    displayName: row.displayName,
    profileUrl: row.profileUrl,
    avatarUrl: row.avatarUrl,
    apiBase: row.apiBase,
    status,
    statusReason: row.statusReason,
    tokenExpiresAt: row.tokenExpiresAt,
    rateLimitedUntil: row.rateLimitedUntil,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    health: accountHealth({ ...row, status, refreshes: REFRESHES[row.platform as Platform] ?? false }, now),
    ...(limits ? { limits } : {}),
  };
}

// Prepared once per database: publishing reads an account's row for every post.
const byIdStatements = new WeakMap<WorkspaceDb, ReturnType<typeof prepareById>>();
const prepareById = (db: WorkspaceDb) => db.orm.select().from(accounts).where(eq(accounts.id, sql.placeholder('id'))).prepare();

export function findRow(db: WorkspaceDb, id: string): AccountRow | undefined {
  let byId = byIdStatements.get(db);
  if (!byId) byIdStatements.set(db, (byId = prepareById(db)));
  return byId.get({ id });
}

/** The same platform user on the same server is one account: reconnecting updates it. */
export function findSameUser(db: WorkspaceDb, platform: Platform, apiBase: string, platformUserId: string): AccountRow | undefined {
  return db.orm
    .select()
    .from(accounts)
    .where(and(eq(accounts.platform, platform), eq(accounts.apiBase, apiBase), eq(accounts.platformUserId, platformUserId)))
    .get();
}

/** A Session without tokens (the caller adds them from the keychain). */
export function sessionShape(row: AccountRow): Omit<Session, 'tokens'> {
  let extras: Record<string, string> = {};
  try {
    extras = JSON.parse(row.extras) as Record<string, string>;
  } catch {
    extras = {};
  }
  return {
    identity: {
      platformUserId: row.platformUserId,
      handle: row.handle,
      ...(row.displayName ? { displayName: row.displayName } : {}),
      ...(row.profileUrl ? { profileUrl: row.profileUrl } : {}),
      ...(row.avatarUrl ? { avatarUrl: row.avatarUrl } : {}),
    },
    apiBase: row.apiBase,
    extras,
  };
}
