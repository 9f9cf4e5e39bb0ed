// Queue slots, recurring series, rescheduling and the per-workspace late window, through the
// public contract (core.call) of a real core, publishing to a fake Mastodon on a clock we move.
// Europe/Berlin moves to summer time on Sunday 2026-03-29: 09:00 is 08:00 UTC before, 07:00 UTC after.
import { afterEach, describe, expect, it } from 'vitest';
import type { Account } from '../../../src-shared/domain';
import type { FakeAccount } from '../../fakes/mastodon/server';
import { failure, world, type World } from './scheduling-kit';

let w: World;
afterEach(async () => {
  await w?.close();
});

const plus30s = (iso: string) => new Date(Date.parse(iso) + 30_000).toISOString();
const queuedJobs = (kind: string) => w.core.scheduler.queue(w.workspaceId).list({ kind, state: 'queued' });

describe('queue slots', () => {
  let alice: Account;
  let aliceRemote: FakeAccount;

  const setSlots = () =>
    w.core.call('queue.set', {
      workspaceId: w.workspaceId,
      accountId: alice.id,
      timeZone: 'Europe/Berlin',
      slots: [
        { weekday: 3, time: '17:30' },
        { weekday: 1, time: '09:00' },
      ],
    });
  const nextSlotPost = (text: string, accountIds = [alice.id]) => w.core.call('post.create', { workspaceId: w.workspaceId, accountIds, text, when: { kind: 'nextSlot' } });

  it('queue.set stores the slots, queue.get returns them sorted with the next free slot', async () => {
    w = await world('2026-03-20T08:00:00.000Z'); // Friday
    ({ account: alice, remote: aliceRemote } = await w.addMastodon('alice'));
    const set = await setSlots();
    const expected = {
      accountId: alice.id,
      timeZone: 'Europe/Berlin',
      slots: [
        { weekday: 1, time: '09:00' },
        { weekday: 3, time: '17:30' },
      ],
      nextFreeSlot: '2026-03-23T08:00:00.000Z', // Mon 09:00 CET
    };
    expect(set).toEqual(expected);
    expect(await w.core.call('queue.get', { workspaceId: w.workspaceId, accountId: alice.id })).toEqual(expected);
  });

  it('nextSlot fills the slots in order, keeps 09:00 local across the DST change, and publishes each once at its slot', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    ({ account: alice, remote: aliceRemote } = await w.addMastodon('alice'));
    await setSlots();

    const p1 = await nextSlotPost('First in line');
    expect(p1).toMatchObject({ status: 'scheduled', scheduledAt: '2026-03-23T08:00:00.000Z', timeZone: 'Europe/Berlin' });
    expect(p1.targets).toEqual([expect.objectContaining({ accountId: alice.id, state: 'queued', scheduledAt: '2026-03-23T08:00:00.000Z' })]);
    const p2 = await nextSlotPost('Second in line');
    expect(p2.targets[0]?.scheduledAt).toBe('2026-03-25T16:30:00.000Z'); // Wed 17:30 CET
    const p3 = await nextSlotPost('Third in line');
    expect(p3.targets[0]?.scheduledAt).toBe('2026-03-30T07:00:00.000Z'); // Mon 09:00 CEST, after the change
    const p4 = await nextSlotPost('Fourth in line');
    expect(p4.targets[0]?.scheduledAt).toBe('2026-04-01T15:30:00.000Z'); // Wed 17:30 CEST
    expect((await w.core.call('queue.get', { workspaceId: w.workspaceId, accountId: alice.id })).nextFreeSlot).toBe('2026-04-06T07:00:00.000Z');

    // Nothing goes out before its slot.
    await w.runAt('2026-03-23T07:59:00.000Z');
    expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(0);

    const order = [p1, p2, p3, p4];
    for (const [i, post] of order.entries()) {
      await w.runAt(plus30s(post.scheduledAt as string));
      expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(i + 1);
      expect((await w.get(post.id)).targets[0]?.state).toBe('published');
      const next = order[i + 1];
      if (next) expect((await w.get(next.id)).targets[0]?.state).toBe('queued');
      await w.run(); // running again posts nothing more
      expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(i + 1);
    }
    const texts = (await w.list({ status: 'published' })).map((p) => w.mastodon.status((p.targets[0]?.remoteUrl ?? '').split('/').at(-1) as string)?.text);
    expect(texts.sort()).toEqual(['First in line', 'Fourth in line', 'Second in line', 'Third in line']);
  });

  it('one call for two accounts gives each its own next free slot; the post’s time is the earliest', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    ({ account: alice } = await w.addMastodon('alice'));
    const { account: bob } = await w.addMastodon('bob');
    await setSlots();
    await w.core.call('queue.set', { workspaceId: w.workspaceId, accountId: bob.id, timeZone: 'America/New_York', slots: [{ weekday: 2, time: '08:00' }] });
    await nextSlotPost('Alice alone'); // takes alice's Monday slot

    const both = await nextSlotPost('For both', [alice.id, bob.id]);
    const at = Object.fromEntries(both.targets.map((t) => [t.accountId, t.scheduledAt]));
    expect(at).toEqual({
      [alice.id]: '2026-03-25T16:30:00.000Z', // alice's Monday is taken: Wednesday 17:30 Berlin
      [bob.id]: '2026-03-24T12:00:00.000Z', // Tue 08:00 EDT
    });
    expect(both.scheduledAt).toBe('2026-03-24T12:00:00.000Z');
    expect(both.timeZone).toBe('Europe/Berlin');
    // Both slots are now taken.
    expect((await w.core.call('queue.get', { workspaceId: w.workspaceId, accountId: alice.id })).nextFreeSlot).toBe('2026-03-30T07:00:00.000Z');
    expect((await w.core.call('queue.get', { workspaceId: w.workspaceId, accountId: bob.id })).nextFreeSlot).toBe('2026-03-31T12:00:00.000Z');
    // The calendar asks by range: a day with only alice's copy still lists the post.
    const wednesday = await w.list({ from: '2026-03-25T00:00:00.000Z', to: '2026-03-25T23:59:59.000Z' });
    expect(wednesday.map((p) => p.id)).toEqual([both.id]);
  });

  it('an account without slots is refused with its name and how to set slots; nothing is stored', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    ({ account: alice } = await w.addMastodon('alice'));
    const { account: carol } = await w.addMastodon('carol');
    await setSlots();
    expect(await w.core.call('queue.get', { workspaceId: w.workspaceId, accountId: carol.id })).toMatchObject({ accountId: carol.id, slots: [], nextFreeSlot: null });

    const alone = await failure(nextSlotPost('Nowhere to go', [carol.id]));
    expect(alone.name).toBe('ValidationError');
    expect(alone.message).toBe(`@carol has no queue slots yet: set its weekly times (\`promogpt queue set ${carol.id} --slot mon@09:00\`) or choose a time.`);
    const mixed = await failure(nextSlotPost('Half has slots', [alice.id, carol.id]));
    expect(mixed).toMatchObject({ name: 'ValidationError', message: expect.stringContaining('@carol has no queue slots') });
    expect(await w.list()).toEqual([]);
    expect((await w.core.call('queue.get', { workspaceId: w.workspaceId, accountId: alice.id })).nextFreeSlot).toBe('2026-03-23T08:00:00.000Z');
  });

  it('refuses an unknown zone and a bad slot time, and keeps the slots it had', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    ({ account: alice } = await w.addMastodon('alice'));
    const before = await setSlots();
    const zone = await failure(w.core.call('queue.set', { workspaceId: w.workspaceId, accountId: alice.id, timeZone: 'Mars/Olympus', slots: [{ weekday: 2, time: '10:00' }] }));
    expect(zone).toMatchObject({ name: 'ValidationError', message: '"Mars/Olympus" is not a time zone PromoGPT knows; use an IANA name like Europe/Berlin.' });
    const time = await failure(w.core.call('queue.set', { workspaceId: w.workspaceId, accountId: alice.id, timeZone: 'Europe/Berlin', slots: [{ weekday: 2, time: '25:00' }] }));
    expect(time.name).toBe('ValidationError');
    expect(await w.core.call('queue.get', { workspaceId: w.workspaceId, accountId: alice.id })).toEqual(before);
  });
});

