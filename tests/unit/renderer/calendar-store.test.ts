import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../src-renderer/api/client';
import { CHANGE_DEBOUNCE_MS, createPostsStore } from '../../../src-renderer/store/posts';
import { AppError } from '../../../src-shared/errors';
import { ACCOUNTS, freezeMachine, thawMachine } from './calendar-fixtures';
import { createFakeCore } from './fake-core';

beforeEach(() => freezeMachine());
afterEach(() => thawMachine());

const MARCH = { from: '2026-02-28T23:00:00.000Z', to: '2026-03-31T21:59:59.999Z' };
const settle = () => new Promise((resolve) => setTimeout(resolve, CHANGE_DEBOUNCE_MS * 3));

function setUp() {
  const core = createFakeCore({
    workspaces: ['Acme Coffee'],
    accounts: ACCOUNTS,
    posts: [
      { text: 'In March', accountIds: ['acct-1'], scheduledAt: '2026-03-12T08:00:00.000Z' },
      { text: 'In April', accountIds: ['acct-1'], scheduledAt: '2026-04-12T08:00:00.000Z' },
      { text: 'A draft', status: 'draft' },
    ],
  });
  const store = createPostsStore(createApi(core.transport));
  const stop = store.getState().start();
  return { core, store, stop };
}

describe('posts store', () => {
  it('loads one range with the largest limit, and counts drafts apart', async () => {
    const { core, store, stop } = setUp();
    await store.getState().load('ws-1', MARCH);
    await settle();
    expect([...store.getState().posts.values()].map((p) => p.text)).toEqual(['In March']);
    expect(store.getState().draftCount).toBe(1);
    expect(core.callsTo('post.list')).toContainEqual({ workspaceId: 'ws-1', ...MARCH, limit: 10000 });
    stop();
  });

  it('fetches posts named by posts.changed once per quiet spell, keeps only those in range, and ignores other workspaces', async () => {
    const { core, store, stop } = setUp();
    await store.getState().load('ws-1', MARCH);
    const inMarch = core.posts.add({ text: 'Added in March', accountIds: ['acct-2'], scheduledAt: '2026-03-20T08:00:00.000Z' });
    core.emit('posts.changed', { workspaceId: 'ws-1', postIds: [inMarch.id] });
    core.posts.add({ text: 'Added in May', accountIds: ['acct-2'], scheduledAt: '2026-05-20T08:00:00.000Z' });
    core.emit('posts.changed', { workspaceId: 'ws-9', postIds: ['post-1'] });
    await settle();
    expect(core.callsTo('post.get').map((c) => c.postId).sort()).toEqual([inMarch.id, 'post-5']);
    expect([...store.getState().posts.values()].map((p) => p.text).sort()).toEqual(['Added in March', 'In March']);
    stop();
  });

  it('reloads the whole range when told that many changed', async () => {
    const { core, store, stop } = setUp();
    await store.getState().load('ws-1', MARCH);
    const lists = core.callsTo('post.list').length;
    core.emit('posts.changed', { workspaceId: 'ws-1', postIds: [] });
    await settle();
    expect(core.callsTo('post.list').length).toBeGreaterThan(lists);
    stop();
  });

  it('moves at once and puts the post back when the core refuses', async () => {
    const { core, store, stop } = setUp();
    await store.getState().load('ws-1', MARCH);
    core.posts.failNext('post.reschedule', new AppError('Conflict', 'Post post-1 has nothing left to publish, so it cannot move; duplicate it instead.'));
    const release = core.posts.hold('post.reschedule');
    const move = store.getState().reschedule('post-1', { at: '2026-03-20 09:00', timeZone: 'UTC', instant: '2026-03-20T09:00:00.000Z' });
    expect(store.getState().posts.get('post-1')?.targets[0]?.scheduledAt).toBe('2026-03-20T09:00:00.000Z');
    release();
    await expect(move).rejects.toThrow('nothing left to publish');
    expect(store.getState().posts.get('post-1')?.targets[0]?.scheduledAt).toBe('2026-03-12T08:00:00.000Z');
    stop();
  });
});
