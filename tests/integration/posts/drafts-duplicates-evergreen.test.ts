// Drafts, per-platform variants, the duplicate guard, the evergreen pool and posts.changed events,
// through the public contract (core.call) of a real core publishing to fake Mastodon and X servers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Events } from '../../../src-shared/contract';
import type { Account, ComposerDraft } from '../../../src-shared/domain';
import type { FakeAccount } from '../../fakes/mastodon/server';
import { failure, remoteIdOf, world, type World } from './scheduling-kit';

let w: World;
afterEach(async () => {
  await w?.close();
});

const queuedJobs = (kind: string) => w.core.scheduler.queue(w.workspaceId).list({ kind, state: 'queued' });

describe('drafts', () => {
  let alice: Account;
  let aliceRemote: FakeAccount;

  it('saves a draft without accounts and gives back exactly what the composer had', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    const draft: ComposerDraft = {
      accountIds: [],
      text: 'Half an idea',
      media: [{ path: '/tmp/picture.png', mimeType: 'image/png', altText: 'A picture' }],
      thread: ['and a second part'],
      firstComment: 'first!',
      variants: { mastodon: { text: 'Toot version' }, x: { text: 'X version', thread: [] } },
    };
    const saved = await w.core.call('post.saveDraft', { workspaceId: w.workspaceId, draft });
    expect(saved).toMatchObject({ status: 'draft', text: 'Half an idea', scheduledAt: null, seriesId: null, recurrence: null, evergreen: false, targets: [] });
    expect(saved.draft).toEqual(draft);
    expect((await w.get(saved.id)).draft).toEqual(draft);

    const empty = await w.core.call('post.saveDraft', { workspaceId: w.workspaceId, draft: {} });
    expect(empty.draft).toEqual({ accountIds: [], text: '', media: [], thread: [], variants: {} });
  });

  it('saving over a draft updates it; scheduling it turns the same post into a scheduled one; deleting removes it', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    ({ account: alice, remote: aliceRemote } = await w.addMastodon('alice'));
    const first = await w.core.call('post.saveDraft', { workspaceId: w.workspaceId, draft: { text: 'Rough' } });
    const spare = await w.core.call('post.saveDraft', { workspaceId: w.workspaceId, draft: { text: 'Spare' } });
    w.clock.advance(60_000);
    const updated = await w.core.call('post.saveDraft', { workspaceId: w.workspaceId, draftId: first.id, draft: { accountIds: [alice.id], text: 'Polished', variants: { mastodon: { text: 'Polished toot' } } } });
    expect(updated.id).toBe(first.id);
    expect(updated.draft).toEqual({ accountIds: [alice.id], text: 'Polished', media: [], thread: [], variants: { mastodon: { text: 'Polished toot' } } });
    expect(updated).toMatchObject({ text: 'Polished', updatedAt: '2026-03-20T08:01:00.000Z' });
    expect((await w.list({ status: 'draft' })).map((p) => p.id).sort()).toEqual([first.id, spare.id].sort());

    const scheduled = await w.core.call('post.create', {
      workspaceId: w.workspaceId,
      draftId: first.id,
      accountIds: [alice.id],
      text: 'Polished',
      variants: { mastodon: { text: 'Polished toot' } },
      when: { kind: 'at', at: '2026-03-21 10:00', timeZone: 'Europe/Berlin' },
    });
    expect(scheduled).toMatchObject({ id: first.id, status: 'scheduled', draft: null, scheduledAt: '2026-03-21T09:00:00.000Z', targets: [expect.objectContaining({ accountId: alice.id, state: 'queued' })] });
    expect((await w.list({ status: 'draft' })).map((p) => p.id)).toEqual([spare.id]);
    expect(await w.list()).toHaveLength(2);

    // It is no longer a draft: neither deleted nor saved over, nor scheduled a second time.
    expect(await failure(w.core.call('post.deleteDraft', { workspaceId: w.workspaceId, postId: first.id }))).toMatchObject({ name: 'Conflict', message: expect.stringContaining('not a draft any more') });
    expect((await failure(w.core.call('post.saveDraft', { workspaceId: w.workspaceId, draftId: first.id, draft: { text: 'oops' } }))).name).toBe('Conflict');
    expect(
      (await failure(w.core.call('post.create', { workspaceId: w.workspaceId, draftId: first.id, accountIds: [alice.id], text: 'Again', when: { kind: 'at', at: '2026-03-22 10:00', timeZone: 'Europe/Berlin' } }))).name,
    ).toBe('Conflict');
    expect((await w.get(first.id)).text).toBe('Polished');

    expect(await w.core.call('post.deleteDraft', { workspaceId: w.workspaceId, postId: spare.id })).toEqual({ id: spare.id });
    expect((await failure(w.get(spare.id))).name).toBe('NotFound');
    expect(await w.list({ status: 'draft' })).toEqual([]);
    expect((await failure(w.core.call('post.deleteDraft', { workspaceId: w.workspaceId, postId: spare.id }))).name).toBe('NotFound');

    // The former draft publishes once, with its variant.
    await w.runAt('2026-03-21T09:00:30.000Z');
    const done = await w.get(first.id);
    expect(done.targets[0]?.state).toBe('published');
    expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(1);
    expect(w.mastodon.status(remoteIdOf(done.targets[0]?.remoteUrl ?? null))?.text).toBe('Polished toot');
  });
});