describe('recurring posts', () => {
  let alice: Account;
  let aliceRemote: FakeAccount;
  const daily5 = { kind: 'recurring', start: '2026-03-27 09:00', timeZone: 'Europe/Berlin', rule: { every: 1, unit: 'day', count: 5 } } as const;
  const occurrencesOf = async (seriesId: string) =>
    (await w.list()).filter((p) => p.seriesId === seriesId).sort((a, b) => (a.scheduledAt as string).localeCompare(b.scheduledAt as string));

  it('a daily series of 5 becomes 5 scheduled occurrences at 09:00 Berlin, each published exactly once', async () => {
    w = await world('2026-03-26T12:00:00.000Z');
    ({ account: alice, remote: aliceRemote } = await w.addMastodon('alice'));
    const series = await w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [alice.id], text: 'Daily tip', when: daily5 });
    expect(series).toMatchObject({ status: 'recurring', scheduledAt: null, timeZone: 'Europe/Berlin', recurrence: { every: 1, unit: 'day', count: 5 }, seriesId: null, targets: [] });
    expect((await w.list({ status: 'recurring' })).map((p) => p.id)).toEqual([series.id]);

    const occ = await occurrencesOf(series.id);
    expect(occ.map((p) => p.scheduledAt)).toEqual([
      '2026-03-27T08:00:00.000Z',
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z', // summer time from here
      '2026-03-30T07:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
    ]);
    for (const p of occ) {
      expect(p).toMatchObject({ status: 'scheduled', source: 'series', text: 'Daily tip', timeZone: 'Europe/Berlin', seriesId: series.id });
      expect(p.targets).toEqual([expect.objectContaining({ accountId: alice.id, state: 'queued', scheduledAt: p.scheduledAt })]);
    }
    // The count is reached: nothing left to extend.
    expect(queuedJobs('series.extend')).toEqual([]);

    for (const [i, p] of occ.entries()) {
      await w.runAt(plus30s(p.scheduledAt as string));
      expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(i + 1);
      expect((await w.get(p.id)).targets[0]?.state).toBe('published');
      await w.run();
      expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(i + 1);
    }
    // The day after the last one: no sixth.
    await w.runAt('2026-04-01T07:00:30.000Z');
    expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(5);
    expect(await occurrencesOf(series.id)).toHaveLength(5);
  });

  it('a weekly rule on Monday and Wednesday (every week, and every other week) starts on the first matching day', async () => {
    w = await world('2026-03-26T12:00:00.000Z');
    ({ account: alice } = await w.addMastodon('alice'));
    const weekly = await w.core.call('post.create', {
      workspaceId: w.workspaceId,
      accountIds: [alice.id],
      text: 'Weekly',
      when: { kind: 'recurring', start: '2026-03-27 09:00', timeZone: 'Europe/Berlin', rule: { every: 1, unit: 'week', weekdays: [1, 3], count: 4 } },
    });
    expect(weekly.recurrence).toEqual({ every: 1, unit: 'week', weekdays: [1, 3], count: 4 });
    expect((await occurrencesOf(weekly.id)).map((p) => p.scheduledAt)).toEqual(['2026-03-30T07:00:00.000Z', '2026-04-01T07:00:00.000Z', '2026-04-06T07:00:00.000Z', '2026-04-08T07:00:00.000Z']);

    const fortnightly = await w.core.call('post.create', {
      workspaceId: w.workspaceId,
      accountIds: [alice.id],
      text: 'Every other week',
      when: { kind: 'recurring', start: '2026-03-27 09:00', timeZone: 'Europe/Berlin', rule: { every: 2, unit: 'week', weekdays: [1, 3], count: 4 } },
    });
    expect((await occurrencesOf(fortnightly.id)).map((p) => p.scheduledAt)).toEqual(['2026-04-06T07:00:00.000Z', '2026-04-08T07:00:00.000Z', '2026-04-20T07:00:00.000Z', '2026-04-22T07:00:00.000Z']);
  });

  it('a rule without a count creates occurrences 60 days ahead and a series.extend job that extends it later', async () => {
    w = await world('2026-03-26T12:00:00.000Z');
    ({ account: alice } = await w.addMastodon('alice'));
    const series = await w.core.call('post.create', {
      workspaceId: w.workspaceId,
      accountIds: [alice.id],
      text: 'Forever',
      when: { kind: 'recurring', start: '2026-03-27 09:00', timeZone: 'Europe/Berlin', rule: { every: 1, unit: 'day' } },
    });
    const occ = await occurrencesOf(series.id);
    expect(occ).toHaveLength(60); // 27 Mar … 25 May, 09:00 Berlin
    expect(occ[0]?.scheduledAt).toBe('2026-03-27T08:00:00.000Z');
    expect(occ.at(-1)?.scheduledAt).toBe('2026-05-25T07:00:00.000Z');
    expect(new Set(occ.map((p) => p.scheduledAt)).size).toBe(60);
    const jobs = queuedJobs('series.extend');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ payload: { seriesId: series.id }, runAt: '2026-04-26T07:00:00.000Z' });

    // When the job comes due it creates the next month, without repeating any occurrence.
    await w.runAt('2026-04-26T07:00:30.000Z');
    const extended = await occurrencesOf(series.id);
    expect(new Set(extended.map((p) => p.scheduledAt)).size).toBe(extended.length);
    expect(extended).toHaveLength(91); // up to 25 Jun
    expect(extended.at(-1)?.scheduledAt).toBe('2026-06-25T07:00:00.000Z');
    expect(queuedJobs('series.extend').map((j) => j.runAt)).toEqual(['2026-05-27T07:00:00.000Z']);
    // Running the extension again adds nothing.
    await w.run();
    expect(await occurrencesOf(series.id)).toHaveLength(91);
  });

  it('cancelling a series cancels its future occurrences and its extension; nothing more is published', async () => {
    w = await world('2026-03-26T12:00:00.000Z');
    ({ account: alice, remote: aliceRemote } = await w.addMastodon('alice'));
    const series = await w.core.call('post.create', {
      workspaceId: w.workspaceId,
      accountIds: [alice.id],
      text: 'Until stopped',
      when: { kind: 'recurring', start: '2026-03-27 09:00', timeZone: 'Europe/Berlin', rule: { every: 1, unit: 'day' } },
    });
    await w.runAt('2026-03-27T08:00:30.000Z');
    expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(1);

    const cancelled = await w.core.call('post.cancel', { workspaceId: w.workspaceId, postId: series.id });
    expect(cancelled.status).toBe('cancelled');
    const occ = await occurrencesOf(series.id);
    expect(occ).toHaveLength(60);
    expect(occ[0]).toMatchObject({ status: 'scheduled', targets: [expect.objectContaining({ state: 'published' })] });
    for (const p of occ.slice(1)) expect(p).toMatchObject({ status: 'cancelled', targets: [expect.objectContaining({ state: 'cancelled' })] });
    expect(queuedJobs('series.extend')).toEqual([]);
    expect(queuedJobs('publish')).toEqual([]);

    for (const day of ['2026-03-28T08:00:30.000Z', '2026-03-29T07:00:30.000Z', '2026-03-30T07:00:30.000Z', '2026-04-26T07:00:30.000Z']) {
      await w.runAt(day);
      expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(1);
    }
    expect(await occurrencesOf(series.id)).toHaveLength(60);
  });

  it('a series cannot be rescheduled as a whole: Conflict, and nothing moves', async () => {
    w = await world('2026-03-26T12:00:00.000Z');
    ({ account: alice } = await w.addMastodon('alice'));
    const series = await w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [alice.id], text: 'Daily tip', when: daily5 });
    const err = await failure(w.core.call('post.reschedule', { workspaceId: w.workspaceId, postId: series.id, at: '2026-03-28 10:00', timeZone: 'Europe/Berlin' }));
    expect(err).toMatchObject({ name: 'Conflict', message: 'A repeating post moves one occurrence at a time: drag an occurrence, or change the series in Compose.' });
    expect((await occurrencesOf(series.id)).map((p) => p.scheduledAt)).toEqual(['2026-03-27T08:00:00.000Z', '2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z', '2026-03-31T07:00:00.000Z']);
  });

  // The Conflict above tells the user to "drag an occurrence". Occurrences are created without the
  // duplicate guard (source 'series'), but moving one runs the guard against its own siblings, which
  // carry the same text a day apart: every move of a daily occurrence is refused as a duplicate.
  it('one occurrence of a daily series can be moved without its siblings counting as duplicates', async () => {
    w = await world('2026-03-26T12:00:00.000Z');
    ({ account: alice } = await w.addMastodon('alice'));
    const series = await w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [alice.id], text: 'Daily tip', when: daily5 });
    const second = (await occurrencesOf(series.id))[1];
    const moved = await w.core.call('post.reschedule', { workspaceId: w.workspaceId, postId: second?.id as string, at: '2026-03-28 12:00', timeZone: 'Europe/Berlin' });
    expect(moved).toMatchObject({ scheduledAt: '2026-03-28T11:00:00.000Z', seriesId: series.id, targets: [expect.objectContaining({ scheduledAt: '2026-03-28T11:00:00.000Z', state: 'queued' })] });
  });
});

