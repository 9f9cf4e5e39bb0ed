import type { AccountHealth } from '../../../src-shared/domain';

const LEVEL_NAMES: Record<AccountHealth['level'], string> = {
  ok: 'OK',
  warning: 'Warning',
  problem: 'Problem',
  off: 'Off',
};

/** The core's one-line summary of how an account is doing, beside a dot in the level's colour. */
export function HealthLine({ health }: { health: AccountHealth }) {
  return (
    <p className={`health health--${health.level}`}>
      <span className="health__dot" role="img" aria-label={LEVEL_NAMES[health.level]} />
      <span className="health__summary">{health.summary}</span>
    </p>
  );
}