describe('per-platform variants', () => {
  it('the Mastodon target publishes its variant, X publishes the main text', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    const { account: alice, remote: aliceRemote } = await w.addMastodon('alice');
    const { account: acme, remote: acmeRemote, x } = await w.addX('acme');
    const post = await w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [alice.id, acme.id], text: 'Main text', variants: { mastodon: { text: 'M text' } }, when: { kind: 'now' } });
    expect(post.text).toBe('Main text');
    await w.run();
    const done = await w.get(post.id);
    const byPlatform = Object.fromEntries(done.targets.map((t) => [t.platform, t]));
    expect(byPlatform.mastodon).toMatchObject({ accountId: alice.id, state: 'published' });
    expect(byPlatform.x).toMatchObject({ accountId: acme.id, state: 'published' });
    expect(w.mastodon.status(remoteIdOf(byPlatform.mastodon?.remoteUrl ?? null))?.text).toBe('M text');
    expect(x.tweet(remoteIdOf(byPlatform.x?.remoteUrl ?? null))?.text).toBe('Main text');
    expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(1);
    expect(x.createdTweets(acmeRemote.id)).toBe(1);
  });

  it('a variant that breaks its platform’s rules is refused when scheduled, naming the platform, the rule and the account; nothing is stored', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    const { account: alice } = await w.addMastodon('alice');
    const { account: acme } = await w.addX('acme');
    const long = 'a'.repeat(281);
    const tooLong = await failure(
      w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [alice.id, acme.id], text: long, when: { kind: 'now' } }),
    );
    expect(tooLong).toMatchObject({ name: 'ValidationError', message: `X: 281 of 280 weighted characters for ${acme.handle}. Shorten or change it for this account, then schedule again.` });
    const thread = await failure(
      w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [alice.id], text: 'ok', thread: ['b'.repeat(501)], when: { kind: 'now' } }),
    );
    expect(thread.message).toMatch(/^Mastodon: 501 of 500 characters \(part 2 of the thread\) for /);
    expect(await w.list({})).toEqual([]);
    const fits = await w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [alice.id, acme.id], text: long, variants: { x: { text: 'short for X' } }, when: { kind: 'now' } });
    expect(fits.targets).toHaveLength(2);
  });
});