describe('rescheduling', () => {
  let alice: Account;
  let aliceRemote: FakeAccount;
  const at = (text: string, local: string) => w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [alice.id], text, when: { kind: 'at', at: local, timeZone: 'Europe/Berlin' } });

  it('moves the queued target: the job runs at the new time, not the old one, and publishes once', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    ({ account: alice, remote: aliceRemote } = await w.addMastodon('alice'));
    const post = await at('Moving target', '2026-03-21 10:00');
    expect(post.scheduledAt).toBe('2026-03-21T09:00:00.000Z');

    const moved = await w.core.call('post.reschedule', { workspaceId: w.workspaceId, postId: post.id, at: '2026-03-21 12:30', timeZone: 'Europe/Berlin' });
    expect(moved).toMatchObject({ id: post.id, status: 'scheduled', scheduledAt: '2026-03-21T11:30:00.000Z', timeZone: 'Europe/Berlin' });
    expect(moved.targets).toEqual([expect.objectContaining({ id: post.targets[0]?.id, state: 'queued', scheduledAt: '2026-03-21T11:30:00.000Z' })]);
    expect(queuedJobs('publish').map((j) => j.runAt)).toEqual(['2026-03-21T11:30:00.000Z']);

    await w.runAt('2026-03-21T09:00:30.000Z'); // the old time
    expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(0);
    expect((await w.get(post.id)).targets[0]?.state).toBe('queued');

    await w.runAt('2026-03-21T11:30:30.000Z'); // the new time
    expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(1);
    expect((await w.get(post.id)).targets[0]?.state).toBe('published');
    await w.run();
    expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(1);
  });

  it('refuses a time in the past (ValidationError), a published post and a cancelled one (Conflict)', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    ({ account: alice } = await w.addMastodon('alice'));
    const post = await at('Stay put', '2026-03-21 10:00');
    const past = await failure(w.core.call('post.reschedule', { workspaceId: w.workspaceId, postId: post.id, at: '2026-03-19 10:00', timeZone: 'Europe/Berlin' }));
    expect(past).toMatchObject({ name: 'ValidationError', message: '2026-03-19 10:00 (Europe/Berlin) is in the past; choose a later time.' });
    expect((await w.get(post.id)).scheduledAt).toBe('2026-03-21T09:00:00.000Z');
    expect(queuedJobs('publish').map((j) => j.runAt)).toEqual(['2026-03-21T09:00:00.000Z']);

    await w.runAt('2026-03-21T09:00:30.000Z');
    expect((await w.get(post.id)).targets[0]?.state).toBe('published');
    const published = await failure(w.core.call('post.reschedule', { workspaceId: w.workspaceId, postId: post.id, at: '2026-03-22 10:00', timeZone: 'Europe/Berlin' }));
    expect(published).toMatchObject({ name: 'Conflict', message: expect.stringContaining('Nothing of this post is waiting to go out') });

    const other = await at('Never mind', '2026-03-23 10:00');
    await w.core.call('post.cancel', { workspaceId: w.workspaceId, postId: other.id });
    const cancelled = await failure(w.core.call('post.reschedule', { workspaceId: w.workspaceId, postId: other.id, at: '2026-03-24 10:00', timeZone: 'Europe/Berlin' }));
    expect(cancelled).toMatchObject({ name: 'Conflict', message: 'This post was cancelled; schedule it again from Compose.' });
  });
});

