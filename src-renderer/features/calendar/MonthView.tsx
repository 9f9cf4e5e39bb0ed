import type { LocalDate } from '../../../src-shared/schedule/zoned-time';
import type { CalendarEntry } from './calendar-entries';
import { dayOfMonth, dayTitle, monthWeeks, sameMonth, weekdayShort } from './date-grid';
import { useDropTargets } from './useDropTargets';
import { EntryChip, type EntryActions } from './EntryChip';
import { MoreButton } from './MoreButton';

/** Chips shown in one day before the rest fold into "+N more". */
export const MONTH_CHIPS_PER_DAY = 3;

export interface MonthViewProps extends EntryActions {
  anchor: LocalDate;
  today: LocalDate;
  byDay: ReadonlyMap<LocalDate, CalendarEntry[]>;
  /** The entry being dragged, if any: days accept it as a drop. */
  dragging: CalendarEntry | null;
  /** A drop on a day: the post keeps its time of day. */
  onDropOnDay: (day: LocalDate) => void;
  onOpenDay: (day: LocalDate) => void;
}

/** The month in Monday-first weeks; each day shows its first few posts and how many more. */
export function MonthView({ anchor, today, byDay, dragging, onDropOnDay, onOpenDay, ...actions }: MonthViewProps) {
  const weeks = monthWeeks(anchor);
  const { over, handlersFor: dropHandlers } = useDropTargets(dragging !== null, (day) => onDropOnDay(day));

  return (
    <table className="month">
      <caption className="visually-hidden">Posts by day</caption>
      <thead>
        <tr>
          {(weeks[0] ?? []).map((day) => (
            <th key={day} scope="col" className="month__weekday">
              {weekdayShort(day)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]}>
            {week.map((day) => {
              const entries = byDay.get(day) ?? [];
              const more = entries.length - MONTH_CHIPS_PER_DAY;
              const classes = [
                'month__day',
                sameMonth(day, anchor) ? '' : 'month__day--outside',
                day === today ? 'month__day--today' : '',
                over === day ? 'is-drop-target' : '',
              ].filter(Boolean);
              return (
                <td key={day} className={classes.join(' ')} data-day={day} {...dropHandlers(day)}>
                  <button
                    type="button"
                    className="month__date"
                    aria-label={`${dayTitle(day)}${day === today ? ', today' : ''}: ${entries.length} ${entries.length === 1 ? 'post' : 'posts'}`}
                    aria-current={day === today ? 'date' : undefined}
                    onClick={() => onOpenDay(day)}
                  >
                    {dayOfMonth(day)}
                  </button>
                  {entries.length > 0 ? (
                    <ul className="month__entries">
                      {entries.slice(0, MONTH_CHIPS_PER_DAY).map((entry) => (
                        <li key={entry.key}>
                          <EntryChip entry={entry} {...actions} />
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  <MoreButton more={more} day={day} onOpenDay={onOpenDay} />
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
