import fs from 'node:fs';
import path from 'node:path';
import type { DeleteEverythingReport, DeletionCheck, DeletionReport, RevokeOutcome } from '../../../src-shared/backups';
import { AppError } from '../../../src-shared/errors';
import type { Accounts } from '../accounts/accounts';
import type { Credentials } from '../accounts/credentials';
import { secretKeys } from '../accounts/secret-keys';
import type { SecurityRecorder } from '../app/security-log';
import type { Backups } from '../backups/backups';
import type { AppDb } from '../db/app-db';
import { appSettings, securityEvents } from '../db/schema/app';
import { createLogger } from '../platform/logger';
import type { DataLayout } from '../platform/paths';
import { redactText } from '../platform/redact';
import type { SecretStore } from '../platform/secrets';
import type { Workspaces } from '../workspace/workspaces';

const log = createLogger('deletion');
export const DELETE_EVERYTHING_PHRASE = 'delete everything';

export interface DeletionDeps {
  workspaces: Workspaces;
  accounts: Accounts;
  credentials: Credentials;
  secrets: SecretStore;
  backups: Backups;
  layout: DataLayout;
  appDb: AppDb;
  security: SecurityRecorder;
  /** Keychain entries other domains keep for a workspace (AI provider keys). */
  hasOtherSecrets?: (workspaceId: string) => boolean;
}

const message = (error: unknown) => redactText(error instanceof Error ? error.message : String(error)).slice(0, 300);

/**
 * Complete deletion: a workspace's sign-ins revoked at the platforms where possible, its
 * keychain entries, database, media and backups removed, then a check that proves nothing of it
 * is left. A platform that cannot be reached does not stop the deletion; it is reported.
 */
export class Deletion {
  constructor(private readonly deps: DeletionDeps) {}

  async deleteWorkspace(id: string, confirmName: string): Promise<DeletionReport> {
    const { workspaces, accounts, credentials, secrets } = this.deps;
    const ws = workspaces.get(id);
    if (confirmName !== ws.name) {
      throw new AppError('ValidationError', `To delete workspace "${ws.name}", type its name exactly.`, { field: 'confirmName' });
    }
    workspaces.assertNotOpenElsewhere(id, 'delete it');
    // A damaged database cannot say which accounts it had: then the keychain is searched anyway.
    let owned: ReturnType<Accounts['list']> = [];
    let hasApps = false;
    let readable = true;
    try {
      owned = accounts.list(id);
      hasApps = credentials.list(id).length > 0 || (this.deps.hasOtherSecrets?.(id) ?? false);
    } catch (error) {
      readable = false;
      log.warn('workspace database unreadable while deleting', { id, error });
    }
    const needsKeychain = owned.length > 0 || hasApps || !readable;
    // Fails with KeychainUnavailable before anything is deleted: secrets are never orphaned.
    if (needsKeychain) await secrets.keys(secretKeys.workspacePrefix(id));

    const revoked: RevokeOutcome[] = [];
    for (const account of owned) {
      const base = { accountId: account.id, platform: account.platform, handle: account.handle };
      if (account.status === 'disconnected') {
        revoked.push({ ...base, result: 'already-disconnected' });
        continue;
      }
      try {
        const result = await accounts.remove(id, account.id, false);
        if (result.revokeError) revoked.push({ ...base, result: 'failed', error: result.revokeError });
        else revoked.push({ ...base, result: result.revoked ? 'revoked' : 'not-supported' });
      } catch (error) {
        revoked.push({ ...base, result: 'failed', error: message(error) });
      }
    }
    let keychainEntriesRemoved = 0;
    if (needsKeychain) {
      for (const key of await this.keysOf(id)) if (await secrets.delete(key)) keychainEntriesRemoved += 1;
    }
    const backupsRemoved = this.deps.backups.removeAll(id);
    const failed = revoked.filter((r) => r.result === 'failed').length;
    const done = `Workspace ${id} deleted: database, media, ${backupsRemoved} backup(s), ${keychainEntriesRemoved} keychain entr(ies); ${owned.length} account(s), ${failed} revoke failure(s).`;
    workspaces.delete(id, confirmName, done);
    const check = await this.check(id, needsKeychain);
    if (!check.clean) {
      this.deps.security('workspace.deleted', `Deletion check of workspace ${id} found leftovers: ${check.leftoverFiles.length} file(s), ${check.leftoverKeychainEntries.length} keychain entr(ies)${check.keychainChecked ? '' : '; the keychain could not be checked'}.`, id);
    }
    return { id, name: ws.name, revoked, keychainEntriesRemoved, backupsRemoved, check };
  }

