import { eq } from 'drizzle-orm';
import type { Account } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { PLATFORM_NAMES, type Platform } from '../../../src-shared/platforms/platform';
import { accounts, postTargets } from '../db/schema/workspace';
import type { Connector, Session, TokenSet } from '../connectors/types';
import type { EventBus } from '../events';
import type { Clock } from '../platform/clock';
import type { IdGenerator } from '../platform/ids';
import { createLogger } from '../platform/logger';
import { redactText } from '../platform/redact';
import type { SecretStore } from '../platform/secrets';
import type { SecurityRecorder } from '../app/security-log';
import type { Workspaces } from '../workspace/workspaces';
import { findRow, findSameUser, sessionShape, toAccount, type AccountRow } from './account-rows';
import type { Notices } from './notices';
import { secretKeys } from './secret-keys';

const log = createLogger('accounts');

/** Extras are stored in SQLite: anything secret-named is dropped, whatever a connector put there. */
function storableExtras(extras: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(extras).filter(([k]) => !/secret|token|password/i.test(k)));
}

/** Where tokens live and how they stay fresh (the OAuth engine's token manager). */
export interface TokenVault {
  save(key: string, tokens: TokenSet): Promise<void>;
  /** Fresh tokens: refreshed first when most of their lifetime has passed. */
  get(key: string): Promise<TokenSet>;
  forceRefresh(key: string): Promise<TokenSet>;
  delete(key: string): Promise<void>;
}

export interface AccountsDeps {
  workspaces: Workspaces;
  secrets: SecretStore;
  vault: TokenVault;
  clock: Clock;
  ids: IdGenerator;
  events: EventBus;
  notices: Notices;
  connector(platform: Platform): Connector;
  /** Secret extras a platform call needs at run time and that are never stored with the account (Mastodon's app secret). */
  runtimeExtras?(workspaceId: string, row: AccountRow): Promise<Record<string, string>>;
  /** The security log: connections, disconnections and failed refreshes are recorded there. */
  security?: SecurityRecorder;
}

/** Connected accounts of every workspace: connecting, health, sessions for publishing, removal. */
export class Accounts {
  constructor(private readonly deps: AccountsDeps) {}

  list(workspaceId: string): Account[] {
    const db = this.deps.workspaces.db(workspaceId);
    const now = this.deps.clock.now();
    return db.orm
      .select()
      .from(accounts)
      .orderBy(accounts.platform, accounts.handle)
      .all()
      .map((r) => toAccount(r, workspaceId, now));
  }

  get(workspaceId: string, accountId: string): Account {
    return toAccount(this.row(workspaceId, accountId), workspaceId, this.deps.clock.now());
  }

  /**
   * Saves a freshly signed-in session: a new account, or the same platform user reconnected.
   * Tokens go to the keychain first, so a row never points at a secret that is not there.
   */
  async saveConnected(workspaceId: string, platform: Platform, session: Session): Promise<Account> {
    const db = this.deps.workspaces.db(workspaceId);
    const existing = findSameUser(db, platform, session.apiBase, session.identity.platformUserId);
    const id = existing?.id ?? this.deps.ids('acct');
    const key = secretKeys.accountTokens(workspaceId, id);
    await this.deps.vault.save(key, session.tokens);
    const now = this.deps.clock.now().toISOString();
    const fields = {
      handle: session.identity.handle,
      displayName: session.identity.displayName ?? null,
      profileUrl: session.identity.profileUrl ?? null,
      avatarUrl: session.identity.avatarUrl ?? null,
      extras: JSON.stringify(storableExtras(session.extras)),
      status: 'connected',
      statusReason: null,
      tokenExpiresAt: session.tokens.refreshExpiresAt ?? null,
      rateLimitedUntil: null,
      secretRef: key,
      updatedAt: now,
    };
    db.write((orm) => {
      if (existing) orm.update(accounts).set(fields).where(eq(accounts.id, id)).run();
      else orm.insert(accounts).values({ id, platform, platformUserId: session.identity.platformUserId, apiBase: session.apiBase, createdAt: now, ...fields }).run();
    });
    log.info(existing ? 'account reconnected' : 'account connected', { workspaceId, accountId: id, platform });
    this.deps.security?.(existing ? 'account.reconnected' : 'account.connected', `${PLATFORM_NAMES[platform]} account ${session.identity.handle} (${id}) ${existing ? 'reconnected' : 'connected'}`, workspaceId);
    this.changed(workspaceId);
    return this.get(workspaceId, id);
  }

