import { useState } from 'react';
import type { FormEvent } from 'react';
import type { EvergreenPool } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { fieldErrors } from '../../api/field-errors';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/Checkbox';
import { InlineMessage } from '../../components/InlineMessage';
import { TextField } from '../../components/TextField';
import { TimeZoneSelect } from '../../components/TimeZoneSelect';
import { slotWords } from '../../components/when-words';
import { numberIn } from './late-window-words';
import { systemTimeZone } from '../../../src-shared/schedule/zoned-time';

type Field = 'everyDays' | 'time' | 'timeZone' | 'minGapDays';
type Errors = Partial<Record<Field | 'form', string>>;

/** When the pool runs: on or off, every N days at a time in a zone, and the gap before a post may come back. */
export function EvergreenForm({ workspaceId, pool, onSaved }: { workspaceId: string; pool: EvergreenPool; onSaved: (pool: EvergreenPool) => void }) {
  const { api } = useSession();
  const [enabled, setEnabled] = useState(pool.enabled);
  const [everyDays, setEveryDays] = useState(String(pool.everyDays));
  const [time, setTime] = useState(pool.time);
  const [timeZone, setTimeZone] = useState(pool.timeZone || systemTimeZone());
  const [minGapDays, setMinGapDays] = useState(String(pool.minGapDays));
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const edited = () => {
    setErrors({});
    setDone(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const every = numberIn(everyDays);
    const gap = numberIn(minGapDays);
    if (every === null || gap === null || !time) {
      setErrors({
        ...(every === null ? { everyDays: 'Enter a number of days, 1 to 90.' } : {}),
        ...(time ? {} : { time: 'Enter a time, like 10:00.' }),
        ...(gap === null ? { minGapDays: 'Enter a number of days, 1 to 365.' } : {}),
      });
      return;
    }
    setBusy(true);
    edited();
    try {
      const saved = await api.call('evergreen.configure', { workspaceId, enabled, everyDays: every, time, timeZone, minGapDays: gap });
      onSaved(saved);
      setDone(saved.enabled ? 'Saved.' : 'Saved. The pool is off: nothing is posted again until you turn it on.');
    } catch (failure) {
      const byField = fieldErrors(failure);
      const shown: Errors = { everyDays: byField.everyDays, time: byField.time, timeZone: byField.timeZone, minGapDays: byField.minGapDays };
      setErrors(Object.values(shown).some(Boolean) ? shown : { form: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Evergreen schedule">
      <Checkbox
        label="Post from the evergreen pool"
        checked={enabled}
        onChange={(event) => {
          setEnabled(event.target.checked);
          edited();
        }}
      />
      <div className="evergreen-cadence">
        <TextField
          label="Every (days)"
          type="number"
          inputMode="numeric"
          min={1}
          max={90}
          className="field--short"
          value={everyDays}
          error={errors.everyDays}
          onChange={(event) => {
            setEveryDays(event.target.value);
            edited();
          }}
        />
        <TextField
          label="At"
          type="time"
          className="field--short"
          value={time}
          error={errors.time}
          onChange={(event) => {
            setTime(event.target.value);
            edited();
          }}
        />
        <TimeZoneSelect
          value={timeZone}
          error={errors.timeZone}
          onChange={(event) => {
            setTimeZone(event.target.value);
            edited();
          }}
        />
      </div>
      <TextField
        label="Minimum gap before a post comes back (days)"
        type="number"
        inputMode="numeric"
        min={1}
        max={365}
        className="field--short"
        value={minGapDays}
        error={errors.minGapDays}
        onChange={(event) => {
          setMinGapDays(event.target.value);
          edited();
        }}
      />
      <p className="evergreen-next" aria-live="polite">
        {nextRunWords(pool)}
      </p>
      {errors.form ? <InlineMessage tone="error">{errors.form}</InlineMessage> : null}
      {done ? <InlineMessage tone="success">{done}</InlineMessage> : null}
      <div className="form__actions">
        <Button type="submit" variant="primary" inactive={busy}>
          {busy ? 'Saving…' : 'Save evergreen schedule'}
        </Button>
      </div>
    </form>
  );
}

/** The saved pool's next run in this computer's zone, or why there is none. */
function nextRunWords(pool: EvergreenPool): string {
  if (!pool.enabled) return 'The pool is off.';
  if (pool.entries.length === 0) return 'The pool is on but empty: the first run comes once a post is in it.';
  if (!pool.nextRunAt) return 'No run is planned.';
  return `Next run: ${slotWords(pool.nextRunAt, systemTimeZone())}.`;
}
