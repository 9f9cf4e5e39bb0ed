// Issue 4's publishing benchmark: 1,000 posts due in the same minute across 50 Mastodon
// accounts on the fake server (a few ms of latency per request): lateness from due time to
// the create request leaving, duplicates and lost posts. And a calendar month of 10,000 posts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore } from '../src-main/core/app';
import { memorySecretStore } from '../src-main/core/platform/secrets';
import { startMastodonFake } from '../tests/fakes/mastodon/server';
import { printTable, summarize } from './stats';

const POSTS = Number(process.env.BENCH_POSTS ?? 1000);
const ACCOUNTS = 50;
const LATENCY_MS = 3;

const fake = await startMastodonFake({ rateLimit: { limit: 1_000_000, periodSec: 300 } });
const dueAt = new Map<string, number>(); // status text → due time (ms)
const lateness: number[] = [];
const delayedFetch: typeof fetch = async (input, init) => {
  await new Promise((r) => setTimeout(r, LATENCY_MS));
  const url = String(input instanceof Request ? input.url : input);
  if (init?.method === 'POST' && url.endsWith('/api/v1/statuses') && typeof init.body === 'string') {
    const due = dueAt.get((JSON.parse(init.body) as { status?: string }).status ?? '');
    if (due !== undefined) lateness.push(Date.now() - due);
  }
  return fetch(input, init);
};

const dataDir = fs.mkdtempSync(path.join(process.env.BENCH_TMP ?? os.tmpdir(), 'publish-'));
const core = createCore({ dataDir, shell: 'cli', secrets: memorySecretStore(), fetch: delayedFetch });
const workspaceId = (await core.call('workspace.create', { name: 'Bench' })).id;
const accountIds: string[] = [];
const fakeIds: string[] = [];
for (let i = 0; i < ACCOUNTS; i++) {
  const a = fake.addAccount({ username: `user${i}` });
  fakeIds.push(a.id);
  const saved = await core.accounts.saveConnected(workspaceId, 'mastodon', {
    tokens: { accessToken: fake.issueToken(a.id) },
    identity: { platformUserId: a.id, handle: `@user${i}` },
    apiBase: fake.url,
    extras: { instanceUrl: fake.url },
  });
  accountIds.push(saved.id);
}

// All due in the same minute, a few seconds from now.
const due = new Date(Math.ceil((Date.now() + 15_000) / 1000) * 1000);
const local = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ') + 'Z';
const createStart = performance.now();
for (let i = 0; i < POSTS; i++) {
  const text = `Post ${i} of the benchmark`;
  dueAt.set(text, due.getTime());
  await core.call('post.create', { workspaceId, accountIds: [accountIds[i % ACCOUNTS] as string], text, when: { kind: 'at', at: local(due), timeZone: 'UTC' } });
}
const createMs = performance.now() - createStart;
core.scheduler.start();
const deadline = due.getTime() + 120_000;
while (Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 250));
  const open = core.scheduler.queue(workspaceId).list({ kind: 'publish', state: 'queued' }).length + core.scheduler.runningCount;
  if (Date.now() > due.getTime() && open === 0) break;
}
await core.scheduler.stop();
const published = (await core.call('post.list', { workspaceId, status: 'published', limit: 10_000 })).length;
const created = fakeIds.reduce((n, id) => n + fake.createdStatuses(id), 0);

const rows: Parameters<typeof printTable>[0] = [{ what: `lateness due → create sent (${POSTS} posts, ${ACCOUNTS} accounts, ${LATENCY_MS} ms latency)`, unit: 'ms', ...summarize(lateness) }];
printTable(rows);
process.stdout.write(
  `\nscheduling ${POSTS} posts took ${(createMs / 1000).toFixed(1)} s; published ${published} of ${POSTS}; statuses created on the server: ${created}; duplicates: ${created - published}; lost: ${POSTS - published}\n`,
);
core.close();
await fake.close();

// The calendar: one month of a workspace with 10,000 posts, as the Calendar page asks for it.
{
  const dir = fs.mkdtempSync(path.join(process.env.BENCH_TMP ?? os.tmpdir(), 'calendar-'));
  const cal = createCore({ dataDir: dir, shell: 'cli', secrets: memorySecretStore() });
  const ws = (await cal.call('workspace.create', { name: 'Calendar' })).id;
  const fakeCal = await startMastodonFake();
  const a = fakeCal.addAccount({ username: 'cal' });
  const acc = await cal.accounts.saveConnected(ws, 'mastodon', { tokens: { accessToken: fakeCal.issueToken(a.id) }, identity: { platformUserId: a.id, handle: '@cal' }, apiBase: fakeCal.url, extras: { instanceUrl: fakeCal.url } });
  const start = Date.UTC(2027, 0, 1);
  for (let i = 0; i < 10_000; i++) {
    const at = new Date(start + i * 52 * 60_000); // spread over a year: ~830 a month
    await cal.call('post.create', { workspaceId: ws, accountIds: [acc.id], text: `Calendar post ${i}`, when: { kind: 'at', at: at.toISOString(), timeZone: 'UTC' } });
  }
  const samples: number[] = [];
  for (let m = 0; m < 12; m++) {
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      const month = await cal.call('post.list', { workspaceId: ws, from: new Date(Date.UTC(2027, m, 1)).toISOString(), to: new Date(Date.UTC(2027, m + 1, 1)).toISOString(), limit: 10_000 });
      samples.push(performance.now() - t);
      if (month.length < 700) throw new Error(`expected a month of posts, got ${month.length}`);
    }
  }
  printTable([{ what: 'calendar month (≈830 of 10,000 posts) via post.list', unit: 'ms', ...summarize(samples) }]);
  await cal.scheduler.stop();
  cal.close();
  await fakeCal.close();
}
