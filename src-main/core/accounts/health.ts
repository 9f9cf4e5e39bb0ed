import type { AccountHealth, AccountStatus } from '../../../src-shared/domain';

export interface HealthInput {
  status: AccountStatus;
  statusReason: string | null;
  tokenExpiresAt: string | null;
  rateLimitedUntil: string | null;
  /** Whether the platform refreshes tokens by itself (then a near expiry is nothing to report). */
  refreshes: boolean;
}

const DAY = 24 * 60 * 60 * 1000;

/** One line on how an account is doing, worst first: reconnect, rate limit, expiry, fine. */
export function accountHealth(a: HealthInput, now: Date): AccountHealth {
  if (a.status === 'disconnected') return { level: 'off', summary: 'Disconnected' };
  if (a.status === 'needs_reconnect') return { level: 'problem', summary: `Needs reconnect: ${a.statusReason ?? 'the platform no longer accepts its sign-in'}` };
  if (a.rateLimitedUntil && new Date(a.rateLimitedUntil) > now) {
    return { level: 'warning', summary: `Rate-limited until ${a.rateLimitedUntil.slice(0, 16).replace('T', ' ')} UTC` };
  }
  if (a.tokenExpiresAt && !a.refreshes) {
    const days = Math.floor((new Date(a.tokenExpiresAt).getTime() - now.getTime()) / DAY);
    if (days < 0) return { level: 'problem', summary: 'Sign-in expired: reconnect the account' };
    if (days <= 7) return { level: 'warning', summary: `Connected; sign-in expires in ${days === 0 ? 'less than a day' : `${days} day${days === 1 ? '' : 's'}`}` };
    return { level: 'ok', summary: `Connected; sign-in expires in ${days} days` };
  }
  return { level: 'ok', summary: 'Connected' };
}
