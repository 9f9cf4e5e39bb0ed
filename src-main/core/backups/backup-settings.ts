import { eq } from 'drizzle-orm';
import type { BackupSettings } from '../../../src-shared/backups';
import type { AppDb } from '../db/app-db';
import { appSettings } from '../db/schema/app';

const KEY = 'backups';
export const BACKUP_DEFAULTS: BackupSettings = { intervalHours: 24, keep: 7 };

/** The backup schedule, stored with the app settings; a damaged value falls back to the defaults. */
export class BackupSettingsStore {
  constructor(private readonly db: AppDb) {}

  get(): BackupSettings {
    const row = this.db.orm.select().from(appSettings).where(eq(appSettings.key, KEY)).get();
    if (!row) return BACKUP_DEFAULTS;
    try {
      const stored = JSON.parse(row.value) as Partial<BackupSettings>;
      return {
        intervalHours: typeof stored.intervalHours === 'number' && stored.intervalHours >= 1 ? stored.intervalHours : BACKUP_DEFAULTS.intervalHours,
        keep: typeof stored.keep === 'number' && stored.keep >= 1 ? stored.keep : BACKUP_DEFAULTS.keep,
      };
    } catch {
      return BACKUP_DEFAULTS;
    }
  }

  update(patch: Partial<BackupSettings>): BackupSettings {
    const next = { ...this.get(), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    const value = JSON.stringify(next);
    this.db.write((orm) => orm.insert(appSettings).values({ key: KEY, value }).onConflictDoUpdate({ target: appSettings.key, set: { value } }).run());
    return next;
  }
}
