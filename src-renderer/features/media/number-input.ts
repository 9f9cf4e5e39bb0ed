/** A number field's text as a number, or null when it is not one ("", "abc", "1e999"). */
export function parseNumber(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Seconds for a form: "0.0 s" under a minute, else "1:15.5". */
export function secondsText(seconds: number): string {
  if (seconds < 60) return `${(Math.round(seconds * 10) / 10).toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  return `${m}:${s < 10 ? '0' : ''}${(Math.round(s * 10) / 10).toFixed(1)}`;
}
