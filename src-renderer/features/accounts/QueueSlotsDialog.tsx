import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import type { Account, QueueSchedule } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { fieldErrors } from '../../api/field-errors';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { InlineMessage } from '../../components/InlineMessage';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { TimeZoneSelect } from '../../components/TimeZoneSelect';
import { slotWords, WEEKDAY_NAMES } from '../../components/when-words';
import { byWeekday, hasSlot, hhmm, sortSlots, WEEKDAYS, withoutSlot, withSlot, type Slot, type Weekday } from './queue-slot-list';
import { systemTimeZone } from '../../../src-shared/schedule/zoned-time';

const WEEKDAY_OPTIONS = WEEKDAYS.map((day) => ({ value: String(day), label: WEEKDAY_NAMES[day - 1] ?? '' }));
const dayName = (day: Weekday) => WEEKDAY_NAMES[day - 1] ?? '';

/** What saving did to "Next free queue slot", in one sentence. */
function savedWords(queue: QueueSchedule): string {
  if (queue.slots.length === 0) return 'Saved. With no posting times, this account has no next free slot; choose a time when you schedule.';
  if (!queue.nextFreeSlot) return 'Saved. Every posting time in the next 8 weeks is already taken; add times to queue more posts.';
  const zone = queue.timeZone === systemTimeZone() ? '' : ` (${queue.timeZone.replaceAll('_', ' ')} time)`;
  return `Saved. Next free slot: ${slotWords(queue.nextFreeSlot, queue.timeZone)}${zone}.`;
}

/**
 * An account's weekly posting times: "Next free queue slot" in Compose picks the first of them that
 * nothing is scheduled in. Times are wall-clock times in the chosen zone, so daylight saving never moves them.
 */
