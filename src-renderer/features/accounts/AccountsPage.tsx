import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Account, Workspace } from '../../../src-shared/domain';
import { PLATFORM_NAMES } from '../../../src-shared/platforms/platform';
import { useAccounts } from '../../app/session-context';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { SettingsSection } from '../settings/SettingsSection';
import { AccountList } from './AccountList';
import type { ConnectRequest } from './connect-request';
import { ConnectSection } from './ConnectSection';

function disconnectedMessage(account: Account, { revoked, deletedHistory }: { revoked: boolean; deletedHistory: boolean }): string {
  const platform = PLATFORM_NAMES[account.platform];
  const what = deletedHistory ? `Disconnected ${account.handle} and deleted its history.` : `Disconnected ${account.handle}.`;
  return revoked
    ? `${what} ${platform} has revoked PromoGPT’s access.`
    : `${what} PromoGPT could not revoke its access at ${platform}; to be sure, remove PromoGPT in your ${platform} settings.`;
}

/** The accounts this workspace posts to, how each is doing, and how to connect another. */
export function AccountsPage({ workspace }: { workspace: Workspace }) {
  const { loaded, error, accounts, load } = useAccounts(
    useShallow((s) => ({ loaded: s.loaded, error: s.error, accounts: s.accounts, load: s.load })),
  );
  const [request, setRequest] = useState<ConnectRequest | null>(null);
  const [message, setMessage] = useState<{ text: string; focus: boolean } | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (message?.focus) messageRef.current?.focus();
  }, [message]);

  const reconnect = (account: Account) =>
    setRequest((previous) => ({
      platform: account.platform,
      server: account.apiBase,
      handle: account.handle,
      id: (previous?.id ?? 0) + 1,
    }));

  return (
    <div className="page">
      <h1 id="page-title" className="page-title" tabIndex={-1}>
        Accounts
      </h1>
      <SettingsSection title="Connected accounts" description={`The social accounts “${workspace.name}” posts to.`}>
        {message ? (
          <p ref={messageRef} className="inline-message inline-message--success" role="status" tabIndex={-1}>
            {message.text}
          </p>
        ) : null}
        {!loaded ? (
          <p className="muted">Loading accounts…</p>
        ) : error ? (
          <div className="load-error">
            <InlineMessage tone="error">{error}</InlineMessage>
            <Button onClick={() => void load(workspace.id)}>Try again</Button>
          </div>
        ) : accounts.length === 0 ? (
          <div className="accounts-empty">
            <p className="accounts-empty__title">No accounts connected yet</p>
            <p>
              Connect an account to publish and schedule posts to it from this workspace, and to pull back its reach and comments.
              Its sign-in tokens are kept in your system’s keychain, never in the workspace’s database or in plain files.
            </p>
          </div>
        ) : (
          <AccountList
            accounts={accounts}
            onReconnect={reconnect}
            onDisconnected={(account, result) => setMessage({ text: disconnectedMessage(account, result), focus: result.deletedHistory })}
          />
        )}
      </SettingsSection>
      <ConnectSection workspaceId={workspace.id} request={request} />
    </div>
  );
}
