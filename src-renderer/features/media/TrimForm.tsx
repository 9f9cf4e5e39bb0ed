import { useState } from 'react';
import type { TrimRequest } from '../../../src-shared/domain';
import { TextField } from '../../components/TextField';
import { parseNumber, secondsText } from './number-input';
import { RenderDialog } from './RenderDialog';
import type { ItemFormProps } from './ReformatForm';

/** The part between two times, as a new item. */
export function trimRequest(videoId: string, fromText: string, toText: string, duration: number | null): { request: TrimRequest | null; blocker: string | null } {
  const from = parseNumber(fromText);
  const to = parseNumber(toText);
  if (from === null || from < 0) return { request: null, blocker: 'Enter where it starts, in seconds (0 or more).' };
  if (to === null) return { request: null, blocker: 'Enter where it ends, in seconds.' };
  if (to <= from) return { request: null, blocker: 'The end must come after the start.' };
  if (duration !== null && to > duration + 0.05) return { request: null, blocker: `It is ${secondsText(duration)} long: end at ${secondsText(duration)} or earlier.` };
  return { request: { kind: 'trim', videoId, fromSeconds: from, toSeconds: to }, blocker: null };
}

export function TrimForm({ item, store, onQueued, onClose }: ItemFormProps) {
  const [from, setFrom] = useState('0');
  const [to, setTo] = useState(item.durationSeconds !== null ? String(item.durationSeconds) : '');
  const { request, blocker } = trimRequest(item.id, from, to, item.durationSeconds);
  const length = request?.kind === 'trim' ? request.toSeconds - request.fromSeconds : null;
  return (
    <RenderDialog
      title={`Trim ${item.fileName}`}
      intro={`Keeps the part between two times as a new item${item.durationSeconds !== null ? `; it is ${secondsText(item.durationSeconds)} long now` : ''}.`}
      request={request}
      blocker={blocker}
      submitLabel="Trim"
      submit={(r) => store.getState().render(r)}
      onQueued={onQueued}
      onClose={onClose}
    >
      <div className="media-form__row">
        <TextField className="field--short" label="From (seconds)" type="number" min={0} step={0.1} value={from} onChange={(e) => setFrom(e.target.value)} />
        <TextField className="field--short" label="To (seconds)" type="number" min={0} step={0.1} value={to} onChange={(e) => setTo(e.target.value)} />
      </div>
      {length !== null ? <p className="media-form__total">The new item will be {secondsText(length)} long.</p> : null}
    </RenderDialog>
  );
}