describe('duplicate guard', () => {
  let alice: Account;
  let bob: Account;
  const at = (text: string, local: string, extra: { accountIds?: string[]; allowDuplicate?: boolean } = {}) =>
    w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: extra.accountIds ?? [alice.id], text, when: { kind: 'at', at: local, timeZone: 'Europe/Berlin' }, ...(extra.allowDuplicate ? { allowDuplicate: true } : {}) });

  const setup = async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    ({ account: alice } = await w.addMastodon('alice'));
    ({ account: bob } = await w.addMastodon('bob'));
    return at('Big news today', '2026-03-21 10:00'); // 09:00 UTC
  };

  it('the same text to the same account within 24 h is a Conflict naming the handle, and nothing is stored', async () => {
    const first = await setup();
    const before = (await w.list()).length;
    const err = await failure(at('Big news today', '2026-03-21 15:00'));
    expect(err.name).toBe('Conflict');
    expect(err.message).toBe(`The same text is already scheduled for @alice 5 h from this time (post ${first.id}). Change the text or the time, or schedule it anyway.`);
    expect(err.details).toEqual({ duplicates: [{ accountId: alice.id, handle: '@alice', postId: first.id, at: '2026-03-21T09:00:00.000Z', minutesApart: 300 }] });
    expect(await w.list()).toHaveLength(before);
    expect(queuedJobs('publish')).toHaveLength(1);

    // Several accounts at once: all or nothing.
    const mixed = await failure(at('Big news today', '2026-03-21 15:00', { accountIds: [bob.id, alice.id] }));
    expect(mixed.name).toBe('Conflict');
    expect(await w.list()).toHaveLength(before);

    // Another account may say the same; with allowDuplicate the same account may too.
    await at('Big news today', '2026-03-21 15:00', { accountIds: [bob.id] });
    const forced = await at('Big news today', '2026-03-21 15:00', { allowDuplicate: true });
    expect(forced.targets).toEqual([expect.objectContaining({ accountId: alice.id, state: 'queued', scheduledAt: '2026-03-21T14:00:00.000Z' })]);
    expect(await w.list()).toHaveLength(before + 2);
  });

  it('compares normalised text (spaces, case) and counts a short gap in minutes', async () => {
    const first = await setup();
    const err = await failure(at('  BIG   news\n today  ', '2026-03-21 10:30'));
    expect(err.message).toBe(`The same text is already scheduled for @alice 30 min from this time (post ${first.id}). Change the text or the time, or schedule it anyway.`);
    // A different text is fine.
    await at('Big news tomorrow', '2026-03-21 10:30');
  });

  it('outside the workspace’s duplicate window it is allowed; a window of 0 switches the guard off', async () => {
    const first = await setup();
    expect(await w.core.call('publishing.updateSettings', { workspaceId: w.workspaceId, duplicateWindowHours: 1 })).toEqual({ lateWindowMinutes: 120, duplicateWindowHours: 1 });
    const later = await at('Big news today', '2026-03-21 15:00');
    expect(later.scheduledAt).toBe('2026-03-21T14:00:00.000Z');
    const close = await failure(at('Big news today', '2026-03-21 10:30'));
    expect(close.message).toContain(`30 min from this time (post ${first.id})`);
    await w.core.call('publishing.updateSettings', { workspaceId: w.workspaceId, duplicateWindowHours: 0 });
    await at('Big news today', '2026-03-21 10:00');
  });

  it('post.checkDuplicates returns the warnings with minutesApart; a post never clashes with itself', async () => {
    const first = await setup();
    const second = await at('Big news today', '2026-03-21 11:00', { allowDuplicate: true });
    const check = (extra: { at?: string; postId?: string; variants?: Record<string, { text: string }> } = {}) =>
      w.core.call('post.checkDuplicates', { workspaceId: w.workspaceId, accountIds: [alice.id, bob.id], text: 'big news today', ...extra });
    // Closest first: the second (10:00 UTC) is 20 min away, the first (09:00 UTC) 40 min.
    expect(await check({ at: '2026-03-21T09:40:00.000Z' })).toEqual([
      { accountId: alice.id, handle: '@alice', postId: second.id, at: '2026-03-21T10:00:00.000Z', minutesApart: 20 },
      { accountId: alice.id, handle: '@alice', postId: first.id, at: '2026-03-21T09:00:00.000Z', minutesApart: 40 },
    ]);
    // An instant with an offset: 09:40+01:00 is 08:40 UTC.
    expect(await check({ at: '2026-03-21T09:40:00+01:00' })).toEqual([
      { accountId: alice.id, handle: '@alice', postId: first.id, at: '2026-03-21T09:00:00.000Z', minutesApart: 20 },
      { accountId: alice.id, handle: '@alice', postId: second.id, at: '2026-03-21T10:00:00.000Z', minutesApart: 80 },
    ]);
    // The post being edited is left out.
    expect(await check({ at: '2026-03-21T09:40:00.000Z', postId: second.id })).toEqual([{ accountId: alice.id, handle: '@alice', postId: first.id, at: '2026-03-21T09:00:00.000Z', minutesApart: 40 }]);
    // Now (08:00 on the 20th) is 25 h before the first: outside the 24 h window.
    expect(await check()).toEqual([]);
    // Mastodon gets another text through its variant: nothing to warn about.
    expect(await check({ at: '2026-03-21T09:40:00.000Z', variants: { mastodon: { text: 'Something else' } } })).toEqual([]);
  });

  it('rescheduling never clashes with the post itself, but does with another post', async () => {
    const first = await setup();
    const moved = await w.core.call('post.reschedule', { workspaceId: w.workspaceId, postId: first.id, at: '2026-03-21 10:20', timeZone: 'Europe/Berlin' });
    expect(moved.scheduledAt).toBe('2026-03-21T09:20:00.000Z');

    const other = await at('Big news today', '2026-03-23 10:00');
    const err = await failure(w.core.call('post.reschedule', { workspaceId: w.workspaceId, postId: other.id, at: '2026-03-21 11:20', timeZone: 'Europe/Berlin' }));
    expect(err.message).toBe(`The same text is already scheduled for @alice 60 min from this time (post ${first.id}). Change the text or the time, or schedule it anyway.`);
    expect((await w.get(other.id)).scheduledAt).toBe('2026-03-23T09:00:00.000Z');
    const forced = await w.core.call('post.reschedule', { workspaceId: w.workspaceId, postId: other.id, at: '2026-03-21 11:20', timeZone: 'Europe/Berlin', allowDuplicate: true });
    expect(forced.scheduledAt).toBe('2026-03-21T10:20:00.000Z');
  });

  it('a published post still counts; a cancelled one does not', async () => {
    const first = await setup();
    const now = await w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [alice.id], text: 'Just posted', when: { kind: 'now' } });
    await w.run();
    expect((await w.get(now.id)).targets[0]?.state).toBe('published');
    const again = await failure(w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [alice.id], text: 'Just posted', when: { kind: 'now' } }));
    expect(again.message).toBe(`The same text is already scheduled for @alice 0 min from this time (post ${now.id}). Change the text or the time, or schedule it anyway.`);

    await w.core.call('post.cancel', { workspaceId: w.workspaceId, postId: first.id });
    const replacement = await at('Big news today', '2026-03-21 10:00');
    expect(replacement.targets[0]?.state).toBe('queued');
  });
});

