import type { Post } from '../../../src-shared/domain';
import type { WhenState } from './composer-logic';
import { formatInstant } from './format-time';

/** What was scheduled, for whom and when, with the way to the calendar. */
export function ScheduledConfirmation({ post, when }: { post: Post; when: WhenState }) {
  const zone = post.timeZone || when.timeZone;
  const handles = post.targets.map((t) => t.handle).join(', ');
  let what: string;
  if (post.status === 'recurring') what = `Repeating post scheduled${handles ? ` for ${handles}` : ''}.`;
  else if (when.kind === 'now') what = `Posting now to ${handles}.`;
  else if (when.kind === 'nextSlot') {
    what = `Added to the queue: ${post.targets.map((t) => `${t.handle} at ${t.scheduledAt ? formatInstant(t.scheduledAt, zone) : 'its next slot'}`).join('; ')}.`;
  } else what = `Scheduled for ${post.scheduledAt ? formatInstant(post.scheduledAt, zone) : 'later'} (${zone}) to ${handles}.`;
  return (
    <p className="inline-message inline-message--success compose-done" role="status">
      {what} <a href="#/calendar">See it in the calendar</a>
    </p>
  );
}
