import type { LocalDate } from '../../../src-shared/schedule/zoned-time';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import type { CalendarEntry } from './calendar-entries';
import { dayTitle } from './date-grid';
import { EntryChip, type EntryActions } from './EntryChip';
import { LIST_ROW_HEIGHT } from './ListView';
import { VirtualList } from './VirtualList';

/** Every post of one day, for a day with more than its cell can show. */
export function DayDialog({ day, entries, onClose, ...actions }: EntryActions & { day: LocalDate; entries: readonly CalendarEntry[]; onClose: () => void }) {
  return (
    <Dialog title={dayTitle(day)} onClose={onClose}>
      {entries.length === 0 ? (
        <p className="dialog__text">Nothing is scheduled on this day.</p>
      ) : (
        <VirtualList
          className="day-dialog__list"
          label={`Posts on ${dayTitle(day)}`}
          count={entries.length}
          rowHeight={LIST_ROW_HEIGHT}
          height={400}
          rowKey={(i) => (entries[i] as CalendarEntry).key}
          renderRow={(i) => <EntryChip entry={entries[i] as CalendarEntry} layout="row" {...actions} />}
        />
      )}
      <div className="form__actions">
        <Button onClick={onClose}>Close</Button>
      </div>
    </Dialog>
  );
}
