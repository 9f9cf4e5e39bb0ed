import type { z } from 'zod';
import { contract } from '../../../src-shared/contract';
import type { EventName, Events } from '../../../src-shared/contract';
import type { Account, AccountStatus, AppCredential, Notice } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { Platform } from '../../../src-shared/platforms/platform';
import { PLATFORM_NAMES } from '../../../src-shared/platforms/platform';
import { accountHealth } from '../../../src-main/core/accounts/health';

export interface AccountSeed {
  platform: Platform;
  handle: string;
  workspaceId?: string;
  displayName?: string | null;
  apiBase?: string;
  profileUrl?: string | null;
  status?: AccountStatus;
  statusReason?: string | null;
  tokenExpiresAt?: string | null;
  rateLimitedUntil?: string | null;
}

export type CredentialSeed = AppCredential & { workspaceId?: string };

const STAMP = '2025-01-01T00:00:00.000Z';
/** The core computes health against its clock; the fake's clock stands still here. */
const NOW = new Date('2025-01-01T12:00:00.000Z');
const API_BASE: Record<Platform, string> = { bluesky: 'https://bsky.social', mastodon: 'https://mastodon.social', x: 'https://api.x.com' };
const BAD_CREDENTIALS =
  'Bluesky did not accept that handle and app password. Check both; use an app password from Settings → App passwords, not your main password.';
/** What Bluesky app passwords look like; the fake accepts any of that shape. */
const APP_PASSWORD = /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/;

export const ACCOUNT_METHODS = new Set<string>([
  'account.list',
  'account.connectBluesky',
  'account.connectStart',
  'account.connectCancel',
  'account.check',
  'account.remove',
  'credentials.list',
  'credentials.set',
  'credentials.remove',
]);

/** The dispatcher's own check: the input parsed by the contract's zod schema, refused in its words. */
export function parseLikeTheCore(method: string, input: unknown): Record<string, unknown> {
  const schema = (contract as Record<string, { input: z.ZodType }>)[method]?.input;
  if (!schema) throw new AppError('ValidationError', `Unknown method '${method}'.`, { field: 'method' });
  const parsed = schema.safeParse(input === undefined ? {} : input);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const issues = parsed.error.issues.slice(0, 10).map((issue) => ({ field: issue.path.map(String).join('.') || 'input', message: issue.message }));
  const first = issues[0] ?? { field: 'input', message: 'is not valid' };
  throw new AppError('ValidationError', `${method}: ${first.field}: ${first.message}`, { issues });
}

function profileUrlFor(platform: Platform, handle: string, apiBase: string): string {
  const bare = handle.replace(/^@/, '').split('@')[0] ?? handle;
  if (platform === 'bluesky') return `https://bsky.app/profile/${bare}`;
  if (platform === 'x') return `https://x.com/${bare}`;
  return `${apiBase}/@${bare}`;
}

/**
 * Accounts, developer apps, browser sign-ins and notices, as src-main/core/accounts keeps them:
 * same method names, events, error names and wording.
 */