export function QueueSlotsDialog({ account, onClose }: { account: Account; onClose: () => void }) {
  const { api } = useSession();
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [timeZone, setTimeZone] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [weekday, setWeekday] = useState<Weekday>(1);
  const [time, setTime] = useState('09:00');
  const [addError, setAddError] = useState<string | null>(null);
  const [zoneError, setZoneError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const weekdayRef = useRef<HTMLSelectElement>(null);
  const weekRef = useRef<HTMLUListElement>(null);
  /** After a removal: the position of the Remove button that should get focus, so it never falls to <body>. */
  const [focusAfterRemove, setFocusAfterRemove] = useState<number | null>(null);

  const load = () => {
    setLoadError(null);
    api.call('queue.get', { workspaceId: account.workspaceId, accountId: account.id }).then(
      (queue) => {
        setSlots(sortSlots(queue.slots));
        setTimeZone(queue.timeZone);
      },
      (failure: unknown) => setLoadError(errorMessage(failure)),
    );
  };
  useEffect(load, [api, account.workspaceId, account.id]);

  // Once the times are there, start where the user adds one.
  const loaded = slots !== null;
  useEffect(() => {
    if (loaded) weekdayRef.current?.focus();
  }, [loaded]);

  useEffect(() => {
    if (focusAfterRemove === null) return;
    const buttons = weekRef.current?.querySelectorAll<HTMLButtonElement>('[data-slot-remove]') ?? [];
    const next = buttons[Math.min(focusAfterRemove, buttons.length - 1)];
    (next ?? weekdayRef.current)?.focus();
    setFocusAfterRemove(null);
  }, [focusAfterRemove]);

  const edited = () => {
    setError(null);
    setDone(null);
  };

  const add = () => {
    if (!slots) return;
    const at = hhmm(time);
    if (!/^\d{2}:\d{2}$/.test(at)) {
      setAddError('Enter a time, like 09:00.');
      return;
    }
    const slot = { weekday, time: at };
    if (hasSlot(slots, slot)) {
      setAddError(`${dayName(weekday)} ${at} is already a posting time.`);
      return;
    }
    setAddError(null);
    setSlots(withSlot(slots, slot));
    edited();
  };

  const remove = (slot: Slot) => {
    if (!slots) return;
    setFocusAfterRemove(sortSlots(slots).findIndex((s) => s.weekday === slot.weekday && s.time === slot.time));
    setSlots(withoutSlot(slots, slot));
    edited();
  };

  // Enter in the time field adds the time instead of saving the whole week.
  const addOnEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add();
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !slots) return;
    setBusy(true);
    edited();
    setZoneError(null);
    try {
      const queue = await api.call('queue.set', { workspaceId: account.workspaceId, accountId: account.id, timeZone, slots });
      setSlots(sortSlots(queue.slots));
      setTimeZone(queue.timeZone);
      setDone(savedWords(queue));
    } catch (failure) {
      const zone = fieldErrors(failure).timeZone;
      if (zone) setZoneError(zone);
      else setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Posting times for ${account.handle}`} onClose={onClose}>
      <p className="dialog__text">
        When you schedule a post for “Next free queue slot”, it goes out at the first of these times that nothing else of {account.handle}{' '}
        is scheduled in.
      </p>
      {loadError ? (
        <>
          <InlineMessage tone="error">{loadError}</InlineMessage>
          <div className="form__actions">
            <Button onClick={onClose}>Close</Button>
            <Button variant="primary" onClick={load}>
              Try again
            </Button>
          </div>
        </>
      ) : !slots ? (
        <>
          <p className="muted">Loading…</p>
          <div className="form__actions">
            <Button onClick={onClose}>Close</Button>
          </div>
        </>
      ) : (
        <form className="form" onSubmit={save} noValidate>
          <ul ref={weekRef} className="boxed-list queue-week" aria-label="Posting times by weekday">
            {byWeekday(slots).map(({ weekday: day, times }) => (
              <QueueDay key={day} weekday={day} times={times} onRemove={remove} />
            ))}
          </ul>
          <fieldset className="queue-add">
            <legend className="field__label">Add a posting time</legend>
            <div className="queue-add__inputs">
              <SelectField
                ref={weekdayRef}
                label="Weekday"
                options={WEEKDAY_OPTIONS}
                value={String(weekday)}
                onChange={(event) => {
                  setWeekday(Number(event.target.value) as Weekday);
                  setAddError(null);
                }}
              />
              <TextField
                label="Time"
                type="time"
                className="field--short"
                value={time}
                error={addError}
                onKeyDown={addOnEnter}
                onChange={(event) => {
                  setTime(event.target.value);
                  setAddError(null);
                }}
              />
              <Button className="queue-add__button" onClick={add}>
                Add time
              </Button>
            </div>
          </fieldset>
          <TimeZoneSelect
            value={timeZone}
            error={zoneError}
            hint="The times above are read in this zone, so daylight saving never moves them."
            onChange={(event) => {
              setTimeZone(event.target.value);
              setZoneError(null);
              edited();
            }}
          />
          {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
          {done ? <InlineMessage tone="success">{done}</InlineMessage> : null}
          <div className="form__actions">
            <Button onClick={onClose}>Close</Button>
            <Button type="submit" variant="primary" inactive={busy}>
              {busy ? 'Saving…' : 'Save posting times'}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

function QueueDay({ weekday, times, onRemove }: { weekday: Weekday; times: string[]; onRemove: (slot: Slot) => void }) {
  const nameId = useId();
  const name = dayName(weekday);
  return (
    <li className="queue-day" aria-labelledby={nameId}>
      <span id={nameId} className="queue-day__name">
        {name}
      </span>
      {times.length === 0 ? (
        <span className="queue-day__none">No times</span>
      ) : (
        <ul className="queue-day__times" aria-label={`${name} times`}>
          {times.map((time) => (
            <li key={time} className="queue-time">
              <span>{time}</span>
              <button type="button" className="queue-time__remove" data-slot-remove aria-label={`Remove ${name} ${time}`} onClick={() => onRemove({ weekday, time })}>
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
