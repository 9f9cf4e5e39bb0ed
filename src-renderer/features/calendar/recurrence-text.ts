// A series' rule in words, for the post detail: "Repeats every 2 weeks on Monday and Thursday".
import type { Post } from '../../../src-shared/domain';

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const joinWords = (words: string[]): string => (words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`);

export function recurrenceText(rule: NonNullable<Post['recurrence']>): string {
  const unit = rule.every === 1 ? rule.unit : `${rule.every} ${rule.unit}s`;
  const days = rule.unit === 'week' && rule.weekdays?.length ? ` on ${joinWords([...rule.weekdays].sort((a, b) => a - b).map((d) => WEEKDAY_NAMES[d - 1] ?? ''))}` : '';
  const end = rule.until ? `, until ${rule.until}` : rule.count ? `, ${rule.count} times in all` : '';
  return `Repeats every ${unit}${days}${end}.`;
}
