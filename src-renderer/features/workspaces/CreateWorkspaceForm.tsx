import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Workspace } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { useWorkspaces } from '../../app/session-context';
import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';

export interface CreateWorkspaceFormProps {
  onCreated?: (workspace: Workspace) => void;
  onCancel?: () => void;
}

/** A name field and a Create button; the core's refusal (a clash, a bad name) shows under the field. */
export function CreateWorkspaceForm({ onCreated, onCancel }: CreateWorkspaceFormProps) {
  const create = useWorkspaces((s) => s.create);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      // Not `onCreated?.(await create(name))`: without a listener that would skip creating.
      const created = await create(name);
      onCreated?.(created);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField
        label="Workspace name"
        hint="Usually the brand or client it is for."
        value={name}
        maxLength={80}
        error={error}
        data-autofocus
        onChange={(event) => {
          setName(event.target.value);
          setError(null);
        }}
      />
      <div className="form__actions">
        {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
        <Button type="submit" variant="primary" inactive={busy}>
          {busy ? 'Creating…' : 'Create workspace'}
        </Button>
      </div>
    </form>
  );
}
