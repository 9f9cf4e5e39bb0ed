import { useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';
import { generationSubject, type Generation } from '../../../src-shared/ai';
import { PLATFORM_NAMES } from '../../../src-shared/platforms/platform';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/Checkbox';
import { CompareRuns } from './CompareRuns';
import type { StudioStore } from '../../store/studio';

const KIND_WORDS: Record<Generation['kind'], string> = { text: 'Text', image: 'Pictures', speech: 'Speech', video: 'Video', transcription: 'Captions', sentiment: 'Comment sentiment' };

const promptOf = (g: Generation): string => generationSubject(g.params);

function outcome(g: Generation): string {
  if (g.state === 'failed') return g.error?.message ?? 'Failed.';
  if (g.state === 'running') return g.progress === null ? 'Running…' : `Running… ${g.progress}%`;
  const stopped = g.state === 'cancelled' ? 'Stopped; ' : '';
  if (g.kind === 'sentiment') return `${stopped}labels kept with the comments (Analytics)`;
  if (g.kind === 'text') return `${stopped}${g.variants.map((v) => PLATFORM_NAMES[v.platform]).join(', ') || 'no text'}`;
  return `${stopped}${g.mediaIds.length} file(s) in the media library`;
}

/** Every generation with its prompt, model, tokens and cost; each can be sent again as it was. */
export function HistoryPanel({ store, workspaceId }: { store: StudioStore; workspaceId: string }) {
  const { api } = useSession();
  const searchId = useId();
  const all = useStore(store, (s) => s.history);
  const running = useStore(store, (s) => s.running);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<Generation[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  // The search runs in the core (all of the history, not only what is loaded), a moment after typing; it follows new generations too.
  useEffect(() => {
    const q = search.trim();
    if (!q) return setFound(null);
    let live = true;
    const timer = window.setTimeout(() => {
      api
        .call('studio.history', { workspaceId, search: q, limit: 50 })
        .then((list) => live && (setFound(list), setSearchError(null)))
        .catch((failure: unknown) => live && setSearchError(errorMessage(failure)));
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [search, api, workspaceId, all]);
  const history = found ?? all;
  // Up to two runs ticked for comparing; ticking a third drops the oldest tick.
  // Kept by id and looked up, so a run that ends while compared shows its outcome.
  const [pickedIds, setPickedIds] = useState<string[]>([]);
  const pick = (g: Generation, on: boolean) => setPickedIds((list) => (on ? [...list.filter((x) => x !== g.id), g.id].slice(-2) : list.filter((x) => x !== g.id)));
  const known = new Map([...(found ?? []), ...all].map((g) => [g.id, g]));
  const picked = pickedIds.flatMap((id) => known.get(id) ?? []);
  return (
    <section className="studio-panel studio-history" aria-labelledby="studio-history-title">
      <h2 id="studio-history-title">History</h2>
      <div className="field">
        <label className="field__label" htmlFor={searchId}>
          Search the history
        </label>
        <input id={searchId} type="search" className="field__input" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Words from a brief, prompt or text" />
      </div>
      {searchError ? <p className="field__error">{searchError}</p> : null}
      {picked.length === 2 ? <CompareRuns a={picked[0]!} b={picked[1]!} onClose={() => setPickedIds([])} /> : picked.length === 1 ? <p className="studio-note">Tick one more run to compare the two side by side.</p> : null}
      {history.length === 0 ? <p className="studio-note">{found ? `Nothing matches "${search.trim()}".` : 'Nothing generated yet.'}</p> : null}
      <ul className="studio-history__list">
        {history.map((g) => (
          <li key={g.id} className="studio-history__item" data-testid="studio-history-item">
            <div className="studio-history__head">
              <strong>{g.params.kind === 'image' && g.params.edit ? 'Picture edit' : KIND_WORDS[g.kind]}</strong> · {g.providerName} / {g.model} · {g.usage ? `${g.usage.totalTokens} tokens` : 'no token count'} ·{' '}
              {g.estimatedCostUsd === null ? 'cost unknown' : g.estimatedCostUsd === 0 ? 'free' : `~$${g.estimatedCostUsd.toFixed(4)}`}
              {g.rerunOf ? ' · re-run' : ''}
            </div>
            <p className="studio-history__prompt">{promptOf(g)}</p>
            <p className={g.state === 'failed' ? 'studio-verdict studio-verdict--bad' : 'studio-verdict'}>{outcome(g)}</p>
            <div className="studio-variant__actions">
              {g.kind === 'sentiment' ? null : (
                <Button inactive={running} onClick={() => void store.getState().rerun(g.id)}>
                  Run again
                </Button>
              )}
              {(g.params.kind === 'text' && !g.params.action) || g.params.kind === 'image' ? (
                <Button inactive={running} onClick={() => store.getState().startTweak(g)}>
                  Change and run…
                </Button>
              ) : null}
              <Checkbox label="Compare" checked={pickedIds.includes(g.id)} onChange={(e) => pick(g, e.target.checked)} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
