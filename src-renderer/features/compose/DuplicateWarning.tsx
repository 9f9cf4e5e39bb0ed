import type { DuplicateWarning as Clash } from '../../../src-shared/domain';
import { formatGap, formatInstant } from './format-time';

/** The duplicate guard's findings: the same text already going to an account close in time. */
export function DuplicateWarning({ clashes, timeZone }: { clashes: readonly Clash[]; timeZone: string }) {
  return (
    <div aria-live="polite">
      {clashes.length > 0 ? (
        <div className="compose-duplicates" role="group" aria-label="Possible duplicates">
          <p className="compose-duplicates__title">This looks like a repeat. Networks may hide or refuse the same text posted twice.</p>
          <ul>
            {clashes.map((c) => (
              <li key={`${c.accountId}-${c.postId}`}>
                Same text already scheduled to {c.handle} for {formatInstant(c.at, timeZone)} ({formatGap(c.minutesApart)} apart)
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
