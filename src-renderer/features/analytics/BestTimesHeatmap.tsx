import type { BestTimes } from '../../../src-shared/analytics';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { WEEKDAYS } from './words';

/** The account's hour-of-week grid: darker is better; the picks are outlined. Too little data is said plainly. */
export function BestTimesHeatmap({ best, onApply, message }: { best: BestTimes; onApply: () => void; message: { tone: 'success' | 'error'; text: string } | null }) {
  const max = Math.max(0, ...best.grid.flat().map((v) => v ?? 0));
  const picked = new Set(best.best.map((b) => `${b.weekday}:${b.hour}`));
  return (
    <section className="best-times" aria-labelledby="best-times-title">
      <header className="analytics-table__head">
        <h3 id="best-times-title">Best times to post ({best.timeZone})</h3>
        <span className={`confidence confidence--${best.confidence}`}>Confidence: {best.confidence}</span>
      </header>
      <p className="best-times__evidence">{best.evidence}</p>
      <table className="heatmap" aria-label="Expected engagements by weekday and hour">
        <thead>
          <tr>
            <th scope="col" />
            {Array.from({ length: 24 }, (_, h) => (
              <th key={h} scope="col">
                {h % 3 === 0 ? String(h).padStart(2, '0') : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {best.grid.map((row, d) => (
            <tr key={d}>
              <th scope="row">{WEEKDAYS[d]}</th>
              {row.map((v, h) => {
                const posts = best.counts[d]?.[h] ?? 0;
                const title = v === null ? `${WEEKDAYS[d]} ${h}:00 — no posts near this hour` : `${WEEKDAYS[d]} ${String(h).padStart(2, '0')}:00 — expects ${v} engagements (${posts} post${posts === 1 ? '' : 's'} at this hour)`;
                return (
                  <td
                    key={h}
                    title={title}
                    aria-label={title}
                    className={picked.has(`${d}:${h}`) ? 'heatmap__pick' : undefined}
                    style={{ background: v === null || max === 0 ? undefined : `rgba(37, 99, 235, ${0.08 + 0.92 * (v / max)})` }}
                  />
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {best.best.length > 0 ? (
        <div className="best-times__actions no-print">
          <p>
            Best: {best.best.map((b) => `${WEEKDAYS[b.weekday]} ${String(b.hour).padStart(2, '0')}:00`).join(', ')}
          </p>
          <Button variant="primary" onClick={onApply}>
            Set this account's queue slots to these times
          </Button>
        </div>
      ) : null}
      {message ? <InlineMessage tone={message.tone}>{message.text}</InlineMessage> : null}
    </section>
  );
}
