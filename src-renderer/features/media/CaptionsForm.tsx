import { useId, useState } from 'react';
import { useStore } from 'zustand';
import { CAPTION_POSITIONS, type CaptionPosition, type CaptionsRequest } from '../../../src-shared/domain';
import { InlineMessage } from '../../components/InlineMessage';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { parseNumber } from './number-input';
import { RenderDialog } from './RenderDialog';
import type { ItemFormProps } from './ReformatForm';

const POSITION_LABELS: Record<CaptionPosition, string> = { bottom: 'Bottom', middle: 'Middle', top: 'Top' };
/** A cue's timing line in SRT ("00:00:01,000 --> …") or WebVTT ("00:01.000 --> …"). */
const CUE_TIMING = /\d{1,2}:\d{2}(?::\d{2})?[.,]\d{3}\s*-->\s*\d{1,2}:\d{2}/;
const MAX_CAPTION_CHARS = 1_000_000;

export function captionsBlocker(text: string, canBurn: boolean | null, why: string | null): string | null {
  if (canBurn === false) return why ?? 'This ffmpeg cannot burn in captions.';
  if (!text.trim()) return 'Paste captions, or import an .srt or .vtt file.';
  if (text.length > MAX_CAPTION_CHARS) return 'Captions are at most 1 MB of text.';
  if (!CUE_TIMING.test(text)) return 'These captions have no timings: each cue needs a line like 00:00:01,000 --> 00:00:03,000.';
  return null;
}

/** Burns SRT or WebVTT captions into the picture, in a chosen size, colour, outline and place. */
export function CaptionsForm({ item, store, onQueued, onClose }: ItemFormProps) {
  const capabilities = useStore(store, (s) => s.capabilities);
  const fileId = useId();
  const textId = useId();
  const [text, setText] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const [size, setSize] = useState('48');
  const [colour, setColour] = useState('#ffffff');
  const [outline, setOutline] = useState('#000000');
  const [position, setPosition] = useState<CaptionPosition>('bottom');

  const px = parseNumber(size);
  const why = capabilities?.notes.find((n) => /caption|subtitle|libass/i.test(n)) ?? null;
  const blocker =
    captionsBlocker(text, capabilities ? capabilities.captions : null, why ? `This ffmpeg cannot burn in captions. ${why}` : null) ??
    (px === null || !Number.isInteger(px) || px < 12 || px > 160 ? 'The text size is a whole number from 12 to 160.' : null);
  const request: CaptionsRequest | null =
    blocker || px === null ? null : { kind: 'captions', videoId: item.id, captions: text, style: { size: px, colour, outline, position } };

  const importFile = async (file: File | undefined) => {
    setFileError(null);
    if (!file) return;
    if (!/\.(srt|vtt)$/i.test(file.name)) {
      setFileError('Choose an .srt or .vtt file.');
      return;
    }
    if (file.size > MAX_CAPTION_CHARS) {
      setFileError('That file is bigger than 1 MB; captions files are much smaller.');
      return;
    }
    try {
      setText(await file.text());
    } catch {
      setFileError('PromoGPT could not read that file. Try it again.');
    }
  };

  return (
    <RenderDialog
      title={`Captions for ${item.fileName}`}
      intro="Burns the captions into the picture, so they show on every platform."
      request={request}
      blocker={blocker}
      submitLabel="Burn in captions"
      submit={(r) => store.getState().render(r)}
      onQueued={onQueued}
      onClose={onClose}
    >
      <div className="field">
        <label className="field__label" htmlFor={fileId}>
          Import an .srt or .vtt file
        </label>
        <input id={fileId} type="file" accept=".srt,.vtt,text/vtt,application/x-subrip" onChange={(e) => void importFile(e.target.files?.[0])} />
        {fileError ? <InlineMessage tone="error">{fileError}</InlineMessage> : null}
      </div>
      <div className="field">
        <label className="field__label" htmlFor={textId}>
          Captions (SRT or WebVTT)
        </label>
        <textarea
          id={textId}
          className="field__input media-captions__text"
          rows={8}
          spellCheck
          value={text}
          placeholder={'1\n00:00:01,000 --> 00:00:03,000\nFresh beans, every morning.'}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="media-form__row">
        <TextField className="field--short" label="Text size (px at 1080p)" type="number" min={12} max={160} step={1} value={size} onChange={(e) => setSize(e.target.value)} />
        <ColourField label="Text colour" value={colour} onChange={setColour} />
        <ColourField label="Outline colour" value={outline} onChange={setOutline} />
        <SelectField label="Position" value={position} options={CAPTION_POSITIONS.map((p) => ({ value: p, label: POSITION_LABELS[p] }))} onChange={(e) => setPosition(e.target.value as CaptionPosition)} />
      </div>
    </RenderDialog>
  );
}

function ColourField({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div className="field media-colour">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input id={id} type="color" className="media-colour__input" value={value} onChange={(e) => onChange(e.target.value.toLowerCase())} />
    </div>
  );
}
