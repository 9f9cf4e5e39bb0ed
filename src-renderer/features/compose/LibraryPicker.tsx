import { useEffect, useState } from 'react';
import type { RefObject } from 'react';
import { useStore } from 'zustand';
import type { MediaItem as LibraryItem } from '../../../src-shared/domain';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/TextField';
import { MediaGrid } from '../media/MediaGrid';
import { Segmented } from '../media/Segmented';
import { useComposerMedia } from './composer-media';

type KindFilter = 'all' | 'image' | 'video';
const KIND_OPTIONS: readonly { value: KindFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'image', label: 'Pictures' },
  { value: 'video', label: 'Video' },
];

/** Pictures and video of the library to attach (audio cannot be posted); Enter or a click picks one. */
export function LibraryPicker({ onPick, onClose, returnFocusRef }: { onPick: (item: LibraryItem) => void; onClose: () => void; returnFocusRef?: RefObject<HTMLElement | null> }) {
  const { workspaceId, media } = useComposerMedia();
  const [kind, setKind] = useState<KindFilter>('all');
  const [search, setSearch] = useState('');
  const byId = useStore(media, (s) => s.byId);
  const loading = useStore(media, (s) => s.loading);
  const error = useStore(media, (s) => s.error);

  // The whole library, fresh: filtering happens here, as the user types.
  useEffect(() => {
    void media.getState().setFilters({ kind: null, tag: null, search: '' });
  }, [media]);

  const words = search.trim().toLowerCase();
  const shown = [...byId.values()]
    .filter((item) => item.kind !== 'audio' && (kind === 'all' || item.kind === kind))
    .filter((item) => !words || [item.fileName, item.altText ?? '', ...item.tags].some((text) => text.toLowerCase().includes(words)))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <Dialog title="Choose from the library" onClose={onClose} {...(returnFocusRef ? { returnFocusRef } : {})}>
      <div className="library-picker">
        <div className="library-picker__filters">
          <Segmented legend="Show" name="library-kind" value={kind} options={KIND_OPTIONS} onChange={setKind} />
          <TextField label="Search" type="search" value={search} placeholder="Name, alt text or tag" data-autofocus onChange={(event) => setSearch(event.target.value)} />
        </div>
        {error ? <p className="inline-message inline-message--error">{error}</p> : null}
        {shown.length === 0 ? (
          <p className="muted">{loading ? 'Loading the library…' : byId.size === 0 ? 'The library is empty: add files on the Media page.' : 'Nothing in the library matches.'}</p>
        ) : (
          <MediaGrid workspaceId={workspaceId} items={shown} selectedId={null} onSelect={onPick} />
        )}
        <div className="library-picker__actions">
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </Dialog>
  );
}
