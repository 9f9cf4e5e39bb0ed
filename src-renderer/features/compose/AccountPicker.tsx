import type { Account } from '../../../src-shared/domain';
import { PLATFORM_NAMES, PLATFORMS } from '../../../src-shared/platforms/platform';

const whyUnavailable = (account: Account): string =>
  account.status === 'disconnected'
    ? 'Disconnected: reconnect it on the Accounts page to post to it'
    : `Needs reconnect${account.statusReason ? `: ${account.statusReason}` : ''}`;

const order = (a: Account, b: Account) => PLATFORMS.indexOf(a.platform) - PLATFORMS.indexOf(b.platform) || a.handle.localeCompare(b.handle);

/** Which accounts the post goes to: connected ones can be chosen, the others say why not. */
export function AccountPicker({
  accounts,
  selected,
  onToggle,
}: {
  accounts: readonly Account[];
  selected: readonly string[];
  onToggle: (accountId: string) => void;
}) {
  if (accounts.length === 0) {
    return (
      <fieldset className="compose-accounts">
        <legend className="compose-section__title">Post to</legend>
        <p className="muted">
          This workspace has no accounts yet. <a href="#/accounts">Connect an account</a> to post to it.
        </p>
      </fieldset>
    );
  }
  return (
    <fieldset className="compose-accounts">
      <legend className="compose-section__title">Post to</legend>
      <ul className="account-chips">
        {[...accounts].sort(order).map((account) => {
          const usable = account.status === 'connected';
          const checked = selected.includes(account.id);
          const why = usable ? null : whyUnavailable(account);
          return (
            <li key={account.id}>
              <label className={`account-chip account-chip--${account.platform}${usable ? '' : ' account-chip--off'}`} title={why ?? undefined}>
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={!usable && !checked}
                  onChange={() => onToggle(account.id)}
                  aria-describedby={why ? `why-${account.id}` : undefined}
                />
                <span className="account-chip__platform">{PLATFORM_NAMES[account.platform]}</span>
                <span className="account-chip__handle">{account.handle}</span>
              </label>
              {why ? (
                <p id={`why-${account.id}`} className="account-chip__why">
                  {why}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      {accounts.every((a) => a.status !== 'connected') ? (
        <p className="muted">
          None of these accounts can post right now. <a href="#/accounts">Reconnect one on the Accounts page</a>.
        </p>
      ) : null}
    </fieldset>
  );
}
