import { useEffect, useState } from 'react';
import type { MediaItem, MediaKind } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';

/** Every item of one kind in the workspace, whatever the library's filters, for a form's pickers. */
export function useKindList(workspaceId: string, kind: MediaKind): { items: MediaItem[]; loading: boolean; error: string | null } {
  const { api } = useSession();
  const [state, setState] = useState<{ items: MediaItem[]; loading: boolean; error: string | null }>({ items: [], loading: true, error: null });
  useEffect(() => {
    let live = true;
    api.call('media.list', { workspaceId, kind }).then(
      (items) => live && setState({ items, loading: false, error: null }),
      (failure: unknown) => live && setState({ items: [], loading: false, error: errorMessage(failure) }),
    );
    return () => {
      live = false;
    };
  }, [api, workspaceId, kind]);
  return state;
}
