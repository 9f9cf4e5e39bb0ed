import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { Api } from '../api/client';
import { errorMessage } from '../api/error-message';
import type { StatusListener } from '../api/pick-transport';
import { createAccountsStore } from './accounts';
import type { AccountsStore } from './accounts';
import { createAppInfoStore } from './app-info';
import type { AppInfoStore } from './app-info';
import { createConnectionStore } from './connection';
import type { ConnectionStore } from './connection';
import { createNoticesStore } from './notices';
import type { NoticesStore } from './notices';
import { createSettingsStore } from './settings';
import type { SettingsStore } from './settings';
import { createWorkspacesStore } from './workspaces';
import type { WorkspacesStore } from './workspaces';

export interface StartupState {
  /** 'failed' when the first load could not reach the core or the core refused. */
  phase: 'loading' | 'ready' | 'failed';
  error: string | null;
}

/** Everything one window holds: the api and the stores fed by it. */
export interface Session {
  api: Api;
  startup: StoreApi<StartupState>;
  settings: SettingsStore;
  workspaces: WorkspacesStore;
  appInfo: AppInfoStore;
  connection: ConnectionStore;
  /** Accounts, developer apps and sign-ins of the workspace this window shows. */
  accounts: AccountsStore;
  notices: NoticesStore;
  /** Loads everything and follows pushed changes; returns the function that stops it. */
  start(): () => void;
  reload(): Promise<void>;
}

export function createSession(api: Api, onStatus?: (listener: StatusListener) => () => void): Session {
  const settings = createSettingsStore(api);
  const workspaces = createWorkspacesStore(api, settings);
  const appInfo = createAppInfoStore(api);
  const connection = createConnectionStore();
  const accounts = createAccountsStore(api);
  const notices = createNoticesStore();
  const startup = createStore<StartupState>()(() => ({ phase: 'loading', error: null }));

  const reload = async () => {
    try {
      // Settings first: the remembered workspace decides which one opens.
      await settings.getState().load();
      await Promise.all([workspaces.getState().load(), appInfo.getState().load()]);
      startup.setState({ phase: 'ready', error: null });
      // Not awaited: the Accounts page says itself when its lists could not be loaded.
      void accounts.getState().load(workspaces.getState().currentId);
      // Notices raised before this window opened (e.g. by the scheduler while it was closed).
      void api.call('notice.list', {}).then((list) => list.forEach((n) => notices.getState().received(n)), () => undefined);
    } catch (error) {
      if (startup.getState().phase !== 'ready') startup.setState({ phase: 'failed', error: errorMessage(error) });
    }
  };

  const start = () => {
    const stops = [
      api.on('workspaces.changed', (payload) => workspaces.getState().received(payload.workspaces)),
      api.on('settings.changed', (payload) => settings.getState().received(payload)),
      api.on('accounts.changed', (payload) => accounts.getState().received(payload)),
      api.on('account.connectFinished', (payload) => accounts.getState().finished(payload)),
      api.on('notice', (payload) => notices.getState().received(payload)),
      // Another workspace opened (switched, created, or the open one deleted): load its accounts.
      workspaces.subscribe((state, previous) => {
        if (state.currentId !== previous.currentId) void accounts.getState().load(state.currentId);
      }),
    ];
    if (onStatus) {
      stops.push(
        onStatus((connected) => {
          const wasDown = !connection.getState().connected;
          connection.setState({ connected });
          // Pushed changes made while the link was down were missed: fetch the truth again.
          if (connected && wasDown) void reload();
        }),
      );
    }
    void reload();
    return () => stops.forEach((stop) => stop());
  };

  return { api, startup, settings, workspaces, appInfo, connection, accounts, notices, start, reload };
}
