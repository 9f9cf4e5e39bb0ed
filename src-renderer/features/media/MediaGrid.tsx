import type { MediaItem, MediaKind } from '../../../src-shared/domain';
import { itemFacts, KIND_LABELS } from './media-words';
import { thumbnailUrl } from './media-url';

export interface MediaGridProps {
  workspaceId: string;
  items: readonly MediaItem[];
  selectedId: string | null;
  onSelect: (item: MediaItem) => void;
}

/** The library as cards; each card is a button, so Tab reaches it and Enter opens it. */
export function MediaGrid({ workspaceId, items, selectedId, onSelect }: MediaGridProps) {
  return (
    <ul className="media-grid" aria-label="Library">
      {items.map((item) => (
        <li key={item.id}>
          <button
            type="button"
            className="media-card"
            aria-pressed={item.id === selectedId}
            aria-label={`${item.fileName}, ${KIND_LABELS[item.kind].toLowerCase()}, ${itemFacts(item)}${item.tags.length > 0 ? `, tags: ${item.tags.join(', ')}` : ''}`}
            onClick={() => onSelect(item)}
          >
            <span className="media-card__thumb">
              {item.hasThumbnail ? <img src={thumbnailUrl(workspaceId, item.id)} alt="" loading="lazy" /> : <KindIcon kind={item.kind} />}
            </span>
            <span className="media-card__name">{item.fileName}</span>
            <span className="media-card__facts">
              {KIND_LABELS[item.kind]} · {itemFacts(item)}
            </span>
            {item.tags.length > 0 ? (
              <span className="media-card__tags">
                {item.tags.map((tag) => (
                  <span key={tag} className="media-chip">
                    {tag}
                  </span>
                ))}
              </span>
            ) : null}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Stands in for a thumbnail the core has not made. */
export function KindIcon({ kind }: { kind: MediaKind }) {
  return (
    <svg className="media-kind-icon" viewBox="0 0 24 24" width="40" height="40" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true" focusable="false">
      {kind === 'image' ? (
        <>
          <rect x="3" y="4" width="18" height="16" rx="2" />
          <circle cx="9" cy="10" r="2" />
          <path d="m21 16-5-5-9 9" />
        </>
      ) : null}
      {kind === 'video' ? (
        <>
          <rect x="3" y="5" width="14" height="14" rx="2" />
          <path d="m17 10 4-2v8l-4-2" />
        </>
      ) : null}
      {kind === 'audio' ? (
        <>
          <path d="M9 18V6l11-2v12" />
          <circle cx="6" cy="18" r="3" />
          <circle cx="17" cy="16" r="3" />
        </>
      ) : null}
    </svg>
  );
}
