import { useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { MediaItem as LibraryItem } from '../../../src-shared/domain';
import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { KindIcon } from '../media/MediaGrid';
import { itemFacts, KIND_LABELS } from '../media/media-words';
import { thumbnailUrl } from '../media/media-url';
import { guessMimeType, isLibrary, type Attachment } from './composer-logic';
import { useComposerMedia, useLibraryItems } from './composer-media';
import { LibraryPicker } from './LibraryPicker';

/** Attachments from the media library or by file path, each with its alt text. */
export function MediaEditor({ items, onChange, label }: { items: readonly Attachment[]; onChange: (items: Attachment[]) => void; label: string }) {
  const [picking, setPicking] = useState(false);
  const chooseRef = useRef<HTMLButtonElement>(null);
  const change = (index: number, patch: { path?: string; altText?: string }) =>
    onChange(
      items.map((item, i) => {
        if (i !== index) return item;
        if (isLibrary(item)) {
          const altText = patch.altText ?? item.altText;
          return { mediaId: item.mediaId, ...(altText ? { altText } : {}) };
        }
        const next = { ...item, ...patch };
        const mimeType = guessMimeType(next.path);
        const { mimeType: _old, altText, ...rest } = next;
        return { ...rest, ...(mimeType ? { mimeType } : {}), ...(altText ? { altText } : {}) };
      }),
    );
  const pick = (item: LibraryItem) => {
    onChange([...items, { mediaId: item.id, ...(item.altText ? { altText: item.altText } : {}) }]);
    setPicking(false);
  };
  return (
    <fieldset className="compose-media">
      <legend className="compose-section__subtitle">{label}</legend>
      {items.length === 0 ? <p className="muted">No images or video.</p> : null}
      <ol className="compose-media__list">
        {items.map((item, index) => (
          // Attachments have no id of their own; their position is what the user sees.
          <li key={index} className="compose-media__item">
            {isLibrary(item) ? (
              <LibraryAttachment mediaId={item.mediaId} position={index + 1} />
            ) : (
              <TextField
                label={`File ${index + 1}`}
                value={item.path}
                placeholder="/home/you/Pictures/launch.jpg"
                hint={item.path.trim() && !guessMimeType(item.path) ? 'PromoGPT cannot tell the type from this name; use .jpg, .png, .gif, .webp or .mp4.' : undefined}
                onChange={(event) => change(index, { path: event.target.value })}
              />
            )}
            <TextField
              label={`Alt text for file ${index + 1}`}
              value={item.altText ?? ''}
              placeholder="What the image shows, for people who cannot see it"
              onChange={(event) => change(index, { altText: event.target.value })}
            />
            <Button variant="ghost" onClick={() => onChange(items.filter((_, i) => i !== index))}>
              Remove file {index + 1}
            </Button>
          </li>
        ))}
      </ol>
      <div className="compose-media__add">
        <Button ref={chooseRef} onClick={() => setPicking(true)} disabled={items.length >= 20}>
          Choose from library…
        </Button>
        <Button variant="ghost" onClick={() => onChange([...items, { path: '' }])} disabled={items.length >= 20}>
          Add a file by path
        </Button>
      </div>
      <p className="field__hint">Library items are checked against each network’s size and length limits as you write; files by path when the post goes out.</p>
      {picking ? <LibraryPicker onPick={pick} onClose={() => setPicking(false)} returnFocusRef={chooseRef} /> : null}
    </fieldset>
  );
}

/** A library item in place of the path field: its thumbnail, name and facts. */
function LibraryAttachment({ mediaId, position }: { mediaId: string; position: number }) {
  const { workspaceId, attachments } = useComposerMedia();
  const item = useLibraryItems().get(mediaId);
  const missing = useStore(attachments, (s) => s.missing[mediaId]);
  return (
    <div className="compose-media__library" aria-label={`File ${position}`} role="group">
      <span className="compose-media__thumb">
        {item?.hasThumbnail ? <img src={thumbnailUrl(workspaceId, item.id)} alt="" /> : <KindIcon kind={item?.kind ?? 'image'} />}
      </span>
      <span className="compose-media__about">
        <span className="compose-media__name">{item ? item.fileName : missing ? 'Missing library item' : 'Loading…'}</span>
        {item ? (
          <span className="compose-media__facts">
            {KIND_LABELS[item.kind]} from the library · {itemFacts(item)}
          </span>
        ) : null}
        {missing ? <span className="field__error">{missing}</span> : null}
      </span>
    </div>
  );
}
