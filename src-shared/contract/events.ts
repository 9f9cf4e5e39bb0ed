import type { AppSettings, Workspace } from '../domain';

/** Push events from the core to every connected UI. */
export interface Events {
  'workspaces.changed': { workspaces: Workspace[] };
  'settings.changed': AppSettings;
}

export type EventName = keyof Events;

export const EVENT_NAMES = ['workspaces.changed', 'settings.changed'] as const satisfies readonly EventName[];

// Fails the typecheck when an event is added to Events but not to EVENT_NAMES.
type Missing = Exclude<EventName, (typeof EVENT_NAMES)[number]>;
export const eventNamesComplete: Missing extends never ? true : never = true;
