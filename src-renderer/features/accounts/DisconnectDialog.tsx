import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Account } from '../../../src-shared/domain';
import { PLATFORM_NAMES } from '../../../src-shared/platforms/platform';
import { errorMessage } from '../../api/error-message';
import { useAccounts } from '../../app/session-context';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/Checkbox';
import { Dialog } from '../../components/Dialog';
import { InlineMessage } from '../../components/InlineMessage';

export interface DisconnectDialogProps {
  account: Account;
  onClose: () => void;
  /** Called with what the core did, once the account is disconnected. */
  onDisconnected: (result: { revoked: boolean; deletedHistory: boolean }) => void;
}

/** Says what disconnecting does, and asks separately whether the account's history goes too. */
export function DisconnectDialog({ account, onClose, onDisconnected }: DisconnectDialogProps) {
  const remove = useAccounts((s) => s.remove);
  const [deleteHistory, setDeleteHistory] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const platform = PLATFORM_NAMES[account.platform];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const { revoked } = await remove(account.workspaceId, account.id, deleteHistory);
      onDisconnected({ revoked, deletedHistory: deleteHistory });
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Disconnect ${account.handle}?`} onClose={onClose}>
      <p className="dialog__text">
        PromoGPT asks {platform} to revoke its access to this account where {platform} allows it, and deletes the account’s
        sign-in from your system keychain.
      </p>
      <form className="form" onSubmit={submit} noValidate>
        <Checkbox
          label="Also delete this account's posts and metrics history"
          hint="Left unticked, its published posts and analytics stay in this workspace, marked as disconnected."
          checked={deleteHistory}
          onChange={(event) => setDeleteHistory(event.target.checked)}
        />
        {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
        <div className="form__actions">
          <Button onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button type="submit" variant="danger" inactive={busy}>
            {busy ? 'Disconnecting…' : 'Disconnect'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
