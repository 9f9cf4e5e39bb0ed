// Issue 4's publishing benchmark: 1,000 posts due in the same minute across 50 Mastodon
// accounts on the fake server (a few ms of latency per request): lateness from due time to
// the create request leaving, duplicates and lost posts; then the same with one SIGKILL of
// the publishing process at ~40% published and a restart on the same data folder. The
// PromoGPT process is a child (bench/publish-child.ts); the fake server lives here, so its
// count of created statuses survives the kill. And a calendar month of 10,000 posts.
// BENCH_ACCOUNTS spreads the posts over another number of accounts (fewer accounts than the
// scheduler runs at once is a case of its own: each claim then passes over the busy accounts'
// due jobs, in SQLite since jobs store their concurrency key).
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { createCore } from '../src-main/core/app';
import { memorySecretStore } from '../src-main/core/platform/secrets';
import { startMastodonFake, type MastodonFake } from '../tests/fakes/mastodon/server';
import { fileSecretStore } from '../tests/integration/publishing/shared-secrets';
import type { ChildMessage } from './publish-child';
import { printTable, summarize } from './stats';

const POSTS = Number(process.env.BENCH_POSTS ?? 1000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 50);
const LATENCY_MS = 3;
const KILL_AT = 0.4;
const LEAD_S = Number(process.env.BENCH_LEAD_S ?? 15);
/** A restarted process takes a killed one's jobs over when their leases (2 min) run out. */
const CHILD_TIMEOUT_MS = 6 * 60_000;
const ROOT = process.env.BENCH_ROOT ?? process.cwd();
const TMP = process.env.BENCH_TMP ?? os.tmpdir();

const childFile = path.join(ROOT, 'bench', '.out', 'publish-child.mjs');
await build({
  entryPoints: [path.join(ROOT, 'bench', 'publish-child.ts')],
  outfile: childFile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" },
});

interface RunResult {
  label: string;
  lateness: number[];
  states: Record<string, number>;
  created: number;
  duplicates: number;
  lost: number;
  cpuMsPerPublish: number | null;
  cpuAfterDueMsPerPublish: number | null;
  setupS: number;
  children: string[];
}

/** Statuses per text as the fake holds them: its ids count up from 109000000000000001, replays create none. */
function statusesByText(fake: MastodonFake): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 109_000_000_000_000_001n, miss = 0; miss < 1000; i++) {
    const s = fake.status(String(i));
    if (!s) {
      miss++;
      continue;
    }
    miss = 0;
    counts.set(s.text, (counts.get(s.text) ?? 0) + 1);
  }
  return counts;
}

