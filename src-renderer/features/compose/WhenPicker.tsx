import { useId, useMemo } from 'react';
import { useStore } from 'zustand';
import type { Account } from '../../../src-shared/domain';
import type { Weekday } from '../../../src-shared/schedule/zoned-time';
import { isValidTimeZone } from '../../../src-shared/schedule/zoned-time';
import { TextField } from '../../components/TextField';
import { knownTimeZones, nextOccurrences, whenProblem, type WhenState } from './composer-logic';
import type { ComposerStore } from './composer-store';
import { formatInstant } from './format-time';
import type { QueueAnswer } from './useQueueSlots';

const KINDS: { kind: WhenState['kind']; label: string }[] = [
  { kind: 'now', label: 'Now' },
  { kind: 'at', label: 'At a time' },
  { kind: 'nextSlot', label: 'Next free queue slot' },
  { kind: 'recurring', label: 'Repeat' },
];

const WEEKDAYS: { day: Weekday; short: string; long: string }[] = [
  { day: 1, short: 'Mon', long: 'Monday' },
  { day: 2, short: 'Tue', long: 'Tuesday' },
  { day: 3, short: 'Wed', long: 'Wednesday' },
  { day: 4, short: 'Thu', long: 'Thursday' },
  { day: 5, short: 'Fri', long: 'Friday' },
  { day: 6, short: 'Sat', long: 'Saturday' },
  { day: 7, short: 'Sun', long: 'Sunday' },
];

/** When the post goes out: now, at a time in a zone, into each account's queue, or on repeat. */
export function WhenPicker({ store, accounts, queues }: { store: ComposerStore; accounts: readonly Account[]; queues: Record<string, QueueAnswer> }) {
  const when = useStore(store, (s) => s.when);
  const setWhen = useStore(store, (s) => s.setWhen);
  const name = useId();
  const problem = whenProblem(when);

  return (
    <fieldset className="compose-when">
      <legend className="compose-section__title">When</legend>
      <div className="compose-when__kinds" role="radiogroup" aria-label="When to post">
        {KINDS.map(({ kind, label }) => (
          <label key={kind} className="compose-when__kind">
            <input type="radio" name={name} value={kind} checked={when.kind === kind} onChange={() => setWhen({ kind })} />
            <span>{label}</span>
          </label>
        ))}
      </div>
      {when.kind === 'at' || when.kind === 'recurring' ? <DateTimeZone when={when} setWhen={setWhen} /> : null}
      {when.kind === 'recurring' ? <RepeatRule when={when} setWhen={setWhen} /> : null}
      {when.kind === 'nextSlot' ? <QueueSlots accounts={accounts} queues={queues} /> : null}
      <div aria-live="polite">
        {problem ? <p className="field__error">{problem}</p> : null}
        {when.kind === 'recurring' && !problem ? <Occurrences when={when} /> : null}
      </div>
    </fieldset>
  );
}

type SetWhen = (patch: Partial<WhenState>) => void;

function DateTimeZone({ when, setWhen }: { when: WhenState; setWhen: SetWhen }) {
  const listId = useId();
  const zones = useMemo(knownTimeZones, []);
  return (
    <div className="compose-when__row">
      <TextField
        label={when.kind === 'recurring' ? 'Starting on' : 'Date'}
        type="date"
        value={when.date}
        onChange={(event) => setWhen({ date: event.target.value })}
      />
      <TextField label="Time" type="time" value={when.time} onChange={(event) => setWhen({ time: event.target.value })} />
      <TextField
        label="Time zone"
        list={listId}
        value={when.timeZone}
        className="compose-when__zone"
        hint="Type to search, e.g. Berlin or New_York."
        error={when.timeZone && !isValidTimeZone(when.timeZone) ? 'Not a time zone PromoGPT knows; pick one from the list.' : null}
        onChange={(event) => setWhen({ timeZone: event.target.value })}
      />
      <datalist id={listId}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </div>
  );
}

