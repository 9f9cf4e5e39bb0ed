import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { CAPTION_POSITIONS, type CaptionPosition, type CaptionsRequest } from '../../../src-shared/domain';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/Checkbox';
import { InlineMessage } from '../../components/InlineMessage';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { type CueDraft, cueErrors, cuesBlocker, cuesToSrt, formatCueTime, newCueKey, parseCaptionText, parseCueTime } from './caption-cues';
import { parseNumber } from './number-input';
import { RenderDialog } from './RenderDialog';
import type { ItemFormProps } from './ReformatForm';

const POSITION_LABELS: Record<CaptionPosition, string> = { bottom: 'Bottom', middle: 'Middle', top: 'Top' };
const MAX_CAPTION_CHARS = 1_000_000;
/** A new cue lasts this long, from the end of the last one. */
const NEW_CUE_SECONDS = 2;

type Mode = 'cues' | 'text';

/** Why the captions cannot be burnt in yet, in a sentence; null when they can. */
export function captionsBlocker(cues: readonly CueDraft[], parseError: string | null, srt: string, canBurn: boolean | null, why: string | null): string | null {
  if (canBurn === false) return why ?? 'This ffmpeg cannot burn in captions.';
  if (parseError) return parseError;
  const problem = cuesBlocker(cues);
  if (problem) return problem;
  if (srt.length > MAX_CAPTION_CHARS) return 'Captions are at most 1 MB of text.';
  return null;
}

/** Burns captions into the picture: imported or pasted SRT/WebVTT edited as a list of cues (or as text), in a chosen size, colour, outline and place. */
export function CaptionsForm({ item, store, onQueued, onClose }: ItemFormProps) {
  const capabilities = useStore(store, (s) => s.capabilities);
  const fileId = useId();
  const textId = useId();
  const textErrorId = useId();
  const [mode, setMode] = useState<Mode>('cues');
  const [cues, setCues] = useState<CueDraft[]>([]);
  const [text, setText] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const [size, setSize] = useState('48');
  const [colour, setColour] = useState('#ffffff');
  const [outline, setOutline] = useState('#000000');
  const [position, setPosition] = useState<CaptionPosition>('bottom');
  const pasted = useRef(false);
  const listRef = useRef<HTMLOListElement>(null);
  /** The field to focus after the list changes shape (a cue added, removed, or the list shown). */
  const focusNext = useRef<string | null>(null);

  useEffect(() => {
    const label = focusNext.current;
    if (!label) return;
    focusNext.current = null;
    const target = listRef.current?.querySelector<HTMLElement>(`[aria-label="${label}"]`) ?? listRef.current?.parentElement?.querySelector<HTMLElement>('[data-focus-empty]');
    target?.focus();
  });

  // In text mode the text is the source: it is read into cues on every change.
  const parsed = useMemo(() => (mode === 'text' ? parseCaptionText(text) : null), [mode, text]);
  const activeCues = parsed ? parsed.cues : cues;
  const parseError = parsed ? (text.trim() === '' ? 'Paste captions, or import an .srt or .vtt file.' : parsed.error) : null;
  const srt = useMemo(() => cuesToSrt(activeCues), [activeCues]);

  const px = parseNumber(size);
  const why = capabilities?.notes.find((n) => /caption|subtitle|libass/i.test(n)) ?? null;
  const blocker =
    captionsBlocker(activeCues, parseError, srt, capabilities ? capabilities.captions : null, why ? `This ffmpeg cannot burn in captions. ${why}` : null) ??
    (px === null || !Number.isInteger(px) || px < 12 || px > 160 ? 'The text size is a whole number from 12 to 160.' : null);
  const request: CaptionsRequest | null =
    blocker || px === null ? null : { kind: 'captions', videoId: item.id, captions: srt, style: { size: px, colour, outline, position } };

  const showCues = (next: CueDraft[]) => {
    setCues(next);
    setMode('cues');
    focusNext.current = next.length > 0 ? 'Cue 1 start' : null;
  };

  /** Reads text into the list; keeps it as text, with the reason shown, when it cannot be read. */
  const loadText = (source: string) => {
    const result = parseCaptionText(source);
    if (result.error) {
      setText(source);
      setMode('text');
    } else {
      showCues(result.cues);
    }
  };

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
    let source: string;
    try {
      source = await file.text();
    } catch {
      setFileError('PromoGPT could not read that file. Try it again.');
      return;
    }
    loadText(source);
  };

  const toggleText = (asText: boolean) => {
    if (asText) {
      setText(cues.length > 0 ? cuesToSrt(cues) : '');
      setMode('text');
    } else if (parsed && !parsed.error) {
      showCues(parsed.cues);
    } else if (text.trim() === '') {
      showCues([]);
    }
    // Text that cannot be read stays as text; its reason shows under it.
  };

  const editText = (value: string) => {
    const wasEmpty = text.trim() === '';
    setText(value);
    // Captions pasted into an empty box become the list straight away; typed text stays text.
    if (pasted.current && wasEmpty) {
      const result = parseCaptionText(value);
      if (!result.error) showCues(result.cues);
    }
    pasted.current = false;
  };

  const updateCue = (key: number, change: Partial<Omit<CueDraft, 'key'>>) => setCues((list) => list.map((c) => (c.key === key ? { ...c, ...change } : c)));

  const addCue = () => {
    const last = cues.at(-1);
    const from = last ? (parseCueTime(last.end) ?? parseCueTime(last.start) ?? 0) : 0;
    focusNext.current = `Cue ${cues.length + 1} start`;
    setCues([...cues, { key: newCueKey(), start: formatCueTime(from), end: formatCueTime(from + NEW_CUE_SECONDS), text: '' }]);
  };

  const removeCue = (index: number) => {
    const next = cues.filter((_, i) => i !== index);
    // Focus the cue that took its place, else the one before, else (no label matches) the add button.
    focusNext.current = next.length === 0 ? 'none' : `Cue ${Math.min(index, next.length - 1) + 1} start`;
    setCues(next);
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
      <Checkbox
        label="Edit as text"
        hint="SRT or WebVTT text, for pasting or editing many cues at once."
        checked={mode === 'text'}
        onChange={(e) => toggleText(e.target.checked)}
      />
      {mode === 'text' ? (
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
            aria-invalid={parsed?.error && text.trim() !== '' ? true : undefined}
            aria-describedby={parsed?.error && text.trim() !== '' ? textErrorId : undefined}
            placeholder={'1\n00:00:01,000 --> 00:00:03,000\nFresh beans, every morning.'}
            onPaste={() => {
              pasted.current = true;
            }}
            onChange={(e) => editText(e.target.value)}
          />
          {parsed?.error && text.trim() !== '' ? (
            <p id={textErrorId} className="field__error">
              {parsed.error}
            </p>
          ) : null}
        </div>
      ) : (
        <fieldset className="media-captions">
          <legend className="media-form__legend">Cues</legend>
          {cues.length === 0 ? <p className="field__hint">No cues yet. Import an .srt or .vtt file, paste captions under “Edit as text”, or add a cue.</p> : null}
          <ol ref={listRef} className="media-captions__list">
            {cues.map((cue, i) => (
              <CueRow key={cue.key} cue={cue} n={i + 1} onChange={(change) => updateCue(cue.key, change)} onRemove={() => removeCue(i)} />
            ))}
          </ol>
          <div>
            <Button data-focus-empty onClick={addCue}>
              Add a cue
            </Button>
          </div>
        </fieldset>
      )}
      <div className="media-form__row">
        <TextField className="field--short" label="Text size (px at 1080p)" type="number" min={12} max={160} step={1} value={size} onChange={(e) => setSize(e.target.value)} />
        <ColourField label="Text colour" value={colour} onChange={setColour} />
        <ColourField label="Outline colour" value={outline} onChange={setOutline} />
        <SelectField label="Position" value={position} options={CAPTION_POSITIONS.map((p) => ({ value: p, label: POSITION_LABELS[p] }))} onChange={(e) => setPosition(e.target.value as CaptionPosition)} />
      </div>
    </RenderDialog>
  );
}