export function createFakeAccounts(deps: {
  emit: <E extends EventName>(event: E, payload: Events[E]) => void;
  /** Throws NotFound like the core when the workspace does not exist. */
  workspace: (id: unknown) => { id: string };
  accounts?: AccountSeed[];
  credentials?: CredentialSeed[];
}) {
  let nextAccount = 1;
  let nextAttempt = 1;
  let nextNotice = 1;
  const make = (workspaceId: string, seed: AccountSeed): Account => {
    const status = seed.status ?? 'connected';
    const apiBase = seed.apiBase ?? API_BASE[seed.platform];
    const row = {
      status,
      statusReason: seed.statusReason ?? null,
      tokenExpiresAt: seed.tokenExpiresAt ?? null,
      rateLimitedUntil: seed.rateLimitedUntil ?? null,
    };
    return {
      id: `acct-${nextAccount++}`,
      workspaceId,
      platform: seed.platform,
      handle: seed.handle,
      displayName: seed.displayName ?? null,
      profileUrl: seed.profileUrl === undefined ? profileUrlFor(seed.platform, seed.handle, apiBase) : seed.profileUrl,
      avatarUrl: null,
      apiBase,
      ...row,
      createdAt: STAMP,
      updatedAt: STAMP,
      health: accountHealth({ ...row, refreshes: seed.platform !== 'x' }, NOW),
    };
  };

  let accounts: Account[] = (deps.accounts ?? []).map((seed) => make(seed.workspaceId ?? 'ws-1', seed));
  let credentials: (AppCredential & { workspaceId: string })[] = (deps.credentials ?? []).map(({ workspaceId, ...c }) => ({ ...c, workspaceId: workspaceId ?? 'ws-1' }));
  const attempts = new Map<string, { workspaceId: string; platform: 'mastodon' | 'x'; apiBase: string }>();

  const listOf = (workspaceId: string) => accounts.filter((a) => a.workspaceId === workspaceId);
  const changed = (workspaceId: string) => deps.emit('accounts.changed', { workspaceId, accounts: listOf(workspaceId) });
  const find = (workspaceId: string, accountId: unknown) => {
    const account = accounts.find((a) => a.workspaceId === workspaceId && a.id === accountId);
    if (!account) throw new AppError('NotFound', `There is no account ${String(accountId)} in this workspace. Run \`promogpt account list\` to see them.`);
    return account;
  };
  const credentialsOf = (workspaceId: string): AppCredential[] =>
    credentials.filter((c) => c.workspaceId === workspaceId).map(({ workspaceId: _w, ...c }) => c);
  const save = (account: Account) => {
    accounts = [...accounts.filter((a) => a.id !== account.id), account];
    changed(account.workspaceId);
    return account;
  };
  const update = (account: Account, fields: Partial<AccountSeed>) => {
    const next = make(account.workspaceId, { ...account, ...fields });
    return save({ ...next, id: account.id, createdAt: account.createdAt });
  };
  const notice = (level: Notice['level'], message: string, workspaceId: string | null): Notice => {
    const raised = { id: `notice-${nextNotice++}`, level, message, workspaceId, at: NOW.toISOString() };
    deps.emit('notice', raised);
    return raised;
  };

  const handlers: Record<string, (input: Record<string, unknown>) => unknown> = {
    'account.list': ({ workspaceId }) => listOf(deps.workspace(workspaceId).id),
    'account.connectBluesky': ({ workspaceId, service, identifier, appPassword }) => {
      const ws = deps.workspace(workspaceId).id;
      if (!APP_PASSWORD.test(String(appPassword))) throw new AppError('ValidationError', BAD_CREDENTIALS, { field: 'password', reason: 'invalid_credentials' });
      const handle = String(identifier);
      const same = accounts.find((a) => a.workspaceId === ws && a.platform === 'bluesky' && a.handle === handle);
      if (same) return update(same, { status: 'connected', statusReason: null });
      return save(make(ws, { platform: 'bluesky', handle, apiBase: (service as string | undefined) ?? API_BASE.bluesky }));
    },
    'account.connectStart': ({ workspaceId, platform, instanceUrl }) => {
      const ws = deps.workspace(workspaceId).id;
      const attemptId = `attempt-${nextAttempt++}`;
      if (platform === 'mastodon') {
        if (!instanceUrl) throw new AppError('ValidationError', 'Enter your Mastodon instance, e.g. https://mastodon.social.');
        const origin = new URL(String(instanceUrl)).origin;
        if (!credentials.some((c) => c.workspaceId === ws && c.platform === 'mastodon' && c.instance === origin)) {
          credentials = [...credentials, { workspaceId: ws, platform: 'mastodon', instance: origin, clientId: `mastodon-client-${nextAttempt}`, redirectPort: 49152, hasSecret: true }];
        }
        attempts.set(attemptId, { workspaceId: ws, platform: 'mastodon', apiBase: origin });
        const redirectUri = 'http://127.0.0.1:49152/callback';
        return { attemptId, redirectUri, authorizationUrl: `${origin}/oauth/authorize?response_type=code&state=${attemptId}&redirect_uri=${encodeURIComponent(redirectUri)}` };
      }
      const app = credentials.find((c) => c.workspaceId === ws && c.platform === 'x' && c.instance === '');
      if (!app?.redirectPort) {
        throw new AppError('ValidationError', "X needs your own developer app: add its client id and callback port in Settings → Developer apps (or `promogpt credentials set x …`).");
      }
      attempts.set(attemptId, { workspaceId: ws, platform: 'x', apiBase: API_BASE.x });
      const redirectUri = `http://127.0.0.1:${app.redirectPort}/callback`;
      return { attemptId, redirectUri, authorizationUrl: `https://x.com/i/oauth2/authorize?client_id=${app.clientId}&state=${attemptId}` };
    },
    'account.connectCancel': ({ attemptId }) => ({ cancelled: attempts.delete(String(attemptId)) }),
    'account.check': ({ workspaceId, accountId }) => find(deps.workspace(workspaceId).id, accountId),
    'account.remove': ({ workspaceId, accountId, deleteHistory }) => {
      const account = find(deps.workspace(workspaceId).id, accountId);
      if (deleteHistory) {
        accounts = accounts.filter((a) => a.id !== account.id);
        changed(account.workspaceId);
      } else {
        update(account, { status: 'disconnected', statusReason: null, rateLimitedUntil: null });
      }
      return { removed: account.id, revoked: account.status !== 'disconnected' };
    },
    'credentials.list': ({ workspaceId }) => credentialsOf(deps.workspace(workspaceId).id),
    'credentials.set': ({ workspaceId, platform, clientId, redirectPort, clientSecret }) => {
      const ws = deps.workspace(workspaceId).id;
      const existing = credentials.find((c) => c.workspaceId === ws && c.platform === platform && c.instance === '');
      const saved: AppCredential = {
        platform: platform as Platform,
        instance: '',
        clientId: String(clientId),
        redirectPort: (redirectPort as number | undefined) ?? null,
        hasSecret: Boolean(clientSecret) || (existing?.hasSecret ?? false),
      };
      credentials = [...credentials.filter((c) => c !== existing), { ...saved, workspaceId: ws }];
      return saved;
    },
    'credentials.remove': ({ workspaceId, platform }) => {
      const ws = deps.workspace(workspaceId).id;
      const before = credentials.length;
      credentials = credentials.filter((c) => !(c.workspaceId === ws && c.platform === platform && c.instance === ''));
      return { removed: credentials.length < before };
    },
  };

  return {
    handlers,
    accountsOf: listOf,
    credentialsOf,
    /** The user approved (or declined) in the browser: the core ends the attempt and says so. */
    finishSignIn(attemptId: string, outcome: { handle: string; displayName?: string } | { error: { name: string; message: string } }) {
      const attempt = attempts.get(attemptId);
      if (!attempt) throw new Error(`No sign-in ${attemptId} is waiting`);
      attempts.delete(attemptId);
      if ('error' in outcome) {
        deps.emit('account.connectFinished', { attemptId, workspaceId: attempt.workspaceId, error: outcome.error });
        return undefined;
      }
      const account = save(make(attempt.workspaceId, { platform: attempt.platform, apiBase: attempt.apiBase, ...outcome }));
      deps.emit('account.connectFinished', { attemptId, workspaceId: attempt.workspaceId, account });
      return account;
    },
    /** What Accounts.markNeedsReconnect does when a platform stops accepting a sign-in. */
    needsReconnect(accountId: string, reason: string) {
      const account = accounts.find((a) => a.id === accountId);
      if (!account) throw new Error(`No account ${accountId}`);
      update(account, { status: 'needs_reconnect', statusReason: reason });
      return notice('problem', `${PLATFORM_NAMES[account.platform]} account ${account.handle} needs to be reconnected: ${reason}.`, account.workspaceId);
    },
    notice,
    get pendingSignIns() {
      return [...attempts.keys()];
    },
  };
}
