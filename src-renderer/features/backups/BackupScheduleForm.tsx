import { useState } from 'react';
import type { FormEvent } from 'react';
import type { BackupSettings } from '../../../src-shared/backups';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { INTERVALS } from './backup-words';

/** How often every workspace is backed up, and how many backups each keeps. */
export function BackupScheduleForm({ settings, onSaved }: { settings: BackupSettings; onSaved: () => void }) {
  const { api } = useSession();
  const [interval, setIntervalHours] = useState(String(settings.intervalHours));
  const [keep, setKeep] = useState(String(settings.keep));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const options = INTERVALS.some((o) => o.value === interval) ? INTERVALS : [...INTERVALS, { value: interval, label: `Every ${interval} hours` }];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const count = Number(keep);
    if (!Number.isInteger(count) || count < 1 || count > 365) {
      setError('Keep between 1 and 365 backups.');
      return;
    }
    try {
      await api.call('backup.updateSettings', { intervalHours: Number(interval), keep: count });
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <form className="form backup-schedule" onSubmit={submit} noValidate>
      <div className="backup-schedule__fields">
        <SelectField label="Back up automatically" options={options} value={interval} onChange={(e) => setIntervalHours(e.target.value)} hint="For every workspace." />
        <TextField label="Keep the last" type="number" min={1} max={365} value={keep} onChange={(e) => setKeep(e.target.value)} hint="backups of each workspace" />
      </div>
      {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
      {saved ? <InlineMessage tone="success">Backup schedule saved.</InlineMessage> : null}
      <div className="form__actions form__actions--start">
        <Button type="submit">Save schedule</Button>
      </div>
    </form>
  );
}