  /** The session to act with, tokens fresh from the keychain (refreshed when due). */
  async session(workspaceId: string, accountId: string): Promise<Session> {
    return this.sessionOf(workspaceId, this.row(workspaceId, accountId));
  }

  private async sessionOf(workspaceId: string, row: AccountRow): Promise<Session> {
    if (row.status === 'disconnected' || !row.secretRef) {
      throw new AppError('AuthExpired', `${PLATFORM_NAMES[row.platform as Platform]} account ${row.handle} is disconnected. Reconnect it on the Accounts page.`);
    }
    if (row.status === 'needs_reconnect') {
      throw new AppError('AuthExpired', `${PLATFORM_NAMES[row.platform as Platform]} account ${row.handle} needs to be reconnected: ${row.statusReason ?? 'its sign-in is no longer accepted'}.`);
    }
    return this.withRuntimeExtras(workspaceId, row, await this.deps.vault.get(row.secretRef));
  }

  private async withRuntimeExtras(workspaceId: string, row: AccountRow, tokens: TokenSet): Promise<Session> {
    const shape = sessionShape(row);
    const extra = this.deps.runtimeExtras ? await this.deps.runtimeExtras(workspaceId, row) : {};
    return { ...shape, extras: { ...shape.extras, ...extra }, tokens };
  }

