import { useEffect, useRef, useState } from 'react';
import type { MediaKind } from '../../../src-shared/domain';
import { Button } from '../../components/Button';
import type { MediaFilters } from '../../store/media';
import { NO_MEDIA_FILTERS } from '../../store/media';
import { KIND_FILTERS } from './media-words';
import { Segmented } from './Segmented';

/** The search box waits this long after the last key before asking the core. */
export const SEARCH_DEBOUNCE_MS = 300;

export interface FilterBarProps {
  filters: MediaFilters;
  knownTags: readonly string[];
  onChange: (patch: Partial<MediaFilters>) => void;
}

/** Kind, tag and a search over names, alt text and tags; the core does the filtering. */
export function FilterBar({ filters, knownTags, onChange }: FilterBarProps) {
  const [search, setSearch] = useState(filters.search);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const applied = filters.search;

  useEffect(() => {
    if (search === applied) return;
    const timer = setTimeout(() => onChangeRef.current({ search }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, applied]);

  const filtered = filters.kind !== null || filters.tag !== null || filters.search !== '';
  const tags = filters.tag && !knownTags.includes(filters.tag) ? [filters.tag, ...knownTags] : knownTags;

  return (
    <div className="media-filters" role="search" aria-label="Filter the library">
      <Segmented<MediaKind | ''>
        legend="Show"
        name="media-kind"
        value={filters.kind ?? ''}
        options={KIND_FILTERS}
        onChange={(kind) => onChange({ kind: kind || null })}
      />
      <label className="select-field">
        <span className="select-field__label">Tag</span>
        <select className="field__input" value={filters.tag ?? ''} onChange={(event) => onChange({ tag: event.target.value || null })}>
          <option value="">Any tag</option>
          {tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
      </label>
      <label className="select-field media-filters__search">
        <span className="select-field__label">Search</span>
        <input
          className="field__input"
          type="search"
          value={search}
          placeholder="Name, alt text or tag"
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') onChange({ search });
          }}
        />
      </label>
      {filtered ? (
        <Button
          variant="ghost"
          onClick={() => {
            setSearch('');
            onChange(NO_MEDIA_FILTERS);
          }}
        >
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}
