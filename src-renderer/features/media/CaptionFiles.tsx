import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { MediaItem } from '../../../src-shared/domain';
import { useBusyAction } from '../../app/useBusyAction';
import { Button } from '../../components/Button';

/** Matches the core's limit: a captions file for one video is far smaller. */
const MAX_FILE_BYTES = 500_000;

export interface CaptionFilesProps {
  item: MediaItem;
  onAttach: (lang: string, text: string) => Promise<MediaItem>;
  onRemove: (lang: string) => Promise<MediaItem>;
  onTranscribe: (lang: string) => Promise<MediaItem>;
}

/**
 * A video's caption files, one per language: kept with the video and sent beside it where a
 * platform takes them (Bluesky), so viewers can turn them on or off, unlike burned-in captions.
 */
export function CaptionFiles({ item, onAttach, onRemove, onTranscribe }: CaptionFilesProps) {
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [lang, setLang] = useState('en');
  const [file, setFile] = useState<File | null>(null);
  const { busy, error, setError, run } = useBusyAction<'attach' | 'transcribe' | 'remove'>();

  const attach = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setError(`${file.name} is larger than ${MAX_FILE_BYTES / 1000} kB; that is not a captions file for one video. Check you chose the right file.`);
      return;
    }
    const ok = await run('attach', async () => onAttach(lang.trim(), await file.text()));
    if (ok) {
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <div className="media-captions">
      <h3 className="media-detail__heading" id={`${id}-title`}>
        Captions files
      </h3>
      <p className="field__hint">Sent beside the video where the network takes them (Bluesky), so viewers can switch them on. For other networks, burn them into the video with “Captions…” below.</p>
      {item.captions.length === 0 ? <p className="muted">No captions files yet.</p> : null}
      <ul className="media-tags__list" aria-labelledby={`${id}-title`}>
        {item.captions.map((c) => (
          <li key={c.lang} className="media-chip media-chip--removable">
            {c.lang} · {c.cues} {c.cues === 1 ? 'cue' : 'cues'}
            <button type="button" className="media-chip__remove" aria-label={`Remove ${c.lang} captions`} onClick={() => void run('remove', () => onRemove(c.lang))} disabled={busy !== null}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form className="media-inline" onSubmit={(event) => void attach(event)}>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-file`}>
            SRT or WebVTT file
          </label>
          <input
            id={`${id}-file`}
            ref={fileInput}
            className="field__input"
            type="file"
            accept=".srt,.vtt,text/vtt,application/x-subrip"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </div>
        <div className="field field--short">
          <label className="field__label" htmlFor={`${id}-lang`}>
            Language
          </label>
          <input
            id={`${id}-lang`}
            className="field__input"
            value={lang}
            maxLength={35}
            placeholder="en"
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-lang-hint${error ? ` ${id}-error` : ''}`}
            onChange={(event) => setLang(event.target.value)}
          />
          <p id={`${id}-lang-hint`} className="field__hint">
            e.g. en, de, pt-BR
          </p>
        </div>
        <Button type="submit" inactive={busy !== null || !file || !lang.trim()}>
          {busy === 'attach' ? 'Adding…' : 'Add captions'}
        </Button>
      </form>
      <div className="media-captions__transcribe">
        <Button inactive={busy !== null || !lang.trim()} onClick={() => void run('transcribe', () => onTranscribe(lang.trim()))}>
          {busy === 'transcribe' ? 'Transcribing…' : 'Transcribe with AI'}
        </Button>
        <p className="field__hint">
          {busy === 'transcribe'
            ? 'The sound is being sent to your AI provider; this takes about as long as the video, or less.'
            : 'Makes captions in the language above with the transcription model of your AI provider (Settings → AI). Only the sound is sent.'}
        </p>
      </div>
      {error ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
