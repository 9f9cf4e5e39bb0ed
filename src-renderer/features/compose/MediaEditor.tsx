import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { guessMimeType, type MediaItem } from './composer-logic';

/** Attachments by file path, each with its alt text; the type is read from the extension. */
export function MediaEditor({ items, onChange, label }: { items: readonly MediaItem[]; onChange: (items: MediaItem[]) => void; label: string }) {
  const change = (index: number, patch: Partial<MediaItem>) =>
    onChange(
      items.map((item, i) => {
        if (i !== index) return item;
        const next = { ...item, ...patch };
        const mimeType = guessMimeType(next.path);
        const { mimeType: _old, altText, ...rest } = next;
        return { ...rest, ...(mimeType ? { mimeType } : {}), ...(altText ? { altText } : {}) };
      }),
    );
  return (
    <fieldset className="compose-media">
      <legend className="compose-section__subtitle">{label}</legend>
      {items.length === 0 ? <p className="muted">No images or video.</p> : null}
      <ol className="compose-media__list">
        {items.map((item, index) => (
          // Attachments have no id of their own; their position is what the user sees.
          <li key={index} className="compose-media__item">
            <TextField
              label={`File ${index + 1}`}
              value={item.path}
              placeholder="/home/you/Pictures/launch.jpg"
              hint={item.path.trim() && !guessMimeType(item.path) ? 'PromoGPT cannot tell the type from this name; use .jpg, .png, .gif, .webp or .mp4.' : undefined}
              onChange={(event) => change(index, { path: event.target.value })}
            />
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
      <Button onClick={() => onChange([...items, { path: '' }])} disabled={items.length >= 20}>
        Add a file
      </Button>
      <p className="field__hint">File sizes and video lengths are checked when the post goes out.</p>
    </fieldset>
  );
}
