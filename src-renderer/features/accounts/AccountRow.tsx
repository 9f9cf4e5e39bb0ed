import { useId, useState } from 'react';
import type { Account } from '../../../src-shared/domain';
import { PLATFORM_NAMES } from '../../../src-shared/platforms/platform';
import { errorMessage } from '../../api/error-message';
import { useAccounts } from '../../app/session-context';
import { Button } from '../../components/Button';
import { ExternalLink } from '../../components/ExternalLink';
import { InlineMessage } from '../../components/InlineMessage';
import { hostOf } from './addresses';
import { DisconnectDialog } from './DisconnectDialog';
import { HealthLine } from './HealthLine';
import { QueueSlotsDialog } from './QueueSlotsDialog';

export interface AccountRowProps {
  account: Account;
  onReconnect: (account: Account) => void;
  onDisconnected: (account: Account, result: { revoked: boolean; deletedHistory: boolean }) => void;
}

const needsSignIn = (account: Account) => account.status === 'needs_reconnect' || account.status === 'disconnected';

/** One connected account: who it is, where it lives, how it is doing, and what can be done with it. */
export function AccountRow({ account, onReconnect, onDisconnected }: AccountRowProps) {
  const check = useAccounts((s) => s.check);
  const handleId = useId();
  const [checking, setChecking] = useState(false);
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [disconnecting, setDisconnecting] = useState(false);
  const [editingTimes, setEditingTimes] = useState(false);
  const platform = PLATFORM_NAMES[account.platform];

  const checkNow = async () => {
    if (checking) return;
    setChecking(true);
    setChecked(false);
    setError(null);
    try {
      await check(account.workspaceId, account.id);
      setChecked(true);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setChecking(false);
    }
  };

  const handle = <span id={handleId}>{account.handle}</span>;
  return (
    <li className="account" aria-labelledby={handleId}>
      <span className={`account__badge platform-tint--${account.platform}`} aria-hidden="true">
        {platform.slice(0, 1)}
      </span>
      <div className="account__body">
        {account.displayName ? <p className="account__name">{account.displayName}</p> : null}
        <p className="account__meta">
          {account.profileUrl ? <ExternalLink href={account.profileUrl}>{handle}</ExternalLink> : handle}
          <span aria-hidden="true"> · </span>
          <span>{platform}</span>
          <span aria-hidden="true"> · </span>
          <span className="account__server">{hostOf(account.apiBase)}</span>
        </p>
        <HealthLine health={account.health} />
        {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
        {checked ? <InlineMessage tone="success">Checked with {platform} just now.</InlineMessage> : null}
      </div>
      <div className="account__actions">
        {needsSignIn(account) ? (
          <Button variant="primary" aria-describedby={handleId} onClick={() => onReconnect(account)}>
            Reconnect
          </Button>
        ) : null}
        {account.status !== 'disconnected' ? (
          <Button aria-describedby={handleId} inactive={checking} onClick={() => void checkNow()}>
            {checking ? 'Checking…' : 'Check now'}
          </Button>
        ) : null}
        {account.status !== 'disconnected' ? (
          <Button aria-describedby={handleId} onClick={() => setEditingTimes(true)}>
            Posting times
          </Button>
        ) : null}
        <Button variant="ghost" aria-describedby={handleId} onClick={() => setDisconnecting(true)}>
          Disconnect…
        </Button>
      </div>
      {editingTimes ? <QueueSlotsDialog account={account} onClose={() => setEditingTimes(false)} /> : null}
      {disconnecting ? (
        <DisconnectDialog
          account={account}
          onClose={() => setDisconnecting(false)}
          onDisconnected={(result) => {
            setDisconnecting(false);
            onDisconnected(account, result);
          }}
        />
      ) : null}
    </li>
  );
}
