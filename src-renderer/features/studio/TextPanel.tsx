import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import type { TextVariant } from '../../../src-shared/ai';
import { PLATFORM_NAMES, PLATFORMS, type Platform } from '../../../src-shared/platforms/platform';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/Checkbox';
import { SelectField } from '../../components/SelectField';
import { liveKey, type StudioStore } from '../../store/studio';
import { PromptPreview } from './PromptPreview';
import { ProviderPicker } from './ProviderPicker';

const VARIATIONS = [1, 2, 3].map((n) => ({ value: String(n), label: String(n) }));

/** A brief in, one text per platform out, streamed as it is written and checked with the composer's rules. */
export function TextPanel({ store, workspaceId }: { store: StudioStore; workspaceId: string }) {
  const briefId = useId();
  const [brief, setBrief] = useState('');
  const [platforms, setPlatforms] = useState<Platform[]>(['bluesky', 'mastodon', 'x']);
  const [variations, setVariations] = useState('1');
  const [provider, setProvider] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const running = useStore(store, (s) => s.running);
  const current = useStore(store, (s) => s.current);
  const live = useStore(store, (s) => s.live);
  const error = useStore(store, (s) => s.error);
  const textRunning = running && (current === null || current.kind === 'text');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!brief.trim()) return setFormError('Write what the post is about.');
    if (platforms.length === 0) return setFormError('Choose at least one platform.');
    setFormError(null);
    void store.getState().generateText({ brief, platforms, variations: Number(variations), ...(provider ? { provider } : {}) });
  };
  const toggle = (p: Platform, on: boolean) => setPlatforms((list) => (on ? PLATFORMS.filter((x) => x === p || list.includes(x)) : list.filter((x) => x !== p)));

  // While it streams, the live text; once ended, the saved variants (partial ones included).
  const finished = current?.kind === 'text' && current.state !== 'running' ? current.variants : null;
  const streaming = textRunning ? Object.entries(live) : [];

  return (
    <section className="studio-panel" aria-labelledby="studio-text-title">
      <h2 id="studio-text-title">Post text</h2>
      <form onSubmit={submit} className="studio-form">
        <div className="field">
          <label className="field__label" htmlFor={briefId}>
            Brief
          </label>
          <textarea id={briefId} className="field__input studio-brief" rows={3} value={brief} onChange={(e) => setBrief(e.target.value)} placeholder="What should the post say?" />
        </div>
        <fieldset className="studio-platforms">
          <legend>Platforms</legend>
          {PLATFORMS.map((p) => (
            <Checkbox key={p} label={PLATFORM_NAMES[p]} checked={platforms.includes(p)} onChange={(e) => toggle(p, e.target.checked)} />
          ))}
        </fieldset>
        <div className="studio-row">
          <SelectField label="Versions per platform" options={VARIATIONS} value={variations} onChange={(e) => setVariations(e.target.value)} />
          <ProviderPicker store={store} value={provider} onChange={setProvider} />
        </div>
        <PromptPreview workspaceId={workspaceId} brief={brief} platforms={platforms} variations={Number(variations)} />
        {formError ? <p className="field__error" role="alert">{formError}</p> : null}
        <div className="studio-actions">
          <Button type="submit" variant="primary" inactive={running}>
            {textRunning ? 'Writing…' : 'Write'}
          </Button>
          {textRunning ? (
            <Button variant="danger" onClick={() => void store.getState().stop()}>
              Stop
            </Button>
          ) : null}
        </div>
      </form>
      {error && (current === null || current.kind === 'text') ? (
        <p className="studio-note studio-note--error" role="alert">
          {error} Your brief is still here.
        </p>
      ) : null}
      {current?.kind === 'text' && current.state === 'cancelled' ? <p className="studio-note">Stopped. The text written so far is kept below and in the history.</p> : null}
      <div className="studio-variants" aria-live="polite">
        {streaming.map(([key, text]) => (
          <article key={key} className="studio-variant studio-variant--live" data-testid="studio-live-variant">
            <h3>{labelOf(key)}</h3>
            <p className="studio-variant__text">{text}</p>
          </article>
        ))}
        {finished?.map((v) => <VariantCard key={liveKey(v.platform, v.index)} variant={v} workspaceId={workspaceId} />)}
      </div>
    </section>
  );
}

function labelOf(key: string): string {
  const [platform, index] = key.split('#');
  return `${PLATFORM_NAMES[platform as Platform] ?? platform} · version ${Number(index) + 1}`;
}

/** One finished text with the composer's verdict, and the way into the composer. */
export function VariantCard({ variant, workspaceId }: { variant: TextVariant; workspaceId: string }) {
  const { api } = useSession();
  const [message, setMessage] = useState<string | null>(null);
  const errors = variant.issues.filter((i) => i.severity === 'error');
  const send = async () => {
    try {
      const post = await api.call('post.saveDraft', { workspaceId, draft: { text: variant.text } });
      window.location.hash = `#/compose?draft=${encodeURIComponent(post.id)}`;
    } catch (failure) {
      setMessage(errorMessage(failure));
    }
  };
  return (
    <article className="studio-variant" data-testid="studio-variant">
      <h3>{labelOf(liveKey(variant.platform, variant.index))}</h3>
      <p className="studio-variant__text">{variant.text || '(nothing written)'}</p>
      <p className={errors.length ? 'studio-verdict studio-verdict--bad' : 'studio-verdict'}>
        {errors.length ? errors.map((i) => i.message).join('; ') : `Fits ${PLATFORM_NAMES[variant.platform]}.`}
        {variant.shortened ? ' Asked again for a shorter text.' : ''}
        {variant.partial ? ' Partial: it stopped before the end.' : ''}
      </p>
      <Button onClick={() => void send()} inactive={!variant.text}>
        Send to composer
      </Button>
      {message ? <p className="field__error">{message}</p> : null}
    </article>
  );
}
