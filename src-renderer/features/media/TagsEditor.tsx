import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { MediaItem } from '../../../src-shared/domain';
import { useBusyAction } from '../../app/useBusyAction';
import { Button } from '../../components/Button';

/** The item's tags as chips: add one, remove one; each change is saved at once with media.setTags. */
export function TagsEditor({ item, onSave }: { item: MediaItem; onSave: (tags: string[]) => Promise<MediaItem> }) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const { busy: saving, error, run } = useBusyAction<'save'>();
  const busy = saving !== null;
  const save = (tags: string[]) => run('save', () => onSave(tags));

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const tag = draft.trim().toLowerCase();
    if (!tag) return;
    if (item.tags.includes(tag)) {
      setDraft('');
      return;
    }
    if (await save([...item.tags, tag])) setDraft('');
  };

  return (
    <div className="media-tags">
      <h3 className="media-detail__heading" id={`${id}-title`}>
        Tags
      </h3>
      {item.tags.length === 0 ? <p className="muted">No tags yet.</p> : null}
      <ul className="media-tags__list" aria-labelledby={`${id}-title`}>
        {item.tags.map((tag) => (
          <li key={tag} className="media-chip media-chip--removable">
            {tag}
            <button
              type="button"
              className="media-chip__remove"
              aria-label={`Remove tag ${tag}`}
              onClick={() => void save(item.tags.filter((t) => t !== tag))}
              disabled={busy}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form className="media-inline" onSubmit={(event) => void add(event)}>
        <div className="field">
          <label className="field__label" htmlFor={id}>
            New tag
          </label>
          <input
            id={id}
            className="field__input"
            value={draft}
            maxLength={60}
            placeholder="e.g. spring menu"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(event) => setDraft(event.target.value)}
          />
          {error ? (
            <p id={`${id}-error`} className="field__error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <Button type="submit" inactive={busy || !draft.trim()}>
          Add tag
        </Button>
      </form>
    </div>
  );
}
