import { fireEvent, screen } from '@testing-library/react';
import type { AccountSeed } from './fake-accounts';
import { createFakeCore } from './fake-core';
import type { PostSeed, QueueSeed } from './fake-posts';
import { renderApp } from './render-app';

/** acct-1 Bluesky, acct-2 Mastodon, acct-3 X, acct-4 a disconnected Bluesky account. */
export const ACCOUNTS: AccountSeed[] = [
  { platform: 'bluesky', handle: 'acme.bsky.social', displayName: 'Acme ☕' },
  { platform: 'mastodon', handle: '@acme@mastodon.social' },
  { platform: 'x', handle: '@acmecoffee' },
  { platform: 'bluesky', handle: 'old-acme.bsky.social', status: 'disconnected' },
];

export const LOCAL_KEY = 'promogpt.composer.ws-1';

export function openComposer(seed: { posts?: PostSeed[]; queues?: QueueSeed[]; hash?: string } = {}) {
  const core = createFakeCore({ workspaces: ['Acme Coffee'], accounts: ACCOUNTS, posts: seed.posts, queues: seed.queues });
  const view = renderApp(core, { hash: seed.hash ?? '#/compose' });
  return { core, ...view };
}

export const accountBox = (handle: string) => screen.findByRole('checkbox', { name: new RegExp(`(^| )${handle.replace(/[.@]/g, '\\$&')}$`) });

export async function choose(handle: string) {
  fireEvent.click(await accountBox(handle));
}

export const mainText = () => screen.getByLabelText('Text') as HTMLTextAreaElement;

export function type(field: HTMLElement, value: string) {
  fireEvent.change(field, { target: { value } });
}

export function localCopy(): { draft: { text: string; accountIds: string[] }; draftId: string | null; dirty: boolean } | null {
  const raw = window.localStorage.getItem(LOCAL_KEY);
  return raw ? (JSON.parse(raw) as never) : null;
}
