import { eq } from 'drizzle-orm';
import type { AppSettings } from '../../../src-shared/domain';
import type { AppDb } from '../db/app-db';
import { appSettings } from '../db/schema/app';
import type { EventBus } from '../events';

const DEFAULTS: AppSettings = { theme: 'system', lastWorkspaceId: null, oauthRelayUrl: null };

/** App-wide settings; unknown or damaged stored values fall back to the defaults. */
export class Settings {
  constructor(
    private readonly db: AppDb,
    private readonly events: EventBus,
  ) {}

  get(): AppSettings {
    const rows = this.db.orm.select().from(appSettings).all();
    const stored: Record<string, unknown> = {};
    for (const row of rows) {
      try {
        stored[row.key] = JSON.parse(row.value);
      } catch {
        // A damaged value is ignored, not fatal: the default applies.
      }
    }
    return {
      theme: stored.theme === 'light' || stored.theme === 'dark' || stored.theme === 'system' ? stored.theme : DEFAULTS.theme,
      lastWorkspaceId: typeof stored.lastWorkspaceId === 'string' ? stored.lastWorkspaceId : DEFAULTS.lastWorkspaceId,
      oauthRelayUrl: typeof stored.oauthRelayUrl === 'string' ? stored.oauthRelayUrl : DEFAULTS.oauthRelayUrl,
    };
  }

  update(patch: Partial<AppSettings>): AppSettings {
    this.db.write((orm) => {
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        const json = JSON.stringify(value);
        const exists = orm.select().from(appSettings).where(eq(appSettings.key, key)).get();
        if (exists) orm.update(appSettings).set({ value: json }).where(eq(appSettings.key, key)).run();
        else orm.insert(appSettings).values({ key, value: json }).run();
      }
    });
    const next = this.get();
    this.events.emit('settings.changed', next);
    return next;
  }
}
