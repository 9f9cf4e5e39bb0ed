// The sync interval as the Settings form shows it: an amount and a unit, 15 minutes to 7 days.

export type EveryUnit = 'minutes' | 'hours' | 'days';
const PER: Record<EveryUnit, number> = { minutes: 1, hours: 60, days: 1440 };
export const MIN_SYNC_MINUTES = 15;
export const MAX_SYNC_MINUTES = 7 * 1440;
export const SYNC_EVERY_PROBLEM = 'Sync every must be between 15 minutes and 7 days, like 6 hours.';

/** 360 → 6 hours, 2880 → 2 days, 90 → 90 minutes. */
export function everyFieldOf(minutes: number): { amount: string; unit: EveryUnit } {
  if (minutes % PER.days === 0) return { amount: String(minutes / PER.days), unit: 'days' };
  if (minutes % PER.hours === 0) return { amount: String(minutes / PER.hours), unit: 'hours' };
  return { amount: String(minutes), unit: 'minutes' };
}

/** Minutes from the form, or null when it is not a whole amount within 15 minutes…7 days. */
export function everyMinutes(amount: string, unit: EveryUnit): number | null {
  if (!/^\s*\d{1,6}\s*$/.test(amount)) return null;
  const minutes = Number(amount) * PER[unit];
  return minutes >= MIN_SYNC_MINUTES && minutes <= MAX_SYNC_MINUTES ? minutes : null;
}

/** "every 6 hours", "every day", "every 90 minutes". */
export function everySentence(minutes: number): string {
  const { amount, unit } = everyFieldOf(minutes);
  return amount === '1' ? `every ${unit.slice(0, -1)}` : `every ${amount} ${unit}`;
}