describe('evergreen pool', () => {
  let alice: Account;
  let aliceRemote: FakeAccount;
  const DAY = 86_400_000;

  /** Two published posts, A and B, and the pool configured daily at 10:00 UTC with a 2-day gap. */
  const setup = async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    ({ account: alice, remote: aliceRemote } = await w.addMastodon('alice'));
    const a = await w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [alice.id], text: 'Evergreen A', when: { kind: 'now' } });
    const b = await w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [alice.id], text: 'Evergreen B', when: { kind: 'now' } });
    await w.run();
    expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(2);
    const pool = await w.core.call('evergreen.configure', { workspaceId: w.workspaceId, enabled: true, everyDays: 1, time: '10:00', timeZone: 'UTC', minGapDays: 2 });
    expect(pool).toEqual({ enabled: true, everyDays: 1, time: '10:00', timeZone: 'UTC', minGapDays: 2, nextRunAt: null, entries: [] });
    return { a, b };
  };
  const copies = async () =>
    (await w.list()).filter((p) => p.source === 'evergreen').sort((x, y) => (x.scheduledAt as string).localeCompare(y.scheduledAt as string));
  const day = (n: number) => new Date(Date.parse('2026-03-20T10:00:00.000Z') + n * DAY).toISOString();

  it('re-queues the pool’s posts on the cadence, alternating, never the same within 2 days, each copy published once', async () => {
    const { a, b } = await setup();
    const withA = await w.core.call('evergreen.add', { workspaceId: w.workspaceId, postId: a.id });
    expect(withA.entries).toEqual([{ postId: a.id, text: 'Evergreen A', accountIds: [alice.id], addedAt: '2026-03-20T08:00:00.000Z', lastQueuedAt: null }]);
    expect(withA.nextRunAt).toBe('2026-03-20T10:00:00.000Z');
    w.clock.advance(1000);
    const withBoth = await w.core.call('evergreen.add', { workspaceId: w.workspaceId, postId: b.id });
    expect(withBoth.entries.map((e) => e.postId)).toEqual([a.id, b.id]);
    expect((await w.get(a.id)).evergreen).toBe(true);
    expect(queuedJobs('evergreen.requeue').map((j) => j.runAt)).toEqual(['2026-03-20T10:00:00.000Z']);

    // Nothing before the first run.
    await w.runAt('2026-03-20T09:59:00.000Z');
    expect(await copies()).toEqual([]);

    const expected = ['Evergreen A', 'Evergreen B', 'Evergreen A', 'Evergreen B', 'Evergreen A', 'Evergreen B'];
    for (let n = 0; n < expected.length; n++) {
      await w.runAt(day(n));
      const made = await copies();
      expect(made.map((p) => p.text)).toEqual(expected.slice(0, n + 1));
      const latest = made.at(-1);
      expect(latest).toMatchObject({ status: 'scheduled', source: 'evergreen', scheduledAt: day(n), seriesId: null, evergreen: false });
      expect(latest?.targets).toEqual([expect.objectContaining({ accountId: alice.id, state: 'published' })]);
      expect(w.mastodon.status(remoteIdOf(latest?.targets[0]?.remoteUrl ?? null))?.text).toBe(expected[n]);
      expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(2 + n + 1);

      const pool = await w.core.call('evergreen.get', { workspaceId: w.workspaceId });
      expect(pool.nextRunAt).toBe(day(n + 1));
      const chosen = expected[n] === 'Evergreen A' ? a.id : b.id;
      expect(pool.entries.find((e) => e.postId === chosen)?.lastQueuedAt).toBe(day(n));
      expect(queuedJobs('evergreen.requeue').map((j) => j.runAt)).toEqual([day(n + 1)]);

      await w.run(); // running again makes no second copy
      expect(await copies()).toHaveLength(n + 1);
      expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(2 + n + 1);
    }
    // Never the same post less than 2 days apart.
    const made = await copies();
    for (const text of ['Evergreen A', 'Evergreen B']) {
      const times = made.filter((p) => p.text === text).map((p) => Date.parse(p.scheduledAt as string));
      for (let i = 1; i < times.length; i++) expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(2 * DAY);
    }
  });

  it('a removed post is no longer chosen; with one post left, days inside its gap make no copy', async () => {
    const { a, b } = await setup();
    await w.core.call('evergreen.add', { workspaceId: w.workspaceId, postId: a.id });
    w.clock.advance(1000);
    await w.core.call('evergreen.add', { workspaceId: w.workspaceId, postId: b.id });
    await w.runAt(day(0)); // A
    await w.runAt(day(1)); // B
    const pool = await w.core.call('evergreen.remove', { workspaceId: w.workspaceId, postId: a.id });
    expect(pool.entries.map((e) => e.postId)).toEqual([b.id]);
    expect((await w.get(a.id)).evergreen).toBe(false);

    for (let n = 2; n <= 6; n++) await w.runAt(day(n));
    // B again on day 3 and day 5 (2 days after each), nothing on days 2, 4 and 6, and never A.
    expect((await copies()).map((p) => [p.text, p.scheduledAt])).toEqual([
      ['Evergreen A', day(0)],
      ['Evergreen B', day(1)],
      ['Evergreen B', day(3)],
      ['Evergreen B', day(5)],
    ]);
    expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(2 + 4);
  });

  it('refuses a draft or a series (ValidationError), and an unknown zone', async () => {
    await setup();
    const draft = await w.core.call('post.saveDraft', { workspaceId: w.workspaceId, draft: { accountIds: [alice.id], text: 'Not yet' } });
    const err = await failure(w.core.call('evergreen.add', { workspaceId: w.workspaceId, postId: draft.id }));
    expect(err).toMatchObject({ name: 'ValidationError', message: `Only a scheduled or published post can go in the evergreen pool; post ${draft.id} is a draft.` });
    const series = await w.core.call('post.create', {
      workspaceId: w.workspaceId,
      accountIds: [alice.id],
      text: 'Repeats',
      when: { kind: 'recurring', start: '2026-03-21 09:00', timeZone: 'UTC', rule: { every: 1, unit: 'day', count: 2 } },
    });
    expect((await failure(w.core.call('evergreen.add', { workspaceId: w.workspaceId, postId: series.id }))).name).toBe('ValidationError');
    expect((await w.core.call('evergreen.get', { workspaceId: w.workspaceId })).entries).toEqual([]);
    const zone = await failure(w.core.call('evergreen.configure', { workspaceId: w.workspaceId, timeZone: 'Mars/Olympus' }));
    expect(zone.name).toBe('ValidationError');
    expect(queuedJobs('evergreen.requeue')).toEqual([]);
  });

  it('switched off it stops; switched on again it runs again', async () => {
    const { a } = await setup();
    await w.core.call('evergreen.add', { workspaceId: w.workspaceId, postId: a.id });
    const off = await w.core.call('evergreen.configure', { workspaceId: w.workspaceId, enabled: false });
    expect(off.nextRunAt).toBeNull();
    expect(queuedJobs('evergreen.requeue')).toEqual([]);
    await w.runAt(day(0));
    expect(await copies()).toEqual([]);

    w.clock.set('2026-03-20T12:00:00.000Z');
    const on = await w.core.call('evergreen.configure', { workspaceId: w.workspaceId, enabled: true });
    expect(on.nextRunAt).toBe(day(1));
    await w.runAt(day(1));
    expect((await copies()).map((p) => p.text)).toEqual(['Evergreen A']);
  });

  // The same run time as before the pool was switched off (or emptied): the run's idempotency key
  // `evergreen:<time>` belongs to the job that was cancelled, so enqueue returns that cancelled job.
  it('switched off and on again before the next run, it still makes that run', async () => {
    const { a } = await setup();
    await w.core.call('evergreen.add', { workspaceId: w.workspaceId, postId: a.id });
    await w.core.call('evergreen.configure', { workspaceId: w.workspaceId, enabled: false });
    const on = await w.core.call('evergreen.configure', { workspaceId: w.workspaceId, enabled: true });
    expect(on.nextRunAt).toBe(day(0));
    expect(queuedJobs('evergreen.requeue').map((j) => j.runAt)).toEqual([day(0)]);
    await w.runAt(day(0));
    expect((await copies()).map((p) => p.text)).toEqual(['Evergreen A']);
  });

  it('emptied and refilled before the next run, it still makes that run', async () => {
    const { a } = await setup();
    await w.core.call('evergreen.add', { workspaceId: w.workspaceId, postId: a.id });
    await w.core.call('evergreen.remove', { workspaceId: w.workspaceId, postId: a.id });
    expect(queuedJobs('evergreen.requeue')).toEqual([]);
    const back = await w.core.call('evergreen.add', { workspaceId: w.workspaceId, postId: a.id });
    expect(back.nextRunAt).toBe(day(0));
    expect(queuedJobs('evergreen.requeue').map((j) => j.runAt)).toEqual([day(0)]);
    await w.runAt(day(0));
    expect((await copies()).map((p) => p.text)).toEqual(['Evergreen A']);
  });
});

