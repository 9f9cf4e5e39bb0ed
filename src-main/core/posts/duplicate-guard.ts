import { and, eq, gte, lte, ne } from 'drizzle-orm';
import type { DuplicateWarning } from '../../../src-shared/domain';
import { findDuplicates, normalizePostText } from '../../../src-shared/schedule';
import { postTargets } from '../db/schema/workspace';
import type { WorkspaceDb } from '../db/app-db';

const HOUR = 3_600_000;

export interface PlannedTarget {
  accountId: string;
  handle: string;
  text: string;
  at: string;
}

/**
 * The duplicate guard: the same (normalised) text already going to, or gone to, the same account
 * within `windowHours` of the planned time. Platforms treat repeats as spam; X refuses them.
 */
export function duplicateWarnings(db: WorkspaceDb, planned: PlannedTarget[], windowHours: number, exceptPostId?: string): DuplicateWarning[] {
  if (windowHours <= 0) return [];
  const warnings: DuplicateWarning[] = [];
  for (const p of planned) {
    if (!normalizePostText(p.text)) continue;
    const at = Date.parse(p.at);
    const rows = db.orm
      .select({ postId: postTargets.postId, variant: postTargets.variant, at: postTargets.scheduledAt })
      .from(postTargets)
      .where(
        and(
          eq(postTargets.accountId, p.accountId),
          ne(postTargets.state, 'cancelled'),
          gte(postTargets.scheduledAt, new Date(at - windowHours * HOUR).toISOString()),
          lte(postTargets.scheduledAt, new Date(at + windowHours * HOUR).toISOString()),
        ),
      )
      .all();
    const existing = rows.map((r) => ({ postId: r.postId, accountId: p.accountId, text: textOf(r.variant), at: r.at as string }));
    for (const clash of findDuplicates({ text: p.text, accountId: p.accountId, at: p.at, windowHours, existing, ...(exceptPostId ? { postId: exceptPostId } : {}) })) {
      warnings.push({ accountId: p.accountId, handle: p.handle, postId: clash.postId, at: clash.at, minutesApart: clash.minutesApart });
    }
  }
  return warnings;
}

function textOf(variantJson: string): string {
  try {
    return String((JSON.parse(variantJson) as { text?: unknown }).text ?? '');
  } catch {
    return '';
  }
}

/** "45 min", "90 min", "3 h". */
export const apartText = (minutes: number): string => (minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`);

/** One sentence for the Conflict the guard raises. */
export function describeDuplicates(warnings: DuplicateWarning[]): string {
  const first = warnings[0] as DuplicateWarning;
  const apart = apartText(first.minutesApart);
  const more = warnings.length > 1 ? ` (and ${warnings.length - 1} more)` : '';
  return `The same text is already scheduled for ${first.handle} ${apart} from this time (post ${first.postId})${more}. Change the text or the time, or schedule it anyway.`;
}
