import { eq } from 'drizzle-orm';
import type { AnalyticsSettings } from '../../../src-shared/analytics';
import { AppError } from '../../../src-shared/errors';
import { workspaceSettings } from '../db/schema/workspace';
import type { Workspaces } from '../workspace/workspaces';

const KEY = 'analytics';
// AI sentiment is off until the user turns it on: comment texts then go to the provider.
export const DEFAULT_ANALYTICS_SETTINGS: AnalyticsSettings = { syncEveryMinutes: 360, aiSentiment: false, aiSentimentProvider: null };
export const MIN_SYNC_MINUTES = 15;
export const MAX_SYNC_MINUTES = 7 * 24 * 60;

/** The workspace's analytics settings (how often the scheduled sync runs, AI sentiment), as one JSON value. */
export class AnalyticsSettingsStore {
  constructor(private readonly workspaces: Pick<Workspaces, 'db'>) {}

  get(workspaceId: string): AnalyticsSettings {
    const row = this.workspaces.db(workspaceId).orm.select().from(workspaceSettings).where(eq(workspaceSettings.key, KEY)).get();
    if (!row) return { ...DEFAULT_ANALYTICS_SETTINGS };
    try {
      const stored = JSON.parse(row.value) as Partial<AnalyticsSettings>;
      // A damaged value never turns AI sentiment on: only a stored `true` does.
      return {
        syncEveryMinutes: typeof stored.syncEveryMinutes === 'number' ? stored.syncEveryMinutes : DEFAULT_ANALYTICS_SETTINGS.syncEveryMinutes,
        aiSentiment: stored.aiSentiment === true,
        aiSentimentProvider: typeof stored.aiSentimentProvider === 'string' && stored.aiSentimentProvider ? stored.aiSentimentProvider : null,
      };
    } catch {
      return { ...DEFAULT_ANALYTICS_SETTINGS };
    }
  }

  update(workspaceId: string, patch: Partial<AnalyticsSettings>): AnalyticsSettings {
    const next = { ...this.get(workspaceId), ...patch };
    const m = next.syncEveryMinutes;
    if (!Number.isInteger(m) || m < MIN_SYNC_MINUTES || m > MAX_SYNC_MINUTES) {
      throw new AppError('ValidationError', `Sync every ${MIN_SYNC_MINUTES} to ${MAX_SYNC_MINUTES} minutes (a week); ${m} is outside that.`, { field: 'syncEveryMinutes' });
    }
    const value = JSON.stringify(next);
    this.workspaces.db(workspaceId).write((orm) => orm.insert(workspaceSettings).values({ key: KEY, value }).onConflictDoUpdate({ target: workspaceSettings.key, set: { value } }).run());
    return next;
  }
}
