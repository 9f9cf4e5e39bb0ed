// Instants in the words people use for a schedule: "Tue 2 Dec, 09:00" in a given zone.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** "Tue 2 Dec, 09:00" read in `zone`; the year is added when it is not `now`'s year there. */
export function slotWords(iso: string, zone: string, now: Date = new Date()): string {
  const formatter = formatterFor(zone);
  const part = (date: Date) => {
    const parts = Object.fromEntries(formatter.formatToParts(date).map((p) => [p.type, p.value]));
    return (type: string) => parts[type] ?? '';
  };
  const at = part(new Date(iso));
  const year = at('year') === part(now)('year') ? '' : ` ${at('year')}`;
  return `${at('weekday')} ${at('day')} ${at('month')}${year}, ${at('hour')}:${at('minute')}`;
}

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
