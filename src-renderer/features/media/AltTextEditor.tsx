import { useId, useState } from 'react';
import type { MediaItem } from '../../../src-shared/domain';
import { useBusyAction } from '../../app/useBusyAction';
import { Button } from '../../components/Button';

/** What the picture or video shows, for people who cannot see it; saved with media.setAltText. */
export function AltTextEditor({ item, onSave }: { item: MediaItem; onSave: (altText: string) => Promise<MediaItem> }) {
  const id = useId();
  const saved = item.altText ?? '';
  const [text, setText] = useState(saved);
  const { busy: saving, error, run } = useBusyAction<'save'>();
  const busy = saving !== null;
  const [justSaved, setJustSaved] = useState(false);
  const dirty = text !== saved;

  const save = () =>
    run('save', async () => {
      const updated = await onSave(text.trim());
      setText(updated.altText ?? '');
      setJustSaved(true);
    });

  const status = error ? null : busy ? 'Saving…' : dirty ? 'Not saved yet.' : justSaved ? 'Saved.' : saved ? 'Saved.' : 'No alt text yet.';
  return (
    <div className="field media-alt">
      <label className="field__label" htmlFor={id}>
        Alt text
      </label>
      <textarea
        id={id}
        className="field__input media-alt__text"
        rows={3}
        value={text}
        maxLength={5000}
        placeholder="What it shows, for people who cannot see it"
        aria-describedby={`${id}-status`}
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          setText(event.target.value);
          setJustSaved(false);
        }}
      />
      <div className="media-alt__foot">
        {error ? (
          <p id={`${id}-status`} className="field__error" role="alert">
            {error}
          </p>
        ) : (
          <p id={`${id}-status`} className="field__hint" role="status">
            {status}
          </p>
        )}
        <Button inactive={busy || !dirty} onClick={() => void save()}>
          Save alt text
        </Button>
      </div>
    </div>
  );
}
