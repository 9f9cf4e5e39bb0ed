import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import type { VideoSeconds } from '../../../src-shared/ai';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/SelectField';
import type { StudioStore } from '../../store/studio';
import { ProviderPicker } from './ProviderPicker';

const SECONDS = ['4', '8', '12'].map((s) => ({ value: s, label: `${s} s` }));
const SIZES = ['720x1280', '1280x720'].map((s) => ({ value: s, label: s.replace('x', ' × ') }));

/** A prompt in; the video is made in the background (minutes), with its progress here and in the history. */
export function VideoPanel({ store }: { store: StudioStore }) {
  const promptId = useId();
  const [prompt, setPrompt] = useState('');
  const [seconds, setSeconds] = useState<VideoSeconds>('4');
  const [size, setSize] = useState('720x1280');
  const [provider, setProvider] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const running = useStore(store, (s) => s.running);
  const current = useStore(store, (s) => s.current);
  const error = useStore(store, (s) => s.error);
  const hasModel = useStore(store, (s) => s.providers.some((p) => p.videoModel && (!provider || p.name === provider)));
  // The newest video still being made, from the history (it lives on after this page closes).
  const making = useStore(store, (s) => s.history.find((g) => g.kind === 'video' && g.state === 'running') ?? null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!prompt.trim()) return setFormError('Describe the video.');
    setFormError(null);
    void store.getState().generateVideo({ prompt, seconds, size, ...(provider ? { provider } : {}) });
  };

  return (
    <section className="studio-panel" aria-labelledby="studio-video-title">
      <h2 id="studio-video-title">Video</h2>
      {hasModel ? null : <p className="studio-note">No provider here has a video model: set one in Settings → AI.</p>}
      <form onSubmit={submit} className="studio-form">
        <div className="field">
          <label className="field__label" htmlFor={promptId}>
            Video prompt
          </label>
          <textarea id={promptId} className="field__input" rows={2} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
        </div>
        <div className="studio-row">
          <SelectField label="Length" options={SECONDS} value={seconds} onChange={(e) => setSeconds(e.target.value as VideoSeconds)} />
          <SelectField label="Shape" options={SIZES} value={size} onChange={(e) => setSize(e.target.value)} />
          <ProviderPicker store={store} value={provider} onChange={setProvider} />
        </div>
        {formError ? <p className="field__error" role="alert">{formError}</p> : null}
        <div className="studio-actions">
          <Button type="submit" variant="primary" inactive={running || !hasModel || making !== null}>
            Make video
          </Button>
          {making ? (
            <Button variant="danger" onClick={() => void store.getState().cancel(making.id)}>
              Stop
            </Button>
          ) : null}
        </div>
      </form>
      {making ? (
        <p className="studio-note">
          Making the video… <progress max={100} value={making.progress ?? 0} aria-label="Video progress" /> {making.progress ?? 0}%. It goes on if you leave this page.
        </p>
      ) : null}
      {error && current?.kind === 'video' ? <p className="studio-note studio-note--error" role="alert">{error} Your prompt is still here.</p> : null}
      {!making && current?.kind === 'video' && current.state !== 'running' ? (
        <p className="studio-note">
          {current.state === 'succeeded' ? 'Done: saved in the ' : current.state === 'cancelled' ? 'Stopped. ' : `${current.error?.message ?? 'Failed.'} `}
          {current.state === 'succeeded' ? <a href="#/media">media library</a> : null}
        </p>
      ) : null}
    </section>
  );
}
