import type { EntryStatus } from './calendar-entries';
import { STATUS_LABELS } from './calendar-entries';
import { StatusGlyph } from './EntryChip';

const SHOWN: EntryStatus[] = ['draft', 'scheduled', 'publishing', 'published', 'failed', 'needs_attention'];

/** What each colour and shape means, with how many of each the period holds. */
export function Legend({ counts }: { counts: Record<EntryStatus, number> }) {
  return (
    <ul className="legend" aria-label="Status colours">
      {SHOWN.map((status) => (
        <li key={status} className={`legend__item legend__item--${status}`}>
          <span className={`legend__swatch entry--${status}`}>
            <StatusGlyph status={status} />
          </span>
          {STATUS_LABELS[status]}
          {status !== 'draft' ? <span className="legend__count">{counts[status]}</span> : null}
        </li>
      ))}
    </ul>
  );
}
