import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/SelectField';
import type { StudioStore } from '../../store/studio';
import { thumbnailUrl } from '../media/media-url';
import { EditPicker, type EditChoice } from './EditPicker';
import { ProviderPicker } from './ProviderPicker';

const SIZES = ['1024x1024', '1024x1536', '1536x1024', '512x512'].map((s) => ({ value: s, label: s.replace('x', ' × ') }));
const EDIT_SIZES = [{ value: 'auto', label: 'Provider default' }, ...SIZES];
const COUNTS = [1, 2, 3, 4].map((n) => ({ value: String(n), label: String(n) }));

/** A prompt in, pictures out, straight into the media library; or a library picture changed by a prompt (and a mask). */
export function ImagePanel({ store, workspaceId }: { store: StudioStore; workspaceId: string }) {
  const promptId = useId();
  const [prompt, setPrompt] = useState('');
  const [size, setSize] = useState('1024x1024');
  const [count, setCount] = useState('1');
  const [provider, setProvider] = useState('');
  const [editing, setEditing] = useState(false);
  const [edit, setEdit] = useState<EditChoice>({ mediaId: '', maskMediaId: '' });
  const [formError, setFormError] = useState<string | null>(null);
  const tweak = useStore(store, (s) => s.tweak);
  useEffect(() => {
    if (tweak?.params.kind !== 'image') return;
    setPrompt(tweak.params.prompt);
    setSize(tweak.params.size);
    setEditing(Boolean(tweak.params.edit));
    setEdit({ mediaId: tweak.params.edit?.mediaId ?? '', maskMediaId: tweak.params.edit?.maskMediaId ?? '' });
    setCount(String(tweak.params.count));
    setProvider(store.getState().providers.find((p) => p.id === tweak.providerId)?.name ?? '');
    store.getState().startTweak(null);
  }, [tweak, store]);
  const running = useStore(store, (s) => s.running);
  const current = useStore(store, (s) => s.current);
  const error = useStore(store, (s) => s.error);
  const hasModel = useStore(store, (s) => s.providers.some((p) => p.imageModel && (!provider || p.name === provider)));
  const imageRunning = running && current?.kind === 'image';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (editing && !edit.mediaId) return setFormError('Choose the picture to edit.');
    if (!prompt.trim()) return setFormError(editing ? 'Say what to change in the picture.' : 'Describe the picture.');
    setFormError(null);
    const common = { prompt, size, count: Number(count), ...(provider ? { provider } : {}) };
    if (editing) void store.getState().editImage({ ...common, mediaId: edit.mediaId, ...(edit.maskMediaId ? { maskMediaId: edit.maskMediaId } : {}) });
    else void store.getState().generateImage(common);
  };
  const switchTo = (toEdit: boolean) => {
    setEditing(toEdit);
    // An edit keeps the picture's own size unless told otherwise; a new picture needs one.
    setSize(toEdit ? 'auto' : '1024x1024');
    setFormError(null);
  };

  return (
    <section className="studio-panel" aria-labelledby="studio-image-title">
      <h2 id="studio-image-title">Pictures</h2>
      {hasModel ? null : <p className="studio-note">No provider here has a picture model: set one in Settings → AI.</p>}
      <form onSubmit={submit} className="studio-form">
        <fieldset className="studio-mode">
          <legend className="field__label">Make</legend>
          <label>
            <input type="radio" name="studio-image-mode" checked={!editing} onChange={() => switchTo(false)} /> A new picture
          </label>
          <label>
            <input type="radio" name="studio-image-mode" checked={editing} onChange={() => switchTo(true)} /> An edit of a library picture
          </label>
        </fieldset>
        {editing ? <EditPicker store={store} workspaceId={workspaceId} value={edit} onChange={setEdit} /> : null}
        <div className="field">
          <label className="field__label" htmlFor={promptId}>
            {editing ? 'What to change' : 'Picture prompt'}
          </label>
          <textarea
            id={promptId}
            className="field__input"
            rows={2}
            value={prompt}
            onChange={(e) => setPrompt(e.target.value)}
            placeholder={editing ? 'e.g. Put a red watering can next to the pot' : 'What should the picture show?'}
          />
        </div>
        <div className="studio-row">
          <SelectField label="Size" options={editing ? EDIT_SIZES : SIZES} value={size} onChange={(e) => setSize(e.target.value)} />
          <SelectField label="How many" options={COUNTS} value={count} onChange={(e) => setCount(e.target.value)} />
          <ProviderPicker store={store} value={provider} onChange={setProvider} />
        </div>
        {formError ? <p className="field__error" role="alert">{formError}</p> : null}
        <div className="studio-actions">
          <Button type="submit" variant="primary" inactive={running || !hasModel}>
            {imageRunning ? 'Drawing…' : editing ? 'Edit picture' : 'Make pictures'}
          </Button>
          {imageRunning ? (
            <Button variant="danger" onClick={() => void store.getState().stop()}>
              Stop
            </Button>
          ) : null}
        </div>
      </form>
      {error && current?.kind === 'image' ? <p className="studio-note studio-note--error" role="alert">{error} Your prompt is still here.</p> : null}
      {current?.kind === 'image' && current.mediaIds.length > 0 ? (
        <div className="studio-pictures">
          {current.mediaIds.map((id) => (
            <img key={id} src={thumbnailUrl(workspaceId, id)} alt={`Made from: ${current.params.kind === 'image' ? current.params.prompt : ''}`} data-testid="studio-picture" />
          ))}
          <p className="studio-note">
            Saved in the <a href="#/media">media library</a>.
          </p>
        </div>
      ) : null}
    </section>
  );
}
