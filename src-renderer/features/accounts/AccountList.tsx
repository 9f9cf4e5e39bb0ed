import type { Account } from '../../../src-shared/domain';
import { PLATFORMS } from '../../../src-shared/platforms/platform';
import { AccountRow } from './AccountRow';
import type { AccountRowProps } from './AccountRow';

/** Platforms in their usual order, then handles alphabetically, so one platform's accounts sit together. */
export function byPlatform(accounts: readonly Account[]): Account[] {
  return [...accounts].sort(
    (a, b) => PLATFORMS.indexOf(a.platform) - PLATFORMS.indexOf(b.platform) || a.handle.localeCompare(b.handle),
  );
}

export function AccountList({ accounts, ...actions }: { accounts: readonly Account[] } & Omit<AccountRowProps, 'account'>) {
  return (
    <ul className="boxed-list accounts" aria-label="Connected accounts">
      {byPlatform(accounts).map((account) => (
        <AccountRow key={account.id} account={account} {...actions} />
      ))}
    </ul>
  );
}
