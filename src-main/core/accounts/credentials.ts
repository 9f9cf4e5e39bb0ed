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

const RECENT_MS = 2000;

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
   * Apps looked up in the last RECENT_MS (row and client secret), by workspace, platform and
   * instance: a Mastodon session carries its app's secret, so a burst of due posts would
   * otherwise read the row and ask the keychain once per post (as the token vault's cache spares
   * for the tokens). Forgotten when this process changes an app.
   */
  private readonly recent = new Map<string, { value: StoredCredential | undefined; at: number }>();

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
    const key = `${workspaceId}\n${platform}\n${instance}`;
    const hit = this.recent.get(key);
    if (hit && performance.now() - hit.at < RECENT_MS) return hit.value;
    const row = findCredential(this.deps.workspaces.db(workspaceId), platform, instance);
    const value = row
      ? { platform, instance, clientId: row.clientId, redirectPort: row.redirectPort, hasSecret: row.secretRef !== null, clientSecret: row.secretRef ? await this.deps.secrets.get(row.secretRef) : null }
      : undefined;
    this.recent.set(key, { value, at: performance.now() });
    return value;
  }

  async set(
    workspaceId: string,
    input: { platform: Platform; instance?: string; clientId: string; redirectPort?: number; clientSecret?: string },
  ): Promise<AppCredential> {
    const instance = input.instance ?? '';
    const secretRef = input.clientSecret ? secretKeys.clientSecret(workspaceId, input.platform, instance) : null;
    if (secretRef && input.clientSecret) await this.deps.secrets.set(secretRef, input.clientSecret);
    const db = this.deps.workspaces.db(workspaceId);
    const now = this.deps.clock.now().toISOString();
    const existing = this.rows(workspaceId).find((r) => r.platform === input.platform && r.instance === instance);
    db.write((orm) => {
      const fields = { clientId: input.clientId, redirectPort: input.redirectPort ?? null, secretRef: secretRef ?? existing?.secretRef ?? null, updatedAt: now };
      if (existing) orm.update(appCredentials).set(fields).where(eq(appCredentials.id, existing.id)).run();
      else orm.insert(appCredentials).values({ id: this.deps.ids('app'), platform: input.platform, instance, createdAt: now, ...fields }).run();
    });
    this.recent.clear();
    return { platform: input.platform, instance, clientId: input.clientId, redirectPort: input.redirectPort ?? null, hasSecret: (secretRef ?? existing?.secretRef) != null };
  }

  async remove(workspaceId: string, platform: Platform, instance = ''): Promise<boolean> {
    const row = this.rows(workspaceId).find((r) => r.platform === platform && r.instance === instance);
    if (!row) return false;
    if (row.secretRef) await this.deps.secrets.delete(row.secretRef);
    this.deps.workspaces
      .db(workspaceId)
      .write((orm) => orm.delete(appCredentials).where(and(eq(appCredentials.platform, platform), eq(appCredentials.instance, instance))).run());
    this.recent.clear();
    return true;
  }

  private rows(workspaceId: string) {
    return this.deps.workspaces.db(workspaceId).orm.select().from(appCredentials).all();
  }
}
