import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import type { StudioStore } from '../../store/studio';
import { mediaUrl } from '../media/media-url';
import { ProviderPicker } from './ProviderPicker';

/** A text in, a voiceover out, into the media library. */
export function SpeechPanel({ store, workspaceId }: { store: StudioStore; workspaceId: string }) {
  const textId = useId();
  const [text, setText] = useState('');
  const [voice, setVoice] = useState('alloy');
  const [provider, setProvider] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const running = useStore(store, (s) => s.running);
  const current = useStore(store, (s) => s.current);
  const error = useStore(store, (s) => s.error);
  const hasModel = useStore(store, (s) => s.providers.some((p) => p.speechModel && (!provider || p.name === provider)));
  const speechRunning = running && current?.kind === 'speech';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return setFormError('Write what should be said.');
    setFormError(null);
    void store.getState().generateSpeech({ text, voice, ...(provider ? { provider } : {}) });
  };

  return (
    <section className="studio-panel" aria-labelledby="studio-speech-title">
      <h2 id="studio-speech-title">Voiceover</h2>
      {hasModel ? null : <p className="studio-note">No provider here has a speech model: set one in Settings → AI.</p>}
      <form onSubmit={submit} className="studio-form">
        <div className="field">
          <label className="field__label" htmlFor={textId}>
            Text to speak
          </label>
          <textarea id={textId} className="field__input" rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="studio-row">
          <TextField label="Voice" value={voice} onChange={(e) => setVoice(e.target.value)} hint="e.g. alloy, coral, verse" />
          <ProviderPicker store={store} value={provider} onChange={setProvider} />
        </div>
        {formError ? <p className="field__error" role="alert">{formError}</p> : null}
        <div className="studio-actions">
          <Button type="submit" variant="primary" inactive={running || !hasModel}>
            {speechRunning ? 'Speaking…' : 'Make voiceover'}
          </Button>
        </div>
      </form>
      {error && current?.kind === 'speech' ? <p className="studio-note studio-note--error" role="alert">{error} Your text is still here.</p> : null}
      {current?.kind === 'speech' && current.mediaIds[0] ? (
        <div className="studio-pictures">
          <audio controls src={mediaUrl(workspaceId, current.mediaIds[0])} />
          <p className="studio-note">
            Saved in the <a href="#/media">media library</a>.
          </p>
        </div>
      ) : null}
    </section>
  );
}
