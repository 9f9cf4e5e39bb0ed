import type { Account, ComposerDraft } from '../../../src-shared/domain';
import { PLATFORM_NAMES, type Platform } from '../../../src-shared/platforms/platform';
import type { ValidationIssue } from '../../../src-shared/platforms/rules';
import { counterFor, isLibrary, issuesFor, limitsOfChosen, REFORMAT_RULES, variantFor, type LibraryItems } from './composer-logic';
import { useLibraryItems } from './composer-media';
import { ReformatOffer } from './ReformatOffer';

const integer = new Intl.NumberFormat('en-US');

/** Each platform's count, the platform's way, and every rule the post breaks, as the user types. */
export function PlatformCounter({ draft, platforms, accounts }: { draft: ComposerDraft; platforms: readonly Platform[]; accounts: readonly Account[] }) {
  const library = useLibraryItems();
  if (platforms.length === 0) return <p className="muted compose-counters__none">Choose an account to see how the post fits each network.</p>;
  const limits = (platform: Platform) => limitsOfChosen(platform, accounts, draft.accountIds);
  const issues = platforms.flatMap((platform) => issuesFor(draft, platform, limits(platform), library));
  const offered = new Set<string>();
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
            {errors.map((issue, index) => {
              const videoId = reformatable(draft, issue, library);
              // One offer per video and network, next to its first problem.
              const offer = videoId && !offered.has(`${issue.platform}:${videoId}`) ? videoId : null;
              if (offer) offered.add(`${issue.platform}:${offer}`);
              return (
                <li key={`${issue.message}-${index}`}>
                  {issue.message}
                  {offer ? <ReformatOffer platform={issue.platform} videoId={offer} /> : null}
                </li>
              );
            })}
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

/** The library video a problem is about, when a reformat for that network can fix it (length, size, format). */
function reformatable(draft: ComposerDraft, issue: ValidationIssue, library: LibraryItems): string | null {
  if (!REFORMAT_RULES.has(issue.rule) || issue.mediaIndex === undefined) return null;
  const attachment = variantFor(draft, issue.platform).media[issue.mediaIndex];
  if (!attachment || !isLibrary(attachment)) return null;
  return library.get(attachment.mediaId)?.kind === 'video' ? attachment.mediaId : null;
}