async function scenario(label: string, kill: boolean): Promise<RunResult> {
  const fake = await startMastodonFake({ rateLimit: { limit: 1_000_000, periodSec: 300 } });
  const dir = fs.mkdtempSync(path.join(TMP, 'publish-'));
  const dataDir = path.join(dir, 'data');
  const secretsFile = path.join(dir, 'secrets.json');
  const setupStart = performance.now();
  const core = createCore({ dataDir, shell: 'cli', secrets: fileSecretStore(secretsFile) });
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
  // All due in the same minute, a few seconds from now (BENCH_LEAD_S: more on a loaded machine,
  // where scheduling the posts takes longer than the default lead).
  const due = new Date(Math.ceil((Date.now() + LEAD_S * 1000) / 1000) * 1000);
  const local = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ') + 'Z';
  const texts = new Set<string>();
  for (let i = 0; i < POSTS; i++) {
    const text = `Post ${i} of the benchmark (${label})`;
    texts.add(text);
    await core.call('post.create', { workspaceId, accountIds: [accountIds[i % ACCOUNTS] as string], text, when: { kind: 'at', at: local(due), timeZone: 'UTC' } });
  }
  core.close();
  const setupS = (performance.now() - setupStart) / 1000;
  if (Date.now() > due.getTime() - 1000) process.stdout.write(`warning: scheduling took ${setupS.toFixed(1)} s, too close to the due time; lateness is off\n`);

  const lateness: number[] = [];
  let cpuMs = 0;
  let cpuAfterDueMs = 0;
  let childCreates = 0;
  const children: string[] = [];
  const createdSoFar = () => fakeIds.reduce((n, id) => n + fake.createdStatuses(id), 0);
  const runChild = (killAt: number | null) =>
    new Promise<{ killed: boolean; done: boolean }>((resolve, reject) => {
      const child: ChildProcess = fork(childFile, [], {
        cwd: ROOT,
        env: { ...process.env, BENCH_DATA_DIR: dataDir, BENCH_SECRETS: secretsFile, BENCH_WORKSPACE: workspaceId, BENCH_DUE_AT: String(due.getTime()), BENCH_LATENCY_MS: String(LATENCY_MS) },
        execArgv: process.env.BENCH_CHILD_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CHILD_PROF}`] : [],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      let killed = false;
      let done = false;
      const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
      const maybeKill = () => {
        if (killAt !== null && !killed && createdSoFar() >= killAt) {
          killed = true;
          child.kill('SIGKILL');
        }
      };
      const poll = killAt === null ? undefined : setInterval(maybeKill, 2);
      child.on('message', (m: ChildMessage) => {
        if (m.kind === 'sent') {
          for (const at of m.at) lateness.push(at - due.getTime());
          maybeKill();
        } else {
          done = true;
          cpuMs += m.cpuMs;
          cpuAfterDueMs += m.cpuAfterDueMs;
          childCreates += m.creates;
        }
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        clearInterval(poll);
        children.push(killed ? `SIGKILL at ${createdSoFar()} created` : done ? 'ran to the end' : `ended: code ${code} signal ${signal}`);
        resolve({ killed, done });
      });
    });

  const first = await runChild(kill ? Math.round(POSTS * KILL_AT) : null);
  if (first.killed) {
    const restartAt = performance.now();
    await runChild(null);
    children.push(`restart finished in ${((performance.now() - restartAt) / 1000).toFixed(1)} s`);
  }

  const check = createCore({ dataDir, shell: 'cli', secrets: memorySecretStore() });
  const rows = check.workspaces.db(workspaceId).sqlite.prepare('SELECT state, count(*) AS n FROM post_targets GROUP BY state').all() as { state: string; n: number }[];
  check.close();
  const states = Object.fromEntries(rows.map((r) => [r.state, r.n]));
  const byText = statusesByText(fake);
  let duplicates = 0;
  for (const text of texts) duplicates += Math.max(0, (byText.get(text) ?? 0) - 1);
  const created = [...byText.values()].reduce((a, b) => a + b, 0);
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const published = states.published ?? 0;
  return {
    label,
    lateness,
    states,
    created,
    duplicates,
    lost: POSTS - published - (states.needs_attention ?? 0),
    cpuMsPerPublish: kill ? null : cpuMs / Math.max(1, childCreates),
    cpuAfterDueMsPerPublish: kill ? null : cpuAfterDueMs / Math.max(1, childCreates),
    setupS,
    children,
  };
}

const runs = [await scenario('one process', false)];
if (process.env.BENCH_KILL !== '0') runs.push(await scenario('SIGKILL at 40% + restart', true));
printTable(runs.map((r) => ({ what: `${r.label}: lateness due → create sent (${POSTS} posts, ${ACCOUNTS} accounts, ${LATENCY_MS} ms latency)`, unit: 'ms', ...summarize(r.lateness) })));
process.stdout.write('\n| run | published | needs attention | other states | created on server | duplicates | lost | CPU per publish (child) | of it after the due time |\n|---|---:|---:|---|---:|---:|---:|---:|---:|\n');
for (const r of runs) {
  const { published = 0, needs_attention: attention = 0, ...other } = r.states;
  const others = Object.entries(other).map(([k, v]) => `${k} ${v}`).join(', ') || '–';
  const ms = (v: number | null) => (v === null ? '–' : `${v.toFixed(2)} ms`);
  process.stdout.write(`| ${r.label} | ${published} | ${attention} | ${others} | ${r.created} | ${r.duplicates} | ${r.lost} | ${ms(r.cpuMsPerPublish)} | ${ms(r.cpuAfterDueMsPerPublish)} |\n`);
}
for (const r of runs) process.stdout.write(`\n${r.label}: scheduling ${POSTS} posts took ${r.setupS.toFixed(1)} s; ${r.children.join('; ')}`);
process.stdout.write('\n\n');

// The calendar: one month of a workspace with 10,000 posts, as the Calendar page asks for it.
if (process.env.BENCH_CALENDAR !== '0') {
  const dir = fs.mkdtempSync(path.join(TMP, 'calendar-'));
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
