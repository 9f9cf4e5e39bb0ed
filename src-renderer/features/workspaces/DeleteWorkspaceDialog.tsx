import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Workspace } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { useWorkspaces } from '../../app/session-context';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { InlineMessage } from '../../components/InlineMessage';
import { TextField } from '../../components/TextField';

/** Deleting a client's data is final, so the user types its name exactly before the button wakes up. */
export function DeleteWorkspaceDialog({ workspace, onClose }: { workspace: Workspace; onClose: () => void }) {
  const remove = useWorkspaces((s) => s.remove);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const matches = typed === workspace.name;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!matches || busy) return;
    setBusy(true);
    setError(null);
    try {
      await remove(workspace.id, typed);
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Delete “${workspace.name}”?`} onClose={onClose}>
      <p className="dialog__text">
        This permanently deletes the workspace and its folder on this machine: its accounts, posts, media, analytics and everything
        else in it. It cannot be undone.
      </p>
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label="Type the workspace name to confirm"
          hint={`Type ${workspace.name} exactly as shown.`}
          value={typed}
          data-autofocus
          onChange={(event) => {
            setTyped(event.target.value);
            setError(null);
          }}
        />
        {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
        <div className="form__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="danger" disabled={!matches} inactive={busy}>
            {busy ? 'Deleting…' : 'Delete workspace'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