  /**
   * Runs a platform call for an account: on AuthExpired refreshes once and retries; a second
   * failure, or a refresh the platform refuses, marks the account "needs reconnect".
   */
  async withSession<T>(workspaceId: string, accountId: string, fn: (session: Session, connector: Connector) => Promise<T>, known?: AccountRow): Promise<T> {
    // `known`: the caller read the row a moment ago (a publish, as its job was claimed).
    const row = known?.id === accountId ? known : this.row(workspaceId, accountId);
    const connector = this.deps.connector(row.platform as Platform);
    try {
      return await fn(await this.sessionOf(workspaceId, row), connector);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.name === 'RateLimited') this.markRateLimited(workspaceId, accountId, error.details?.resetAt as string | undefined);
      if (error.name !== 'AuthExpired' || !row.secretRef || row.status !== 'connected') throw error;
      const tokens = await this.deps.vault.forceRefresh(row.secretRef);
      try {
        return await fn(await this.withRuntimeExtras(workspaceId, row, tokens), connector);
      } catch (again) {
        if (again instanceof AppError && again.name === 'AuthExpired') this.markNeedsReconnect(workspaceId, accountId, 'the platform refused its sign-in even after a refresh');
        throw again;
      }
    }
  }

  /** Verifies the account with the platform now (refreshing if due) and updates its health. */
  async check(workspaceId: string, accountId: string): Promise<Account> {
    try {
      await this.withSession(workspaceId, accountId, (session, connector) => connector.fetchAccountMetrics(session));
      const row = this.row(workspaceId, accountId);
      if (row.rateLimitedUntil) this.update(workspaceId, accountId, { rateLimitedUntil: null });
    } catch (error) {
      if (!(error instanceof AppError) || !['AuthExpired', 'RateLimited', 'Transient', 'PermissionDenied'].includes(error.name)) throw error;
    }
    return this.get(workspaceId, accountId);
  }

  markNeedsReconnect(workspaceId: string, accountId: string, reason: string): void {
    const row = this.row(workspaceId, accountId);
    if (row.status === 'needs_reconnect') return;
    this.update(workspaceId, accountId, { status: 'needs_reconnect', statusReason: reason });
    this.deps.notices.raise('problem', `${PLATFORM_NAMES[row.platform as Platform]} account ${row.handle} needs to be reconnected: ${reason}.`, workspaceId);
  }

  markRateLimited(workspaceId: string, accountId: string, resetAt: string | undefined): void {
    const until = resetAt ?? new Date(this.deps.clock.now().getTime() + 15 * 60_000).toISOString();
    const row = this.row(workspaceId, accountId);
    this.update(workspaceId, accountId, { rateLimitedUntil: until });
    this.deps.notices.raise('warning', `${PLATFORM_NAMES[row.platform as Platform]} is rate-limiting ${row.handle} until ${until.slice(0, 16).replace('T', ' ')} UTC.`, workspaceId);
  }

  /**
   * Disconnects: revokes at the platform where it can, deletes every keychain entry of the
   * account, and keeps its history (marked disconnected) unless asked to delete it too.
   */
  async remove(workspaceId: string, accountId: string, deleteHistory: boolean): Promise<{ removed: string; revoked: boolean; revokeError?: string }> {
    const row = this.row(workspaceId, accountId);
    let revoked = false;
    let revokeError: string | undefined;
    if (row.secretRef && row.status !== 'disconnected') {
      try {
        const session = await this.withRuntimeExtras(workspaceId, row, await this.deps.vault.get(row.secretRef));
        revoked = await this.deps.connector(row.platform as Platform).revoke(session);
      } catch (error) {
        // Disconnecting must work even when the platform is unreachable or the token is dead.
        log.warn('revoke failed', { accountId, error });
        revokeError = redactText(error instanceof Error ? error.message : String(error)).slice(0, 300);
      }
    }
    for (const key of await this.deps.secrets.keys(secretKeys.accountPrefix(workspaceId, accountId))) await this.deps.secrets.delete(key);
    if (row.secretRef) await this.deps.vault.delete(row.secretRef);
    const db = this.deps.workspaces.db(workspaceId);
    if (deleteHistory) {
      db.write((orm) => {
        // Its publishing history goes with it; posts still meant for other accounts stay.
        orm.delete(postTargets).where(eq(postTargets.accountId, accountId)).run();
        orm.delete(accounts).where(eq(accounts.id, accountId)).run();
      });
    }
    else this.update(workspaceId, accountId, { status: 'disconnected', statusReason: null, secretRef: null, rateLimitedUntil: null });
    log.info('account removed', { workspaceId, accountId, deleteHistory, revoked });
    const name = `${PLATFORM_NAMES[row.platform as Platform]} account ${row.handle} (${accountId})`;
    const how = revoked ? 'its access was revoked at the platform' : revokeError ? `revoking its access at the platform failed: ${revokeError}` : 'the platform offers no revoke';
    this.deps.security?.('account.disconnected', `${name} disconnected; ${how}`, workspaceId);
    if (revokeError) this.deps.security?.('account.revokeFailed', `${name}: ${revokeError}`, workspaceId);
    this.changed(workspaceId);
    return { removed: accountId, revoked, ...(revokeError ? { revokeError } : {}) };
  }

  /** The token vault's refresh: through the platform's connector, for the account the key names. */
  async refreshTokens(key: string, current: TokenSet): Promise<TokenSet> {
    const { workspaceId, row } = this.byKey(key);
    const session = await this.withRuntimeExtras(workspaceId, row, current);
    return (await this.deps.connector(row.platform as Platform).refresh(session)).tokens;
  }

  /** The token vault found a sign-in dead. */
  signInDead(key: string, reason: string): void {
    const { workspaceId, row } = this.byKey(key);
    this.markNeedsReconnect(workspaceId, row.id, reason === 'invalid_grant' ? 'its sign-in expired or was revoked' : reason);
    this.deps.security?.('account.refreshFailed', `${PLATFORM_NAMES[row.platform as Platform]} account ${row.handle} (${row.id}): refreshing its sign-in failed (${redactText(reason).slice(0, 200)})`, workspaceId);
  }

  private byKey(key: string): { row: AccountRow; workspaceId: string } {
    const [workspaceId, accountId] = key.split('/');
    if (!workspaceId || !accountId) throw new AppError('NotFound', 'Unknown account key.');
    return { row: this.row(workspaceId, accountId), workspaceId };
  }

  private row(workspaceId: string, accountId: string): AccountRow {
    const row = findRow(this.deps.workspaces.db(workspaceId), accountId);
    if (!row) throw new AppError('NotFound', `There is no account ${accountId} in this workspace. Run \`promogpt account list\` to see them.`);
    return row;
  }

  private update(workspaceId: string, accountId: string, fields: Partial<AccountRow>): void {
    const db = this.deps.workspaces.db(workspaceId);
    db.write((orm) => orm.update(accounts).set({ ...fields, updatedAt: this.deps.clock.now().toISOString() }).where(eq(accounts.id, accountId)).run());
    this.changed(workspaceId);
  }

  private changed(workspaceId: string): void {
    this.deps.events.emit('accounts.changed', { workspaceId, accounts: this.list(workspaceId) });
  }
}
