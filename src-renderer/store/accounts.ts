import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { Events } from '../../src-shared/contract';
import type { Account, AppCredential } from '../../src-shared/domain';
import type { Platform } from '../../src-shared/platforms/platform';
import type { Api } from '../api/client';
import { errorMessage } from '../api/error-message';

export type BrowserPlatform = 'mastodon' | 'x';

/** A sign-in that goes through the user's browser: waiting for approval, then its outcome. */
export interface SignIn {
  attemptId: string;
  workspaceId: string;
  platform: BrowserPlatform;
  authorizationUrl: string;
  status: 'waiting' | 'connected' | 'failed';
  account?: Account;
  /** The core's own words for what went wrong. */
  error?: string;
}

export interface BlueskySignIn {
  service?: string;
  identifier: string;
  /** Passed straight to the core; never kept in this store. */
  appPassword: string;
}

export interface AccountsState {
  /** The workspace the lists below belong to. */
  workspaceId: string | null;
  loaded: boolean;
  /** Why the last load failed, in the core's words. */
  error: string | null;
  accounts: Account[];
  credentials: AppCredential[];
  /** Browser sign-ins of this window, across workspaces; the latest per workspace and platform. */
  signIns: SignIn[];
  load(workspaceId: string | null): Promise<void>;
  connectBluesky(workspaceId: string, input: BlueskySignIn): Promise<Account>;
  /** Asks the core for the sign-in page; the caller opens it in the browser. */
  connectStart(workspaceId: string, platform: BrowserPlatform, instanceUrl?: string): Promise<SignIn>;
  connectCancel(attemptId: string): Promise<void>;
  /** Forgets a finished sign-in once its outcome has been seen. */
  forgetSignIn(attemptId: string): void;
  check(workspaceId: string, accountId: string): Promise<Account>;
  remove(workspaceId: string, accountId: string, deleteHistory: boolean): Promise<{ removed: string; revoked: boolean }>;
  saveCredential(workspaceId: string, input: { platform: Platform; clientId: string; redirectPort?: number }): Promise<AppCredential>;
  removeCredential(workspaceId: string, platform: Platform): Promise<void>;
  /** Accounts as changed by the core (a sign-in, a failed refresh, another window). */
  received(payload: Events['accounts.changed']): void;
  finished(payload: Events['account.connectFinished']): void;
}

export type AccountsStore = StoreApi<AccountsState>;

const upsert = (accounts: Account[], account: Account) =>
  accounts.some((a) => a.id === account.id) ? accounts.map((a) => (a.id === account.id ? account : a)) : [...accounts, account];

const outcome = (payload: Events['account.connectFinished']): Pick<SignIn, 'status' | 'account' | 'error'> =>
  payload.account
    ? { status: 'connected', account: payload.account }
    : { status: 'failed', error: payload.error?.message ?? 'The sign-in did not finish. Start again.' };

export function createAccountsStore(api: Api): AccountsStore {
  let inFlight: { workspaceId: string; promise: Promise<void> } | null = null;
  // A finish that arrives before connectStart has answered (it should not, but events race replies).
  const early = new Map<string, Events['account.connectFinished']>();

  return createStore<AccountsState>()((set, get) => {
    const isCurrent = (workspaceId: string) => get().workspaceId === workspaceId;
    const keepAccount = (workspaceId: string, account: Account) => {
      if (isCurrent(workspaceId)) set({ accounts: upsert(get().accounts, account) });
    };

    return {
      workspaceId: null,
      loaded: false,
      error: null,
      accounts: [],
      credentials: [],
      signIns: [],

      load(workspaceId) {
        if (workspaceId && inFlight?.workspaceId === workspaceId) return inFlight.promise;
        if (workspaceId !== get().workspaceId) set({ workspaceId, loaded: false, error: null, accounts: [], credentials: [] });
        if (!workspaceId) {
          inFlight = null;
          set({ loaded: true });
          return Promise.resolve();
        }
        const promise = (async () => {
          try {
            const [accounts, credentials] = await Promise.all([
              api.call('account.list', { workspaceId }),
              api.call('credentials.list', { workspaceId }),
            ]);
            if (isCurrent(workspaceId)) set({ loaded: true, error: null, accounts, credentials });
          } catch (failure) {
            if (isCurrent(workspaceId)) set({ loaded: true, error: errorMessage(failure) });
          } finally {
            if (inFlight?.workspaceId === workspaceId) inFlight = null;
          }
        })();
        inFlight = { workspaceId, promise };
        return promise;
      },

      async connectBluesky(workspaceId, { service, identifier, appPassword }) {
        const account = await api.call('account.connectBluesky', { workspaceId, identifier, appPassword, ...(service ? { service } : {}) });
        keepAccount(workspaceId, account);
        return account;
      },

      async connectStart(workspaceId, platform, instanceUrl) {
        const attempt = await api.call('account.connectStart', { workspaceId, platform, ...(instanceUrl ? { instanceUrl } : {}) });
        const finishedAlready = early.get(attempt.attemptId);
        early.delete(attempt.attemptId);
        const signIn: SignIn = {
          attemptId: attempt.attemptId,
          workspaceId,
          platform,
          authorizationUrl: attempt.authorizationUrl,
          status: 'waiting',
          ...(finishedAlready ? outcome(finishedAlready) : {}),
        };
        const others = get().signIns.filter((s) => s.workspaceId !== workspaceId || s.platform !== platform);
        set({ signIns: [...others, signIn] });
        return signIn;
      },

      async connectCancel(attemptId) {
        await api.call('account.connectCancel', { attemptId });
        get().forgetSignIn(attemptId);
      },

      forgetSignIn(attemptId) {
        set({ signIns: get().signIns.filter((s) => s.attemptId !== attemptId) });
      },

      async check(workspaceId, accountId) {
        const account = await api.call('account.check', { workspaceId, accountId });
        keepAccount(workspaceId, account);
        return account;
      },

      async remove(workspaceId, accountId, deleteHistory) {
        const result = await api.call('account.remove', { workspaceId, accountId, deleteHistory });
        // The account stays listed as disconnected unless its history went too; accounts.changed brings that state.
        if (deleteHistory && isCurrent(workspaceId)) set({ accounts: get().accounts.filter((a) => a.id !== accountId) });
        return result;
      },

      async saveCredential(workspaceId, input) {
        const saved = await api.call('credentials.set', { workspaceId, ...input });
        if (isCurrent(workspaceId)) {
          const others = get().credentials.filter((c) => c.platform !== saved.platform || c.instance !== saved.instance);
          set({ credentials: [...others, saved] });
        }
        return saved;
      },

      async removeCredential(workspaceId, platform) {
        await api.call('credentials.remove', { workspaceId, platform });
        // credentials.remove takes no instance: it removes the app the user registered, not a Mastodon registration.
        if (isCurrent(workspaceId)) set({ credentials: get().credentials.filter((c) => c.platform !== platform || c.instance !== '') });
      },

      received({ workspaceId, accounts }) {
        if (isCurrent(workspaceId)) set({ accounts, loaded: true, error: null });
      },

      finished(payload) {
        if (payload.account) keepAccount(payload.workspaceId, payload.account);
        const known = get().signIns.some((s) => s.attemptId === payload.attemptId);
        if (!known) {
          early.set(payload.attemptId, payload);
          // Finishes of other windows' sign-ins land here too: keep only the last few.
          for (const key of early.keys()) if (early.size > 10) early.delete(key);
          return;
        }
        set({ signIns: get().signIns.map((s) => (s.attemptId === payload.attemptId ? { ...s, ...outcome(payload) } : s)) });
      },
    };
  });
}