describe('posts.changed events', () => {
  it('arrive (batched) after creating and after publishing, with the post ids', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    const { account: alice } = await w.addMastodon('alice');
    const seen: Events['posts.changed'][] = [];
    const off = w.core.events.onAny((event, payload) => {
      if (event === 'posts.changed') seen.push(payload as Events['posts.changed']);
    });
    try {
      const post = await w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [alice.id], text: 'Eventful', when: { kind: 'at', at: '2026-03-20 12:00', timeZone: 'Europe/Berlin' } });
      await vi.waitFor(() => expect(seen).toEqual([{ workspaceId: w.workspaceId, postIds: [post.id] }]), { timeout: 2000, interval: 20 });

      // A burst becomes one event naming every post.
      seen.length = 0;
      const ids = [];
      for (const text of ['One', 'Two', 'Three']) ids.push((await w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [alice.id], text, when: { kind: 'at', at: '2026-03-21 12:00', timeZone: 'Europe/Berlin' } })).id);
      await vi.waitFor(() => expect(seen).toHaveLength(1), { timeout: 2000, interval: 20 });
      expect(seen[0]?.postIds.sort()).toEqual([...ids].sort());

      seen.length = 0;
      await w.runAt('2026-03-20T11:00:30.000Z');
      expect((await w.get(post.id)).targets[0]?.state).toBe('published');
      await vi.waitFor(() => expect(seen.flatMap((e) => e.postIds)).toContain(post.id), { timeout: 2000, interval: 20 });
      expect(seen.every((e) => e.workspaceId === w.workspaceId)).toBe(true);
      expect(seen.flatMap((e) => e.postIds)).not.toContain(ids[0]);
    } finally {
      off();
    }
  });
});
