import { useEffect, useMemo, useRef } from 'react';
import type { LocalDate } from '../../../src-shared/schedule/zoned-time';
import type { CalendarEntry } from './calendar-entries';
import { groupByHour } from './calendar-entries';
import { dayOfMonth, dayTitle, weekDays, weekdayShort } from './date-grid';
import { EntryChip, type EntryActions } from './EntryChip';
import { MoreButton } from './MoreButton';
import { useDropTargets } from './useDropTargets';

/** Chips shown in one hour before the rest fold into "+N more". */
export const WEEK_CHIPS_PER_HOUR = 2;
/** The hour the grid opens scrolled to: mornings are when most posts go out. */
const FIRST_VISIBLE_HOUR = 7;

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

export interface WeekViewProps extends EntryActions {
  anchor: LocalDate;
  today: LocalDate;
  byDay: ReadonlyMap<LocalDate, CalendarEntry[]>;
  dragging: CalendarEntry | null;
  /** A drop on an hour of a day: the post keeps its minutes. */
  onDropOnSlot: (day: LocalDate, hour: number) => void;
  onOpenDay: (day: LocalDate) => void;
}

/** Seven days by 24 hours; each post sits in the hour it goes out, in the calendar's zone. */
export function WeekView({ anchor, today, byDay, dragging, onDropOnSlot, onOpenDay, ...actions }: WeekViewProps) {
  const days = useMemo(() => weekDays(anchor), [anchor]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { over, handlersFor } = useDropTargets(dragging !== null, (slot) => {
    const [day, hour] = slot.split('@');
    onDropOnSlot(day as LocalDate, Number(hour));
  });
  const byDayHour = useMemo(() => new Map(days.map((day) => [day, groupByHour(byDay.get(day) ?? [])])), [days, byDay]);

  useEffect(() => {
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-hour="${FIRST_VISIBLE_HOUR}"]`);
    if (scrollRef.current && row) scrollRef.current.scrollTop = row.offsetTop - (scrollRef.current.querySelector('thead')?.offsetHeight ?? 0);
  }, []);

  const dropHandlers = (day: LocalDate, hour: number) => handlersFor(`${day}@${hour}`);

  return (
    <div className="week" ref={scrollRef}>
      <table className="week__grid">
        <caption className="visually-hidden">Posts by day and hour</caption>
        <thead>
          <tr>
            <td className="week__corner" />
            {days.map((day) => (
              <th key={day} scope="col" className={`week__day${day === today ? ' week__day--today' : ''}`} aria-current={day === today ? 'date' : undefined}>
                <button type="button" className="week__day-button" aria-label={dayTitle(day)} onClick={() => onOpenDay(day)}>
                  <span className="week__weekday">{weekdayShort(day)}</span> <span className="week__date">{dayOfMonth(day)}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {HOURS.map((hour) => (
            <tr key={hour} data-hour={hour}>
              <th scope="row" className="week__hour">
                {hourLabel(hour)}
              </th>
              {days.map((day) => {
                const entries = byDayHour.get(day)?.get(hour) ?? [];
                const more = entries.length - WEEK_CHIPS_PER_HOUR;
                const slot = `${day}@${hour}`;
                return (
                  <td key={day} className={`week__slot${over === slot ? ' is-drop-target' : ''}`} data-slot={`${day} ${hourLabel(hour)}`} {...dropHandlers(day, hour)}>
                    {entries.slice(0, WEEK_CHIPS_PER_HOUR).map((entry) => (
                      <EntryChip key={entry.key} entry={entry} {...actions} />
                    ))}
                    <MoreButton more={more} day={day} onOpenDay={onOpenDay} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
