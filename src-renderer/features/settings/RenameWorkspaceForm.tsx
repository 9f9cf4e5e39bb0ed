import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { Workspace } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { useWorkspaces } from '../../app/session-context';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { TextField } from '../../components/TextField';

export function RenameWorkspaceForm({ workspace }: { workspace: Workspace }) {
  const rename = useWorkspaces((s) => s.rename);
  const [name, setName] = useState(workspace.name);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shownName = useRef(workspace.name);

  // A rename from elsewhere replaces the field only while the user has not started editing it.
  useEffect(() => {
    const before = shownName.current;
    shownName.current = workspace.name;
    setName((typed) => (typed === before ? workspace.name : typed));
  }, [workspace.name]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || name === workspace.name) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const renamed = await rename(workspace.id, name);
      setName(renamed.name);
      setDone(`Renamed to “${renamed.name}”.`);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form form--inline" onSubmit={submit} noValidate>
      <TextField
        label="Workspace name"
        value={name}
        maxLength={80}
        error={error}
        onChange={(event) => {
          setName(event.target.value);
          setError(null);
          setDone(null);
        }}
      />
      <Button type="submit" inactive={busy || name === workspace.name}>
        Rename
      </Button>
      {done ? <InlineMessage tone="success">{done}</InlineMessage> : null}
    </form>
  );
}
