import type { LocalDate } from '../../../src-shared/schedule/zoned-time';
import { dayTitle } from './date-grid';

/** "+12 more" under the chips that fit: opens the whole day. */
export function MoreButton({ more, day, onOpenDay }: { more: number; day: LocalDate; onOpenDay: (day: LocalDate) => void }) {
  if (more <= 0) return null;
  return (
    <button type="button" className="month__more" onClick={() => onOpenDay(day)}>
      +{more} more<span className="visually-hidden"> on {dayTitle(day)}</span>
    </button>
  );
}
