import { and, eq, sql } from 'drizzle-orm';
import type { AppCredential } from '../../../src-shared/domain';
import type { Platform } from '../../../src-shared/platforms/platform';
import { appCredentials } from '../db/schema/workspace';
import type { Clock } from '../platform/clock';
import type { IdGenerator } from '../platform/ids';
import type { SecretStore } from '../platform/secrets';
import type { WorkspaceDb } from '../db/app-db';
import type { Workspaces } from '../workspace/workspaces';
import { secretKeys } from './secret-keys';

export interface StoredCredential extends AppCredential {
  clientSecret: string | null;
}

const SECRET_CACHE_MS = 2000;

// Prepared once per database: a Mastodon session looks its app up for every post.
const byPlatformStatements = new WeakMap<WorkspaceDb, ReturnType<typeof prepareByPlatform>>();
const prepareByPlatform = (db: WorkspaceDb) =>
  db.orm
    .select()
    .from(appCredentials)
    .where(and(eq(appCredentials.platform, sql.placeholder('platform')), eq(appCredentials.instance, sql.placeholder('instance'))))
    .prepare();

function findCredential(db: WorkspaceDb, platform: Platform, instance: string) {
  let byPlatform = byPlatformStatements.get(db);
  if (!byPlatform) byPlatformStatements.set(db, (byPlatform = prepareByPlatform(db)));
  return byPlatform.get({ platform, instance });
}

/**
 * Developer-app credentials per workspace and platform (and instance, for Mastodon). The
 * client id is ordinary data; a client secret goes to the keychain and never leaves the core.
 */
export class Credentials {
  /**
   * Client secrets read in the last SECRET_CACHE_MS, by keychain key: a Mastodon session carries
   * its app's secret, so a burst of due posts would otherwise ask the keychain once per post (as
   * the token vault's cache spares for the tokens). Dropped when this process changes one.
   */
  private readonly recentSecrets = new Map<string, { value: string | null; at: number }>();

  constructor(private readonly deps: { workspaces: Workspaces; secrets: SecretStore; clock: Clock; ids: IdGenerator }) {}

  list(workspaceId: string): AppCredential[] {
    return this.rows(workspaceId).map((r) => ({
      platform: r.platform as Platform,
      instance: r.instance,
      clientId: r.clientId,
      redirectPort: r.redirectPort,
      hasSecret: r.secretRef !== null,
    }));
  }

  /** With the secret, for the core's own use (token exchange). */
  async find(workspaceId: string, platform: Platform, instance = ''): Promise<StoredCredential | undefined> {
    const row = findCredential(this.deps.workspaces.db(workspaceId), platform, instance);
    if (!row) return undefined;
    const clientSecret = row.secretRef ? await this.secret(row.secretRef) : null;
    return { platform, instance, clientId: row.clientId, redirectPort: row.redirectPort, hasSecret: row.secretRef !== null, clientSecret };
  }

  async set(
    workspaceId: string,
    input: { platform: Platform; instance?: string; clientId: string; redirectPort?: number; clientSecret?: string },
  ): Promise<AppCredential> {
    const instance = input.instance ?? '';
    const secretRef = input.clientSecret ? secretKeys.clientSecret(workspaceId, input.platform, instance) : null;
    if (secretRef && input.clientSecret) {
      this.recentSecrets.delete(secretRef);
      await this.deps.secrets.set(secretRef, input.clientSecret);
    }
    const db = this.deps.workspaces.db(workspaceId);
    const now = this.deps.clock.now().toISOString();
    const existing = this.rows(workspaceId).find((r) => r.platform === input.platform && r.instance === instance);
    db.write((orm) => {
      const fields = { clientId: input.clientId, redirectPort: input.redirectPort ?? null, secretRef: secretRef ?? existing?.secretRef ?? null, updatedAt: now };
      if (existing) orm.update(appCredentials).set(fields).where(eq(appCredentials.id, existing.id)).run();
      else orm.insert(appCredentials).values({ id: this.deps.ids('app'), platform: input.platform, instance, createdAt: now, ...fields }).run();
    });
    return { platform: input.platform, instance, clientId: input.clientId, redirectPort: input.redirectPort ?? null, hasSecret: (secretRef ?? existing?.secretRef) != null };
  }

  async remove(workspaceId: string, platform: Platform, instance = ''): Promise<boolean> {
    const row = this.rows(workspaceId).find((r) => r.platform === platform && r.instance === instance);
    if (!row) return false;
    if (row.secretRef) {
      this.recentSecrets.delete(row.secretRef);
      await this.deps.secrets.delete(row.secretRef);
    }
    this.deps.workspaces
      .db(workspaceId)
      .write((orm) => orm.delete(appCredentials).where(and(eq(appCredentials.platform, platform), eq(appCredentials.instance, instance))).run());
    return true;
  }

  private async secret(key: string): Promise<string | null> {
    const hit = this.recentSecrets.get(key);
    if (hit && performance.now() - hit.at < SECRET_CACHE_MS) return hit.value;
    const value = await this.deps.secrets.get(key);
    this.recentSecrets.set(key, { value, at: performance.now() });
    return value;
  }

  private rows(workspaceId: string) {
    return this.deps.workspaces.db(workspaceId).orm.select().from(appCredentials).all();
  }
}
