import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AccountsState } from '../store/accounts';
import type { AppInfoState } from '../store/app-info';
import type { ConnectionState } from '../store/connection';
import type { NoticesState } from '../store/notices';
import type { Session, StartupState } from '../store/session';
import type { SettingsState } from '../store/settings';
import type { WorkspacesState } from '../store/workspaces';

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a SessionProvider above it');
  return session;
}

export const useStartup = <T,>(select: (s: StartupState) => T): T => useStore(useSession().startup, select);
export const useSettings = <T,>(select: (s: SettingsState) => T): T => useStore(useSession().settings, select);
export const useWorkspaces = <T,>(select: (s: WorkspacesState) => T): T => useStore(useSession().workspaces, select);
export const useAppInfo = <T,>(select: (s: AppInfoState) => T): T => useStore(useSession().appInfo, select);
export const useConnection = <T,>(select: (s: ConnectionState) => T): T => useStore(useSession().connection, select);
export const useAccounts = <T,>(select: (s: AccountsState) => T): T => useStore(useSession().accounts, select);
export const useNotices = <T,>(select: (s: NoticesState) => T): T => useStore(useSession().notices, select);
