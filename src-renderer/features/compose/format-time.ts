// How the composer writes times for people: in the zone they chose, with the weekday.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${zone}|${withDate}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      ...(withDate ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** "Tue, 3 Mar 2026, 09:00" in `zone`. */
export function formatInstant(iso: string, zone: string): string {
  return formatter(zone, true).format(new Date(iso));
}

/** "12:01": when something was saved, in the user's own zone. */
export function formatClock(iso: string, zone?: string): string {
  return formatter(zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC', false).format(new Date(iso));
}

/** "45 min" or "3 h" or "2 days": how far apart two posts are. */
export function formatGap(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}
