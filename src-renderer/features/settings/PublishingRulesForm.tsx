import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { PublishingSettings } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { fieldErrors } from '../../api/field-errors';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { lateFieldOf, lateWindowSentence, numberIn, type LateUnit } from './late-window-words';

const UNITS = [
  { value: 'minutes', label: 'minutes' },
  { value: 'hours', label: 'hours' },
];

type Errors = { late?: string; duplicate?: string; form?: string };

/** The late window and the duplicate guard's window, saved together. */
export function PublishingRulesForm({ workspaceId }: { workspaceId: string }) {
  const { api } = useSession();
  const [saved, setSaved] = useState<PublishingSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [lateAmount, setLateAmount] = useState('');
  const [lateUnit, setLateUnit] = useState<LateUnit>('minutes');
  const [duplicateHours, setDuplicateHours] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const show = (settings: PublishingSettings) => {
    setSaved(settings);
    const late = lateFieldOf(settings.lateWindowMinutes);
    setLateAmount(late.amount);
    setLateUnit(late.unit);
    setDuplicateHours(String(settings.duplicateWindowHours));
  };

  const load = () => {
    setLoadError(null);
    api.call('publishing.getSettings', { workspaceId }).then(show, (failure: unknown) => setLoadError(errorMessage(failure)));
  };
  // Loads once per workspace; the section is keyed by it.
  useEffect(load, [api, workspaceId]);

  const late = numberIn(lateAmount);
  const lateMinutes = late === null ? null : lateUnit === 'hours' ? late * 60 : late;
  const edited = () => {
    setErrors({});
    setDone(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const duplicate = numberIn(duplicateHours);
    const missing: Errors = {
      ...(lateMinutes === null ? { late: `Enter a number of ${lateUnit}; 0 means never late.` } : {}),
      ...(duplicate === null ? { duplicate: 'Enter a number of hours; 0 turns the guard off.' } : {}),
    };
    if (lateMinutes === null || duplicate === null) {
      setErrors(missing);
      return;
    }
    setBusy(true);
    edited();
    try {
      const settings = await api.call('publishing.updateSettings', { workspaceId, lateWindowMinutes: lateMinutes, duplicateWindowHours: duplicate });
      show(settings);
      setDone('Saved. New posts and the scheduler use these rules from now on.');
    } catch (failure) {
      const byField = fieldErrors(failure);
      const late = byField.lateWindowMinutes;
      const duplicate = byField.duplicateWindowHours;
      setErrors(late || duplicate ? { late, duplicate } : { form: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  };

  if (loadError) {
    return (
      <div className="form">
        <InlineMessage tone="error">{loadError}</InlineMessage>
        <div>
          <Button onClick={load}>Try again</Button>
        </div>
      </div>
    );
  }
  if (!saved) return <p className="muted">Loading…</p>;

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Publishing rules">
      <div className="publishing-rule">
        <div className="publishing-rule__inputs">
          <TextField
            label="Late window"
            type="number"
            inputMode="numeric"
            min={0}
            className="field--short"
            value={lateAmount}
            error={errors.late}
            onChange={(event) => {
              setLateAmount(event.target.value);
              edited();
            }}
          />
          <SelectField
            label="Unit"
            options={UNITS}
            value={lateUnit}
            onChange={(event) => {
              setLateUnit(event.target.value as LateUnit);
              edited();
            }}
          />
        </div>
        <p className="field__hint">{lateWindowSentence(lateMinutes !== null && lateMinutes >= 0 ? lateMinutes : saved.lateWindowMinutes)}</p>
      </div>
      <TextField
        label="Duplicate guard (hours)"
        type="number"
        inputMode="numeric"
        min={0}
        className="field--short"
        value={duplicateHours}
        error={errors.duplicate}
        hint="Warns before the same text goes to the same account twice within this many hours. 0 turns the guard off."
        onChange={(event) => {
          setDuplicateHours(event.target.value);
          edited();
        }}
      />
      {errors.form ? <InlineMessage tone="error">{errors.form}</InlineMessage> : null}
      {done ? <InlineMessage tone="success">{done}</InlineMessage> : null}
      <div className="form__actions">
        <Button type="submit" variant="primary" inactive={busy}>
          {busy ? 'Saving…' : 'Save publishing rules'}
        </Button>
      </div>
    </form>
  );
}