  /** Every workspace, then the app's own settings, security log and keychain entries. */
  async deleteEverything(confirm: string): Promise<DeleteEverythingReport> {
    if (confirm !== DELETE_EVERYTHING_PHRASE) {
      throw new AppError('ValidationError', `To delete all of PromoGPT's data, type "${DELETE_EVERYTHING_PHRASE}" exactly.`, { field: 'confirm' });
    }
    const all = this.deps.workspaces.list();
    // Before anything is deleted: a workspace open elsewhere would stop the deletion halfway.
    for (const ws of all) this.deps.workspaces.assertNotOpenElsewhere(ws.id, 'delete everything');
    const reports: DeletionReport[] = [];
    for (const ws of all) reports.push(await this.deleteWorkspace(ws.id, ws.name));
    let appKeychainEntriesRemoved = 0;
    let keychainReachable = true;
    try {
      for (const key of await this.deps.secrets.keys('')) if (await this.deps.secrets.delete(key)) appKeychainEntriesRemoved += 1;
    } catch (error) {
      keychainReachable = false;
      log.warn('keychain unreachable while deleting everything', { error });
    }
    this.deps.appDb.write((orm) => {
      orm.delete(appSettings).run();
      orm.delete(securityEvents).run();
    });
    for (const dir of [path.join(this.deps.layout.root, 'backups'), this.deps.layout.logs]) fs.rmSync(dir, { recursive: true, force: true });
    const check = await this.checkEverything(keychainReachable);
    this.deps.security('everything.deleted', `All workspaces (${reports.length}), app settings and the earlier security log deleted; ${check.clean ? 'nothing remains' : 'some items remain (see the deletion check)'}`);
    return { workspaces: reports, appKeychainEntriesRemoved, check };
  }

  /** What of a workspace is still here: files or folders named by its id, keychain entries carrying it. */
  async check(id: string, ownedSecrets = true): Promise<DeletionCheck> {
    const { layout } = this.deps;
    const candidates = [layout.workspaceDir(id), path.join(layout.workspaces, `.deleting-${id}`), this.deps.backups.dirOf(id)];
    const leftoverFiles = candidates.filter((p) => fs.existsSync(p)).map((p) => path.relative(layout.root, p));
    let leftoverKeychainEntries: string[] = [];
    let keychainChecked = true;
    try {
      leftoverKeychainEntries = await this.keysOf(id);
    } catch {
      keychainChecked = false;
    }
    // An unreachable keychain proves nothing, unless the workspace never stored a secret there.
    const keychainClean = keychainChecked ? leftoverKeychainEntries.length === 0 : !ownedSecrets;
    return { clean: keychainClean && leftoverFiles.length === 0, leftoverFiles, leftoverKeychainEntries, keychainChecked };
  }

  private async checkEverything(keychainReachable: boolean): Promise<DeletionCheck> {
    const { layout } = this.deps;
    const kept = new Set(['app.db', 'app.db-wal', 'app.db-shm', 'workspaces']);
    const leftoverFiles = fs.readdirSync(layout.root).filter((n) => !kept.has(n));
    if (fs.existsSync(layout.workspaces)) leftoverFiles.push(...fs.readdirSync(layout.workspaces).map((n) => path.join('workspaces', n)));
    let leftoverKeychainEntries: string[] = [];
    let keychainChecked = keychainReachable;
    if (keychainReachable) {
      try {
        leftoverKeychainEntries = await this.deps.secrets.keys('');
      } catch {
        keychainChecked = false;
      }
    }
    return { clean: keychainChecked && leftoverFiles.length === 0 && leftoverKeychainEntries.length === 0, leftoverFiles, leftoverKeychainEntries, keychainChecked };
  }

  /** Keychain entries (names only) that carry the workspace's id anywhere in their name. */
  private async keysOf(id: string): Promise<string[]> {
    return (await this.deps.secrets.keys('')).filter((k) => k.includes(id));
  }
}
