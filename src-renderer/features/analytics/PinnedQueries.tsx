import { useStore } from 'zustand';
import { Button } from '../../components/Button';
import type { AskStore } from '../../store/analytics-ask';
import { QueryResultView } from './QueryResultView';

/** Queries pinned from "Ask your data", each with its result run now. */
export function PinnedQueries({ store }: { store: AskStore }) {
  const pinned = useStore(store, (s) => s.pinned);
  const setPinned = useStore(store, (s) => s.setPinned);
  if (pinned.length === 0) return null;
  return (
    <section className="analytics-pinned" aria-labelledby="pinned-title">
      <h2 id="pinned-title">Pinned questions</h2>
      {pinned.map((p) => (
        <article key={p.query.id} className="analytics-pinned__item">
          <header>
            <h3>{p.query.question ?? p.query.sql}</h3>
            <Button variant="ghost" className="no-print" onClick={() => void setPinned(p.query.id, false)}>
              Unpin
            </Button>
          </header>
          {p.query.state === 'refused' ? <p className="analytics-note">Could not run now: {p.query.message}</p> : <QueryResultView result={p} title={p.query.question ?? 'Pinned query'} />}
        </article>
      ))}
    </section>
  );
}