describe('late window per workspace', () => {
  it('a workspace with a 30 min window: 45 min late needs attention with the reason, never published; the default stays 120', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    const { account: alice, remote: aliceRemote } = await w.addMastodon('alice');
    const other = (await w.core.call('workspace.create', { name: 'Beta' })).id;
    const { account: bob, remote: bobRemote } = await w.addMastodon('bob', other);

    expect(await w.core.call('publishing.getSettings', { workspaceId: w.workspaceId })).toEqual({ lateWindowMinutes: 120, duplicateWindowHours: 24 });
    expect(await w.core.call('publishing.updateSettings', { workspaceId: w.workspaceId, lateWindowMinutes: 30 })).toEqual({ lateWindowMinutes: 30, duplicateWindowHours: 24 });
    expect(await w.core.call('publishing.getSettings', { workspaceId: w.workspaceId })).toEqual({ lateWindowMinutes: 30, duplicateWindowHours: 24 });
    expect(await w.core.call('publishing.getSettings', { workspaceId: other })).toEqual({ lateWindowMinutes: 120, duplicateWindowHours: 24 });
    const negative = await failure(w.core.call('publishing.updateSettings', { workspaceId: w.workspaceId, lateWindowMinutes: -1 }));
    expect(negative.name).toBe('ValidationError');

    const when = { kind: 'at', at: '2026-03-20 12:00', timeZone: 'Europe/Berlin' } as const; // 11:00 UTC
    const strict = await w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [alice.id], text: 'Strict window', when });
    const lenient = await w.core.call('post.create', { workspaceId: other, accountIds: [bob.id], text: 'Lenient window', when });

    await w.runAt('2026-03-20T11:45:00.000Z'); // 45 min late
    const target = (await w.get(strict.id)).targets[0];
    expect(target?.state).toBe('needs_attention');
    expect(target?.message).toContain('45 min late');
    expect(target?.message).toContain('late window of 30 min');
    expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(0);
    expect((await w.list({ status: 'needs_attention' })).map((p) => p.id)).toEqual([strict.id]);

    expect((await w.core.call('post.get', { workspaceId: other, postId: lenient.id })).targets[0]?.state).toBe('published');
    expect(w.mastodon.createdStatuses(bobRemote.id)).toBe(1);

    await w.runAt('2026-03-20T12:00:00.000Z');
    expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(0);
    expect((await w.get(strict.id)).targets[0]?.state).toBe('needs_attention');
  });

  it('one run after a long sleep: every post past the window needs attention, and the one due now still goes out', async () => {
    w = await world('2026-03-20T08:00:00.000Z');
    const { account: alice, remote: aliceRemote } = await w.addMastodon('alice');
    const ids = [];
    for (const day of ['2026-03-21', '2026-03-22', '2026-03-23']) {
      ids.push((await w.core.call('post.create', { workspaceId: w.workspaceId, accountIds: [alice.id], text: `Post of ${day}`, when: { kind: 'at', at: `${day} 10:00`, timeZone: 'Europe/Berlin' } })).id);
    }
    const summary = await w.runAt('2026-03-23T09:00:30.000Z'); // the third is due now, the first two are days late
    const states = await Promise.all(ids.map(async (id) => (await w.get(id)).targets[0]?.state));
    expect(states).toEqual(['needs_attention', 'needs_attention', 'published']);
    expect(summary).toMatchObject({ needsAttention: 2, succeeded: 1 });
    expect(w.mastodon.createdStatuses(aliceRemote.id)).toBe(1);
  });
});
