import { useStore } from 'zustand';
import { hasContent } from './composer-logic';
import type { ComposerStore } from './composer-store';
import { formatClock } from './format-time';

/** Whether the text is safe: saved as a draft, being saved, or kept on this device only. */
export function SaveStatusLine({ store }: { store: ComposerStore }) {
  const save = useStore(store, (s) => s.save);
  const dirty = useStore(store, (s) => s.dirty);
  const something = useStore(store, (s) => hasContent(s.draft));
  let text = '';
  let tone = 'muted';
  if (save.state === 'saving') text = 'Saving…';
  else if (save.state === 'failed') {
    text = `Not saved: ${save.reason} — your text is kept on this device`;
    tone = 'warn';
  } else if (save.state === 'saved') text = `Saved as draft · ${formatClock(save.at)}${dirty ? ' · editing' : ''}`;
  else if (dirty && something) text = 'Kept on this device; saving as a draft shortly';
  return (
    <p className={`compose-save compose-save--${tone}`} role="status">
      {text}
    </p>
  );
}
