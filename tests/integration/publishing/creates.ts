// Which requests create a post on a platform: what the crash and lost-answer faults aim at.
export type CreateMatch = (url: URL, init: RequestInit | undefined) => boolean;

export const isCreate: CreateMatch = (url, init) =>
  (init?.method ?? 'GET').toUpperCase() === 'POST' &&
  (url.pathname === '/2/tweets' || url.pathname === '/api/v1/statuses' || url.pathname === '/xrpc/com.atproto.repo.createRecord');
