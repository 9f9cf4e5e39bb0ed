import type { Account, ComposerDraft } from '../../../src-shared/domain';
import { PLATFORM_NAMES, type Platform } from '../../../src-shared/platforms/platform';
import { counterFor, issuesFor, limitsOfChosen, variantFor } from './composer-logic';

const integer = new Intl.NumberFormat('en-US');

/** Each platform's count, the platform's way, and every rule the post breaks, as the user types. */
export function PlatformCounter({ draft, platforms, accounts }: { draft: ComposerDraft; platforms: readonly Platform[]; accounts: readonly Account[] }) {
  if (platforms.length === 0) return <p className="muted compose-counters__none">Choose an account to see how the post fits each network.</p>;
  const limits = (platform: Platform) => limitsOfChosen(platform, accounts, draft.accountIds);
  const issues = platforms.flatMap((platform) => issuesFor(draft, platform, limits(platform)));
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity === 'warning');
  return (
    <div className="compose-counters">
      <ul className="compose-counters__list" aria-label="Length per network">
        {platforms.map((platform) => {
          const counter = counterFor(platform, variantFor(draft, platform).text, limits(platform));
          return (
            <li key={platform} className={`counter${counter.over ? ' counter--over' : ''}`} data-platform={platform}>
              {PLATFORM_NAMES[platform]} {integer.format(counter.used)} / {integer.format(counter.limit)} {counter.unit}
              {counter.bytes && counter.bytes.used > counter.bytes.limit ? ` (${integer.format(counter.bytes.used)} / ${integer.format(counter.bytes.limit)} bytes)` : ''}
            </li>
          );
        })}
      </ul>
      <div aria-live="polite" className="compose-issues">
        {errors.length > 0 ? (
          <ul className="compose-issues__list compose-issues__list--error" aria-label="Problems to fix">
            {errors.map((issue, index) => (
              <li key={`${issue.message}-${index}`}>{issue.message}</li>
            ))}
          </ul>
        ) : null}
        {warnings.length > 0 ? (
          <ul className="compose-issues__list compose-issues__list--warning" aria-label="Worth a look">
            {warnings.map((issue, index) => (
              <li key={`${issue.message}-${index}`}>{issue.message}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
