import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { createStore, useStore } from 'zustand';
import type { RewriteStyle, TextAction, TextVariant } from '../../../src-shared/ai';
import { PLATFORM_NAMES, PLATFORMS, type Platform } from '../../../src-shared/platforms/platform';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/Checkbox';
import { SelectField } from '../../components/SelectField';
import { liveKey, type StudioStore } from '../../store/studio';
import { PromptPreview } from './PromptPreview';
import { ProviderPicker } from './ProviderPicker';

// A card shown without a store (the history) has no actions; useStore still needs a store.
const NO_STORE = createStore<null>(() => null);

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
  // "Change and run": a brief-based history entry fills this form; the person edits, then writes.
  const tweak = useStore(store, (s) => s.tweak);
  useEffect(() => {
    if (tweak?.params.kind !== 'text' || tweak.params.action) return;
    setBrief(tweak.params.brief);
    setPlatforms(tweak.params.platforms);
    setVariations(String(Math.min(tweak.params.variations, 3)));
    setProvider(store.getState().providers.find((p) => p.id === tweak.providerId)?.name ?? '');
    store.getState().startTweak(null);
    document.getElementById(briefId)?.focus();
  }, [tweak, store, briefId]);

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
        {finished && current?.kind === 'text' && current.params.kind === 'text' && current.params.action === 'thread' && finished.length > 0 ? (
          <ThreadSend parts={finished.map((v) => v.text)} workspaceId={workspaceId} />
        ) : null}
        {finished?.map((v) => (
          <VariantCard key={liveKey(v.platform, v.index)} variant={v} workspaceId={workspaceId} store={store} provider={provider} thread={current?.params.kind === 'text' && current.params.action === 'thread' ? finished.length : 0} />
        ))}
      </div>
    </section>
  );
}

function labelOf(key: string): string {
  const [platform, index] = key.split('#');
  return `${PLATFORM_NAMES[platform as Platform] ?? platform} · version ${Number(index) + 1}`;
}

/** A thread's parts into one composer draft: the first as its text, the rest as its thread. */
function ThreadSend({ parts, workspaceId }: { parts: string[]; workspaceId: string }) {
  const { api } = useSession();
  const [message, setMessage] = useState<string | null>(null);
  const send = async () => {
    try {
      const post = await api.call('post.saveDraft', { workspaceId, draft: { text: parts[0] ?? '', thread: parts.slice(1) } });
      window.location.hash = `#/compose?draft=${encodeURIComponent(post.id)}`;
    } catch (failure) {
      setMessage(errorMessage(failure));
    }
  };
  return (
    <div className="studio-thread-send">
      <Button variant="primary" onClick={() => void send()}>
        Send thread to composer ({parts.length} posts)
      </Button>
      {message ? <p className="field__error">{message}</p> : null}
    </div>
  );
}

/** One finished text with the composer's verdict, the text actions, and the way into the composer. */
export function VariantCard({ variant, workspaceId, store, provider, thread = 0 }: { variant: TextVariant; workspaceId: string; store?: StudioStore; provider?: string; thread?: number }) {
  const { api } = useSession();
  const [message, setMessage] = useState<string | null>(null);
  const [language, setLanguage] = useState<string | null>(null);
  const running = useStore(store ?? NO_STORE, (s) => s?.running ?? false);
  const errors = variant.issues.filter((i) => i.severity === 'error');
  const warnings = variant.issues.filter((i) => i.severity === 'warning');
  const act = (input: { action: TextAction; style?: RewriteStyle; language?: string }) =>
    void store?.getState().textAction({ ...input, text: variant.text, platform: variant.platform, ...(provider ? { provider } : {}) });
  const send = async () => {
    try {
      const post = await api.call('post.saveDraft', { workspaceId, draft: { text: variant.text } });
      window.location.hash = `#/compose?draft=${encodeURIComponent(post.id)}`;
    } catch (failure) {
      setMessage(errorMessage(failure));
    }
  };
  if (variant.hashtags) {
    return (
      <article className="studio-variant" data-testid="studio-variant">
        <h3>Suggested hashtags · {PLATFORM_NAMES[variant.platform]}</h3>
        <p className="studio-variant__text">{variant.hashtags.length ? variant.hashtags.join(' ') : '(none suggested)'}</p>
        <p className="studio-verdict">A list to pick from: nothing was added to any post.</p>
      </article>
    );
  }
  return (
    <article className="studio-variant" data-testid="studio-variant">
      <h3>{thread ? `${PLATFORM_NAMES[variant.platform]} · part ${variant.index + 1} of ${thread}` : labelOf(liveKey(variant.platform, variant.index))}</h3>
      <p className="studio-variant__text">{variant.text || '(nothing written)'}</p>
      <p className={errors.length ? 'studio-verdict studio-verdict--bad' : 'studio-verdict'}>
        {errors.length ? errors.map((i) => i.message).join('; ') : `Fits ${PLATFORM_NAMES[variant.platform]}.`}
        {warnings.length ? ` ${warnings.map((i) => i.message).join('; ')}` : ''}
        {variant.shortened ? ' Asked again for a shorter text.' : ''}
        {variant.partial ? ' Partial: it stopped before the end.' : ''}
      </p>
      <div className="studio-variant__actions">
        {thread ? null : (
          <Button onClick={() => void send()} inactive={!variant.text}>
            Send to composer
          </Button>
        )}
        {store && variant.text ? (
          <>
            <Button onClick={() => act({ action: 'rewrite', style: 'shorter' })} inactive={running}>
              Shorter
            </Button>
            <Button onClick={() => act({ action: 'rewrite', style: 'punchier' })} inactive={running}>
              Punchier
            </Button>
            <Button onClick={() => act({ action: 'rewrite', style: 'formal' })} inactive={running}>
              More formal
            </Button>
            <Button onClick={() => setLanguage((l) => (l === null ? '' : null))} inactive={running}>
              Translate…
            </Button>
            <Button onClick={() => act({ action: 'thread' })} inactive={running}>
              Make a thread
            </Button>
            <Button onClick={() => act({ action: 'hashtags' })} inactive={running}>
              Suggest hashtags
            </Button>
          </>
        ) : null}
      </div>
      {language !== null ? (
        <form
          className="studio-translate"
          onSubmit={(e) => {
            e.preventDefault();
            if (!language.trim()) return setMessage('Give a language tag like de, fr or pt-BR.');
            setMessage(null);
            act({ action: 'translate', language: language.trim() });
          }}
        >
          <label>
            Language tag <input className="field__input" value={language} onChange={(e) => setLanguage(e.target.value)} placeholder="de, fr, pt-BR" />
          </label>
          <Button type="submit" inactive={running}>
            Translate
          </Button>
        </form>
      ) : null}
      {message ? <p className="field__error">{message}</p> : null}
    </article>
  );
}
