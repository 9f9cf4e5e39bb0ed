import type Database from 'better-sqlite3';
import { EVERGREEN_JOB } from '../posts/evergreen-pool';
import { PUBLISH_JOB } from '../posts/publish-jobs';
import { SERIES_JOB } from '../posts/series';
import { hasTable } from './table-rows';

/** What a held post says on its outcome, and what to do about it. */
export const HELD_MESSAGE =
  'Held so it is not posted twice: this workspace was imported beside its original, which still has this post scheduled. ' +
  'Once the original will not post it (cancel it there, or remove that workspace), press Retry here: it goes out at its time, or now if that has passed.';

/** Jobs that would post from the copy on their own: a publish, a repeating post's next occurrences, the evergreen pool's re-posts. */
const POSTING_JOBS = [PUBLISH_JOB, SERIES_JOB, EVERGREEN_JOB];

/**
 * An import of a workspace whose original is still on this computer would post everything
 * scheduled twice (once from each) as soon as its accounts are reconnected. So the copy's
 * waiting (or half-sent) posts are set to "needs attention" with the reason, their jobs are cancelled, and its
 * evergreen pool is turned off: nothing leaves the copy until the user says so. Runs on the staging
 * database, inside the import's transaction. Returns how many posts' copies were held.
 */
export function holdSchedule(db: Database.Database, now: string): number {
  if (!hasTable(db, 'post_targets')) return 0;
  const held = db
    .prepare(`UPDATE post_targets SET state = 'needs_attention', error_name = 'Conflict', error_message = ?, updated_at = ? WHERE state IN ('queued', 'publishing')`)
    .run(HELD_MESSAGE, now).changes;
  if (hasTable(db, 'jobs')) {
    db.prepare(
      `UPDATE jobs SET state = 'cancelled', lease_owner = NULL, lease_expires_at = NULL, last_error_name = 'Conflict', last_error_message = ?, updated_at = ?
       WHERE state IN ('queued', 'running', 'needs_attention') AND kind IN (${POSTING_JOBS.map(() => '?').join(', ')})`,
    ).run(HELD_MESSAGE, now, ...POSTING_JOBS);
  }
  if (hasTable(db, 'workspace_settings')) {
    db.prepare(`UPDATE workspace_settings SET value = json_set(value, '$.enabled', json('false')) WHERE key = 'evergreen' AND json_valid(value)`).run();
  }
  return held;
}
