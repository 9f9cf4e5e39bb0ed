import { useState } from 'react';
import type { FormEvent } from 'react';
import { isValidLocalDate, isValidLocalTime } from '../../../src-shared/schedule/zoned-time';
import { errorMessage } from '../../api/error-message';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { InlineMessage } from '../../components/InlineMessage';
import { TextField } from '../../components/TextField';
import { isDuplicateClash } from '../../store/posts';
import type { CalendarEntry } from './calendar-entries';

export interface MoveDialogProps {
  entry: CalendarEntry;
  /** The zone the calendar shows, which the date and time are read in. */
  zone: string;
  /** How many accounts move with it (a post moves as a whole). */
  accountCount: number;
  /** Moves the post; throws the core's error when it refuses. */
  onMove: (date: string, time: string, allowDuplicate: boolean) => Promise<void>;
  onClose: () => void;
}

/** The keyboard's way to reschedule: a date and a time, with the core's refusal shown in place. */
export function MoveDialog({ entry, zone, accountCount, onMove, onClose }: MoveDialogProps) {
  const [date, setDate] = useState(entry.day);
  const [time, setTime] = useState(entry.time);
  const [problem, setProblem] = useState<{ message: string; duplicate: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const dateError = isValidLocalDate(date) ? null : 'Enter a date as YYYY-MM-DD.';
  const timeError = isValidLocalTime(time) ? null : 'Enter a time as HH:mm (24-hour).';
  const [showErrors, setShowErrors] = useState(false);

  const move = async (allowDuplicate: boolean) => {
    if (busy) return;
    if (dateError || timeError) {
      setShowErrors(true);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await onMove(date, time.slice(0, 5), allowDuplicate);
    } catch (failure) {
      setProblem({ message: errorMessage(failure), duplicate: isDuplicateClash(failure) });
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void move(false);
  };

  return (
    <Dialog title="Move post" onClose={onClose}>
      <p className="dialog__text">
        “{entry.excerpt}”{' '}
        {accountCount > 1 ? `moves for all ${accountCount} of its accounts that have not posted yet.` : `moves for ${entry.handle}.`} Times are in{' '}
        {zone}
        {entry.postTimeZone !== zone ? `; the post keeps its own zone, ${entry.postTimeZone}` : ''}.
      </p>
      <form className="form" onSubmit={submit} noValidate>
        <div className="move-dialog__fields">
          <TextField label="Date" type="date" value={date} onChange={(e) => setDate(e.target.value)} error={showErrors ? dateError : null} data-autofocus required />
          <TextField label="Time" type="time" value={time} onChange={(e) => setTime(e.target.value)} error={showErrors ? timeError : null} required />
        </div>
        {problem ? <InlineMessage tone="error">{problem.message}</InlineMessage> : null}
        <div className="form__actions">
          <Button onClick={onClose}>Cancel</Button>
          {problem?.duplicate ? (
            <Button variant="danger" inactive={busy} onClick={() => void move(true)}>
              Move anyway
            </Button>
          ) : null}
          <Button type="submit" variant="primary" inactive={busy}>
            {busy ? 'Moving…' : 'Move'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
