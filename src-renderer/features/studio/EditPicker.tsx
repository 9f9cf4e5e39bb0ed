import { useEffect } from 'react';
import { useStore } from 'zustand';
import { SelectField } from '../../components/SelectField';
import type { StudioStore } from '../../store/studio';
import { mediaUrl, thumbnailUrl } from '../media/media-url';

export interface EditChoice {
  mediaId: string;
  maskMediaId: string;
}

/**
 * Which library picture to change, and optionally a mask: a PNG of the same size whose
 * transparent parts are redrawn. Only pictures that can be a mask for the chosen one are offered.
 */
export function EditPicker({ store, workspaceId, value, onChange }: { store: StudioStore; workspaceId: string; value: EditChoice; onChange: (v: EditChoice) => void }) {
  const pictures = useStore(store, (s) => s.pictures);
  useEffect(() => {
    if (store.getState().pictures === null) void store.getState().loadPictures();
  }, [store]);

  if (pictures === null) return <p className="studio-note">Loading the library’s pictures…</p>;
  if (pictures.length === 0) {
    return (
      <p className="studio-note">
        The media library has no pictures yet. Add one in the <a href="#/media">media library</a>, then come back to edit it.
      </p>
    );
  }
  const source = pictures.find((p) => p.id === value.mediaId) ?? null;
  const masks = source ? pictures.filter((p) => p.id !== source.id && p.mimeType === 'image/png' && p.width === source.width && p.height === source.height) : [];
  const size = (p: { width: number | null; height: number | null }) => (p.width && p.height ? ` (${p.width} × ${p.height})` : '');

  return (
    <div className="studio-edit">
      <div className="studio-row">
        <SelectField
          label="Picture to edit"
          options={[{ value: '', label: 'Choose a picture…' }, ...pictures.map((p) => ({ value: p.id, label: `${p.fileName}${size(p)}` }))]}
          value={value.mediaId}
          onChange={(e) => onChange({ mediaId: e.target.value, maskMediaId: '' })}
        />
        <SelectField
          label="Mask (optional)"
          options={[{ value: '', label: 'No mask: the prompt decides' }, ...masks.map((p) => ({ value: p.id, label: p.fileName }))]}
          value={value.maskMediaId}
          onChange={(e) => onChange({ ...value, maskMediaId: e.target.value })}
          disabled={!source}
          hint={source ? (masks.length ? 'Transparent parts of the mask are redrawn.' : `No PNG of ${source.width} × ${source.height} in the library to use as a mask.`) : undefined}
        />
      </div>
      {source ? (
        <div className="studio-pictures">
          <img src={thumbnailUrl(workspaceId, source.id)} alt={`To edit: ${source.fileName}`} data-testid="studio-edit-source" />
          {/* The file itself, not its thumbnail: a thumbnail has no transparency to show. */}
          {value.maskMediaId ? <img src={mediaUrl(workspaceId, value.maskMediaId)} alt="The mask: transparent parts are redrawn" className="studio-mask" /> : null}
        </div>
      ) : null}
    </div>
  );
}
