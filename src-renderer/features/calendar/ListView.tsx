import { useMemo } from 'react';
import type { LocalDate } from '../../../src-shared/schedule/zoned-time';
import type { CalendarEntry } from './calendar-entries';
import { groupByDay } from './calendar-entries';
import { dayTitle } from './date-grid';
import { EntryChip, type EntryActions } from './EntryChip';
import { VirtualList } from './VirtualList';

/** Every row of the list is this tall, day headings included: the windowing relies on it. */
export const LIST_ROW_HEIGHT = 44;

type Row = { kind: 'day'; day: LocalDate; count: number } | { kind: 'entry'; entry: CalendarEntry };

export interface ListViewProps extends EntryActions {
  entries: readonly CalendarEntry[];
  today: LocalDate;
  /** What the list is called, e.g. "Posts in March 2026". */
  label: string;
}

/** The period's posts day by day, as one long list that draws only what is in view. */
export function ListView({ entries, today, label, ...actions }: ListViewProps) {
  const rows = useMemo(() => {
    const flat: Row[] = [];
    for (const [day, list] of groupByDay(entries)) {
      flat.push({ kind: 'day', day, count: list.length });
      for (const entry of list) flat.push({ kind: 'entry', entry });
    }
    return flat;
  }, [entries]);

  return (
    <VirtualList
      className="list-view"
      label={label}
      count={rows.length}
      rowHeight={LIST_ROW_HEIGHT}
      height={620}
      rowKey={(i) => {
        const row = rows[i] as Row;
        return row.kind === 'day' ? `day:${row.day}` : row.entry.key;
      }}
      renderRow={(i) => {
        const row = rows[i] as Row;
        if (row.kind === 'entry') return <EntryChip entry={row.entry} layout="row" {...actions} />;
        return (
          <h3 className={`list-view__day${row.day === today ? ' list-view__day--today' : ''}`} tabIndex={-1}>
            {dayTitle(row.day)}
            {row.day === today ? <span className="list-view__today"> · Today</span> : null}
            <span className="list-view__count">
              {row.count} {row.count === 1 ? 'post' : 'posts'}
            </span>
          </h3>
        );
      }}
    />
  );
}
