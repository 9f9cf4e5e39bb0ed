import { useStore } from 'zustand';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import type { AskStore } from '../../store/analytics-ask';
import { QueryResultView } from './QueryResultView';

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** "Ask your data": a question in words becomes one read-only SQL query, shown and editable, with its answer and the history. */
export function AskPanel({ store }: { store: AskStore }) {
  const s = useStore(store);
  const q = s.result?.query;
  const noProvider = s.providers.length === 0;
  return (
    <section className="analytics-ask no-print" aria-labelledby="ask-title">
      <h2 id="ask-title">Ask your data</h2>
      <p className="analytics-note">
        Ask in plain words; the AI provider writes one SQL query over the analytics views (never other data), it runs read-only, and you see the query. Edit it and run it again if it is not quite right.
      </p>
      <form
        className="analytics-ask__question"
        onSubmit={(e) => {
          e.preventDefault();
          void s.ask();
        }}
      >
        <TextField label="Question" value={s.question} onChange={(e) => s.setQuestion(e.target.value)} placeholder="Which posts with video did best last quarter?" maxLength={2000} />
        {s.providers.length > 1 ? <SelectField label="AI provider" value={s.provider ?? ''} onChange={(e) => s.setProvider(e.target.value)} options={s.providers.map((p) => ({ value: p.name, label: p.name }))} /> : null}
        <Button type="submit" variant="primary" inactive={s.running || noProvider || !s.question.trim()}>
          {s.running ? 'Working…' : 'Ask'}
        </Button>
      </form>
      {noProvider ? <p className="analytics-note">Add an AI provider in Settings → AI to ask in words. You can still type SQL below.</p> : null}
      <div className="analytics-ask__sql">
        <label htmlFor="ask-sql">SQL</label>
        <textarea id="ask-sql" value={s.sql} onChange={(e) => s.setSql(e.target.value)} rows={Math.min(12, Math.max(4, s.sql.split('\n').length + 1))} spellCheck={false} placeholder="SELECT platform, sum(engagements) FROM analytics_posts GROUP BY platform" />
        <Button inactive={s.running || !s.sql.trim()} onClick={() => void s.runSql()}>
          Run SQL
        </Button>
      </div>
      {s.error ? <InlineMessage tone="error">{s.error}</InlineMessage> : null}
      {q?.state === 'refused' ? <InlineMessage tone="error">Not run: {q.message}</InlineMessage> : null}
      {s.result && q?.state === 'answered' ? (
        <>
          <div className="analytics-ask__result-head">
            <span>
              Ran {when(q.ranAt)} in {q.durationMs} ms
            </span>
            <Button variant="ghost" onClick={() => void s.setPinned(q.id, !q.pinned)}>
              {s.history.find((h) => h.id === q.id)?.pinned ? 'Unpin from dashboard' : 'Pin to dashboard'}
            </Button>
          </div>
          <QueryResultView result={s.result} title={q.question ?? 'Query result'} />
        </>
      ) : null}
      <div className="analytics-ask__history">
        <h3>History</h3>
        <TextField label="Search the history" type="search" value={s.search} onChange={(e) => void s.setSearch(e.target.value)} />
        {s.history.length === 0 ? (
          <p className="empty-note">{s.search ? 'No query matches.' : 'Questions you ask and SQL you run are kept here.'}</p>
        ) : (
          <ul aria-label="Query history">
            {s.history.map((h) => (
              <li key={h.id} className={`ask-history ask-history--${h.state}`}>
                <div className="ask-history__what">
                  <strong>{h.question ?? 'Typed SQL'}</strong>
                  <code>{h.sql ?? '(no query)'}</code>
                  <span className="ask-history__meta">
                    {when(h.ranAt)} · {h.state === 'answered' ? `${h.rowCount} row(s)` : `refused: ${h.message ?? ''}`}
                    {h.source === 'sql' ? ' · your SQL' : h.source === 'rerun' ? ' · re-run' : ''}
                    {h.pinned ? ' · pinned' : ''}
                  </span>
                </div>
                <div className="ask-history__actions">
                  <Button variant="ghost" inactive={!h.sql || s.running} onClick={() => void s.rerun(h.id)} aria-label={`Re-run ${h.question ?? h.sql ?? h.id}`}>
                    Re-run
                  </Button>
                  <Button variant="ghost" onClick={() => s.setSql(h.sql ?? '')} inactive={!h.sql}>
                    Edit
                  </Button>
                  {h.state === 'answered' ? (
                    <Button variant="ghost" onClick={() => void s.setPinned(h.id, !h.pinned)}>
                      {h.pinned ? 'Unpin' : 'Pin'}
                    </Button>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
