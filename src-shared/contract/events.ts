import type { Generation } from '../ai';
import type { Account, AppSettings, Notice, RenderStatus, Workspace } from '../domain';
import type { Platform } from '../platforms/platform';
import type { DataJob } from '../your-data';

/** Push events from the core to every connected UI. */
export interface Events {
  'workspaces.changed': { workspaces: Workspace[] };
  'settings.changed': AppSettings;
  'accounts.changed': { workspaceId: string; accounts: Account[] };
  /** The end of a browser sign-in started with account.connectStart. */
  'account.connectFinished': { attemptId: string; workspaceId: string; account?: Account; error?: { name: string; message: string } };
  /** Posts were created, changed or published: UIs showing them reload those ids (or all when many). */
  'posts.changed': { workspaceId: string; postIds: string[] };
  /** A render was queued, made progress (at most every 250 ms), or ended. */
  'media.renderChanged': { workspaceId: string; render: RenderStatus };
  /** Items were added, changed or removed in a workspace's media library. */
  'media.changed': { workspaceId: string };
  /** A backup was taken or restored in a workspace (a restore replaces all of its data). */
  'backups.changed': { workspaceId: string };
  /** Text as it streams from an AI provider; `restart` clears the variant (it is being asked again, shorter). */
  'studio.delta': { workspaceId: string; generationId: string; platform: Platform; index: number; delta: string; restart?: boolean };
  /** A generation started, saved a result, or ended. */
  'studio.changed': { workspaceId: string; generation: Generation };
  /** An export or import started, made progress (at most every 250 ms), or ended. */
  'data.jobChanged': DataJob;
  /** Something the user should see now: an account needs reconnecting, a rate limit. */
  notice: Notice;
}

export type EventName = keyof Events;

export const EVENT_NAMES = ['workspaces.changed', 'settings.changed', 'accounts.changed', 'account.connectFinished', 'posts.changed', 'media.renderChanged', 'media.changed', 'backups.changed', 'studio.delta', 'studio.changed', 'data.jobChanged', 'notice'] as const satisfies readonly EventName[];

// Fails the typecheck when an event is added to Events but not to EVENT_NAMES.
type Missing = Exclude<EventName, (typeof EVENT_NAMES)[number]>;
export const eventNamesComplete: Missing extends never ? true : never = true;