function RepeatRule({ when, setWhen }: { when: WhenState; setWhen: SetWhen }) {
  const endName = useId();
  const toggle = (day: Weekday) =>
    setWhen({ weekdays: when.weekdays.includes(day) ? when.weekdays.filter((d) => d !== day) : [...when.weekdays, day].sort((a, b) => a - b) });
  return (
    <div className="compose-when__repeat">
      <div className="compose-when__row">
        <TextField
          label="Every"
          type="number"
          min={1}
          max={52}
          className="field--short"
          value={String(when.every)}
          onChange={(event) => setWhen({ every: Number(event.target.value) })}
        />
        <div className="field">
          <label className="field__label" htmlFor={`${endName}-unit`}>
            Unit
          </label>
          <select id={`${endName}-unit`} className="field__input" value={when.unit} onChange={(event) => setWhen({ unit: event.target.value as WhenState['unit'] })}>
            <option value="day">{when.every === 1 ? 'day' : 'days'}</option>
            <option value="week">{when.every === 1 ? 'week' : 'weeks'}</option>
          </select>
        </div>
      </div>
      {when.unit === 'week' ? (
        <fieldset className="compose-when__weekdays">
          <legend className="field__label">On</legend>
          {WEEKDAYS.map(({ day, short, long }) => (
            <label key={day} className="weekday-toggle">
              <input type="checkbox" checked={when.weekdays.includes(day)} onChange={() => toggle(day)} aria-label={long} />
              <span aria-hidden="true">{short}</span>
            </label>
          ))}
          <p className="field__hint">None ticked: the start date’s weekday.</p>
        </fieldset>
      ) : null}
      <fieldset className="compose-when__end">
        <legend className="field__label">Ends</legend>
        <label className="compose-when__kind">
          <input type="radio" name={endName} checked={when.end === 'never'} onChange={() => setWhen({ end: 'never' })} />
          <span>Never</span>
        </label>
        <label className="compose-when__kind">
          <input type="radio" name={endName} checked={when.end === 'until'} onChange={() => setWhen({ end: 'until' })} />
          <span>On a date</span>
        </label>
        {when.end === 'until' ? <TextField label="Last date" type="date" value={when.until} onChange={(event) => setWhen({ until: event.target.value })} /> : null}
        <label className="compose-when__kind">
          <input type="radio" name={endName} checked={when.end === 'count'} onChange={() => setWhen({ end: 'count' })} />
          <span>After a number of posts</span>
        </label>
        {when.end === 'count' ? (
          <TextField
            label="Number of posts"
            type="number"
            min={1}
            max={1000}
            className="field--short"
            value={String(when.count)}
            onChange={(event) => setWhen({ count: Number(event.target.value) })}
          />
        ) : null}
      </fieldset>
    </div>
  );
}

function Occurrences({ when }: { when: WhenState }) {
  const next = nextOccurrences(when, 3);
  return (
    <div className="compose-when__next">
      <p className="field__label">Next posts</p>
      <ul aria-label="Next posts">
        {next.map((iso) => (
          <li key={iso}>{formatInstant(iso, when.timeZone)}</li>
        ))}
      </ul>
    </div>
  );
}

function QueueSlots({ accounts, queues }: { accounts: readonly Account[]; queues: Record<string, QueueAnswer> }) {
  if (accounts.length === 0) return <p className="muted">Choose an account to see its next free slot.</p>;
  return (
    <ul className="compose-when__slots" aria-label="Next free slot per account">
      {accounts.map((account) => {
        const answer = queues[account.id] ?? { state: 'loading' };
        let text: string;
        if (answer.state === 'loading') text = 'looking…';
        else if (answer.state === 'failed') text = answer.message;
        else if (answer.queue.nextFreeSlot) text = formatInstant(answer.queue.nextFreeSlot, answer.queue.timeZone) + ` (${answer.queue.timeZone})`;
        else if (answer.queue.slots.length === 0) text = 'no queue slots set: add posting times for this account, or pick a time instead';
        else text = 'every slot in the next 8 weeks is taken: pick a time instead';
        return (
          <li key={account.id}>
            <span className="compose-when__slot-handle">{account.handle}</span>: {text}
          </li>
        );
      })}
    </ul>
  );
}
