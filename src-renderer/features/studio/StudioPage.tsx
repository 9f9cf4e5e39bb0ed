import '../../styles/studio.css';
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { useSession, useWorkspaces } from '../../app/session-context';
import { createStudioStore, type StudioStore } from '../../store/studio';
import { HistoryPanel } from './HistoryPanel';
import { ImagePanel } from './ImagePanel';
import { SpeechPanel } from './SpeechPanel';
import { VideoPanel } from './VideoPanel';
import { TextPanel } from './TextPanel';

/** Post text per platform, pictures for the library, and the history of both, from the workspace's AI provider. */
export function StudioPage() {
  const workspaceId = useWorkspaces((s) => s.currentId);
  if (!workspaceId) return null;
  return <Studio key={workspaceId} workspaceId={workspaceId} />;
}

function Studio({ workspaceId }: { workspaceId: string }) {
  const { api } = useSession();
  const store = useMemo(() => createStudioStore(api, workspaceId), [api, workspaceId]);
  useEffect(() => store.getState().start(), [store]);
  const loading = useStore(store, (s) => s.loading);
  const loadError = useStore(store, (s) => s.loadError);
  const providers = useStore(store, (s) => s.providers);
  const localOnly = useStore(store, (s) => s.settings?.localOnly ?? false);

  return (
    <div className="page studio-page">
      <h1 id="page-title" className="page-title" tabIndex={-1}>
        Studio
      </h1>
      {loadError ? <p className="studio-note studio-note--error">{loadError}</p> : null}
      {!loading && providers.length === 0 ? (
        <p className="studio-note">
          Studio needs an AI provider: OpenAI with your API key, or a server on this computer (Ollama, LM Studio, llama.cpp). Add one in{' '}
          <a href="#/settings/ai">Settings → AI</a>.
        </p>
      ) : null}
      {providers.length > 0 ? (
        <>
          <p className="studio-note">
            {localOnly ? 'This workspace is local-only: only providers on this computer are used.' : 'Texts, pictures, voiceovers and videos are kept in the history below.'}
          </p>
          <StudioPanels store={store} workspaceId={workspaceId} />
        </>
      ) : null}
    </div>
  );
}

function StudioPanels({ store, workspaceId }: { store: StudioStore; workspaceId: string }) {
  return (
    <div className="studio-grid">
      <TextPanel store={store} workspaceId={workspaceId} />
      <ImagePanel store={store} workspaceId={workspaceId} />
      <SpeechPanel store={store} workspaceId={workspaceId} />
      <VideoPanel store={store} />
      <HistoryPanel store={store} workspaceId={workspaceId} />
    </div>
  );
}
