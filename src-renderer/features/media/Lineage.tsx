import { useEffect, useState } from 'react';
import type { MediaItem, MediaLineage } from '../../../src-shared/domain';
import { RENDER_KIND_LABELS, settingsText } from './media-words';

export interface LineageProps {
  lineage: MediaLineage;
  /** Items already at hand, by id. */
  known: ReadonlyMap<string, MediaItem>;
  fetch: (mediaId: string) => Promise<MediaItem>;
  onSelect: (mediaId: string) => void;
}

/** "Made from: a.jpg, b.jpg by Pictures to video with 9:16, 3 s per picture, …", or "… by an AI edit (…) with the prompt “…”". */
export function Lineage({ lineage, known, fetch, onSelect }: LineageProps) {
  const [names, setNames] = useState<ReadonlyMap<string, string | null>>(new Map());
  const ids = lineage.sourceIds.join(',');

  // Asked again each time: a source may have been removed since, and the list at hand may be filtered.
  useEffect(() => {
    let live = true;
    for (const id of new Set(ids.split(','))) {
      fetch(id).then(
        (item) => live && setNames((n) => new Map(n).set(id, item.fileName)),
        () => live && setNames((n) => new Map(n).set(id, null)),
      );
    }
    return () => {
      live = false;
    };
  }, [ids, fetch]);

  return (
    <p className="media-lineage">
      Made from:{' '}
      {lineage.sourceIds.map((id, index) => {
        const name = names.has(id) ? names.get(id) : known.get(id)?.fileName;
        return (
          <span key={`${id}-${index}`}>
            {index > 0 ? ', ' : ''}
            {name === null ? (
              <span className="muted">a file since removed</span>
            ) : (
              <button type="button" className="link-button" onClick={() => onSelect(id)}>
                {name ?? 'loading…'}
              </button>
            )}
          </span>
        );
      })}{' '}
      {lineage.request.kind === 'ai-edit' ? (
        <>
          by an <strong>AI edit</strong> ({lineage.request.providerName}, {lineage.request.model}
          {lineage.request.masked ? ', where the mask is transparent' : ''}) with the prompt “{lineage.request.prompt}”.
        </>
      ) : (
        <>
          by <strong>{RENDER_KIND_LABELS[lineage.request.kind]}</strong> with {settingsText(lineage.request)}.
        </>
      )}
    </p>
  );
}
