import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ConnectionBanner } from './ConnectionBanner';
import { NoticeStack } from './NoticeStack';
import { StartupScreen } from './StartupScreen';
import { Workbench } from './Workbench';
import { useSession, useStartup, useWorkspaces } from './session-context';
import { useTheme } from './useTheme';
import { WelcomePage } from '../features/workspaces/WelcomePage';
import { DeletionProofDialog } from '../features/backups/DeletionProofDialog';

export function App() {
  const session = useSession();
  useEffect(() => session.start(), [session]);
  useTheme();

  const phase = useStartup((s) => s.phase);
  const { loaded, current } = useWorkspaces(
    useShallow((s) => ({ loaded: s.loaded, current: s.workspaces.find((w) => w.id === s.currentId) })),
  );

  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          // The hash names the page, so move focus without touching it.
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <ConnectionBanner />
      {phase !== 'ready' || !loaded ? <StartupScreen /> : current ? <Workbench workspace={current} /> : <WelcomePage />}
      <NoticeStack />
      <DeletionProofDialog />
    </>
  );
}