/** One cue: its times and text, each labelled with the cue's number, its problems in words beside it. */
function CueRow({ cue, n, onChange, onRemove }: { cue: CueDraft; n: number; onChange: (change: Partial<Omit<CueDraft, 'key'>>) => void; onRemove: () => void }) {
  const textId = useId();
  const errorId = useId();
  const errors = cueErrors(cue, n);
  return (
    <li className="media-captions__cue" aria-label={`Cue ${n}`}>
      <div className="media-form__row media-captions__times">
        <TextField className="field--short" label="Start" aria-label={`Cue ${n} start`} inputMode="decimal" placeholder="00:01.000" value={cue.start} error={errors.start} onChange={(e) => onChange({ start: e.target.value })} />
        <TextField className="field--short" label="End" aria-label={`Cue ${n} end`} inputMode="decimal" placeholder="00:03.000" value={cue.end} error={errors.end} onChange={(e) => onChange({ end: e.target.value })} />
        <Button variant="ghost" className="media-captions__remove" aria-label={`Remove cue ${n}`} onClick={onRemove}>
          Remove
        </Button>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={textId}>
          Text
        </label>
        <textarea
          id={textId}
          className="field__input"
          aria-label={`Cue ${n} text`}
          rows={2}
          spellCheck
          value={cue.text}
          aria-invalid={errors.text ? true : undefined}
          aria-describedby={errors.text ? errorId : undefined}
          onChange={(e) => onChange({ text: e.target.value })}
        />
        {errors.text ? (
          <p id={errorId} className="field__error">
            {errors.text}
          </p>
        ) : null}
      </div>
    </li>
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
