// Shared set-up for the calendar's tests: a machine in Berlin on Tuesday 10 March 2026, 11:00 local.
import { screen } from '@testing-library/react';
import { vi } from 'vitest';
import type { AccountSeed } from './fake-accounts';
import { createFakeCore } from './fake-core';
import type { PostSeed } from './fake-posts';
import { renderApp } from './render-app';

export const NOW = new Date('2026-03-10T10:00:00.000Z');

export const ACCOUNTS: AccountSeed[] = [
  { platform: 'bluesky', handle: 'acme.bsky.social' },
  { platform: 'x', handle: '@acmecoffee' },
  { platform: 'mastodon', handle: '@acme@mastodon.social' },
];

let savedTz: string | undefined;

/** The machine's zone and clock for one test file: call from beforeEach, and undo in afterEach. */
export function freezeMachine(zone = 'Europe/Berlin') {
  savedTz = process.env.TZ;
  process.env.TZ = zone;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
}

export function thawMachine() {
  vi.useRealTimers();
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
}

export function openCalendar(posts: PostSeed[], options: { accounts?: AccountSeed[] } = {}) {
  const core = createFakeCore({ workspaces: ['Acme Coffee'], accounts: options.accounts ?? ACCOUNTS, posts });
  const view = renderApp(core, { hash: '#/calendar' });
  return { core, ...view };
}

/** The month grid's cell of a day. */
export const dayCell = (day: string) => {
  const cell = document.querySelector<HTMLElement>(`[data-day="${day}"]`);
  if (!cell) throw new Error(`No day cell ${day}`);
  return cell;
};

/** The week grid's cell of an hour of a day ("2026-03-10 09:00"). */
export const hourSlot = (slot: string) => {
  const cell = document.querySelector<HTMLElement>(`[data-slot="${slot}"]`);
  if (!cell) throw new Error(`No hour slot ${slot}`);
  return cell;
};

/** A calendar entry, by the start of its name ("09:00, Scheduled, acme.bsky.social"). */
export const findEntry = (start: string) => screen.findByRole('button', { name: new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });

/** What a drag carries, for fireEvent.dragStart/dragOver/drop. */
export function dataTransfer() {
  const data = new Map<string, string>();
  return {
    dropEffect: 'none',
    effectAllowed: 'all',
    setData: (type: string, value: string) => data.set(type, value),
    getData: (type: string) => data.get(type) ?? '',
    types: [] as string[],
  };
}
