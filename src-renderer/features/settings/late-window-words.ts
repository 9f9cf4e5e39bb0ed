// The late window and the duplicate window in the words the Publishing settings use.

/** "45 min", "2 h", "1 h 30 min", "3 days". */
export function durationWords(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes % 1440 === 0) return minutes === 1440 ? '1 day' : `${minutes / 1440} days`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** What the late window means for a post whose time passed while PromoGPT was not running. */
export function lateWindowSentence(minutes: number): string {
  if (minutes === 0) return 'If PromoGPT was not running at a post’s time, it does not go out late: it waits for you in the calendar as Needs attention.';
  return `If PromoGPT was not running at a post’s time, it still goes out up to ${durationWords(minutes)} late; later than that it waits for you in the calendar as Needs attention.`;
}

export type LateUnit = 'minutes' | 'hours';

/** Whole hours read better as hours ("2"), anything else as minutes ("90"). */
export function lateFieldOf(minutes: number): { amount: string; unit: LateUnit } {
  return minutes > 0 && minutes % 60 === 0 ? { amount: String(minutes / 60), unit: 'hours' } : { amount: String(minutes), unit: 'minutes' };
}

/** The number a field holds, or null when it is empty or not a number. */
export function numberIn(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}
