import { useWorkspaces } from '../../app/session-context';
import { MediaLibrary } from './MediaLibrary';

/** The workspace's pictures, video and audio, and the renders that make new ones from them. */
export function MediaPage() {
  const workspaceId = useWorkspaces((s) => s.currentId);
  if (!workspaceId) return null;
  return <MediaLibrary key={workspaceId} workspaceId={workspaceId} />;
}
