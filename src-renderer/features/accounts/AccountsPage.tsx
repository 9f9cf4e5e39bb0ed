import { EmptyState } from '../../components/EmptyState';
import { AccountsIcon } from '../../components/icons';

export function AccountsPage() {
  return (
    <EmptyState
      title="Accounts"
      icon={<AccountsIcon />}
      notAvailable
      summary="Connect the social accounts this workspace posts to. Their sign-in tokens are kept in your system’s keychain, never in the workspace’s database."
    >
      <h2>What comes next</h2>
      <p>Connecting accounts, starting with Bluesky, Mastodon and X, arrives in the next release.</p>
    </EmptyState>
  );
}
