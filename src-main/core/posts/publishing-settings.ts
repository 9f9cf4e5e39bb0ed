import { eq } from 'drizzle-orm';
import type { PublishingSettings as Settings } from '../../../src-shared/domain';
import { workspaceSettings } from '../db/schema/workspace';
import type { Workspaces } from '../workspace/workspaces';

const KEY = 'publishing';
export const DEFAULT_PUBLISHING_SETTINGS: Settings = { lateWindowMinutes: 120, duplicateWindowHours: 24 };

/**
 * A workspace's publishing rules (late window, duplicate window), kept in its own database so they
 * travel with its export. Cached: the scheduler asks for the late window on every due job.
 */
export class PublishingSettings {
  private readonly cache = new Map<string, Settings>();

  constructor(private readonly workspaces: Pick<Workspaces, 'db'>) {}

  get(workspaceId: string): Settings {
    const cached = this.cache.get(workspaceId);
    if (cached) return cached;
    const row = this.workspaces.db(workspaceId).orm.select().from(workspaceSettings).where(eq(workspaceSettings.key, KEY)).get();
    let stored: Partial<Settings> = {};
    try {
      stored = row ? (JSON.parse(row.value) as Partial<Settings>) : {};
    } catch {
      // A damaged value falls back to the defaults rather than stopping publishing.
    }
    const settings = { ...DEFAULT_PUBLISHING_SETTINGS, ...stored };
    this.cache.set(workspaceId, settings);
    return settings;
  }

  /** Drops the cached rules of a workspace whose database was replaced (a restore). */
  forget(workspaceId: string): void {
    this.cache.delete(workspaceId);
  }

  update(workspaceId: string, patch: Partial<Settings>): Settings {
    const next = { ...this.get(workspaceId), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    const value = JSON.stringify(next);
    this.workspaces.db(workspaceId).write((orm) =>
      orm.insert(workspaceSettings).values({ key: KEY, value }).onConflictDoUpdate({ target: workspaceSettings.key, set: { value } }).run(),
    );
    this.cache.set(workspaceId, next);
    return next;
  }
}
