// The PromoGPT process of the publishing benchmark (bench/publish.bench.ts runs it, and may
// SIGKILL it): opens the data folder, runs the scheduler until no publish job is open, and
// tells the parent over IPC when each create request leaves and how much CPU the run took.
// The fake Mastodon server lives in the parent, so what it counts survives a kill.
import { performance } from 'node:perf_hooks';
import { createCore } from '../src-main/core/app';
import { createHttpTransport } from '../src-main/core/connectors/transport';
import { tuneJit } from '../src-main/core/platform/jit-tuning';
import { fileSecretStore } from '../tests/integration/publishing/shared-secrets';

export type ChildMessage =
  | { kind: 'sent'; at: number[] }
  | { kind: 'done'; cpuMs: number; cpuAfterDueMs: number; wallMs: number; creates: number };

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
// As the shells do first thing (cli/index.ts, electron/main.ts).
if (process.env.BENCH_NO_JIT_TUNING !== '1') tuneJit();

const send = (m: ChildMessage) => process.send?.(m);
const latencyMs = Number(env('BENCH_LATENCY_MS'));
const dueAt = Number(env('BENCH_DUE_AT'));
const workspaceId = env('BENCH_WORKSPACE');

// What the core uses when no fetch is given (BENCH_TRANSPORT=fetch: undici's, as before).
const transport = process.env.BENCH_TRANSPORT === 'fetch' ? null : createHttpTransport();
const underlying = transport ? transport.fetch : globalThis.fetch;
let creates = 0;
// When each create left, told in batches: one IPC message per create cost ~0.3 ms of the
// child's CPU, inside what is measured. A SIGKILL loses the last batch's times (not its posts).
let sentAt: number[] = [];
const flushSent = () => {
  if (sentAt.length === 0) return;
  send({ kind: 'sent', at: sentAt });
  sentAt = [];
};
const sentTimer = setInterval(flushSent, 20);
const rtts: number[] = [];
const delayedFetch: typeof fetch = async (input, init) => {
  const t = performance.now();
  try {
    return await sendDelayed(input, init);
  } finally {
    rtts.push(performance.now() - t);
  }
};
const sendDelayed: typeof fetch = async (input, init) => {
  await new Promise((r) => setTimeout(r, latencyMs));
  const url = String(input instanceof Request ? input.url : input);
  if (init?.method === 'POST' && url.endsWith('/api/v1/statuses') && typeof init.body === 'string') {
    creates += 1;
    sentAt.push(Date.now());
  }
  return underlying(input, init);
};

const core = createCore({ dataDir: env('BENCH_DATA_DIR'), shell: 'cli', secrets: fileSecretStore(env('BENCH_SECRETS')), fetch: delayedFetch });
// Raw SQL on purpose: the benchmark's own polling must not cost what it measures.
const open = core.workspaces.db(workspaceId).sqlite.prepare("SELECT count(*) AS n FROM jobs WHERE kind = 'publish' AND state IN ('queued', 'running')");
const cpu0 = process.cpuUsage();
const t0 = performance.now();
// CPU from the due time on: what competes with the sends that lateness measures.
let atDue = cpu0;
setTimeout(() => (atDue = process.cpuUsage()), Math.max(0, dueAt - Date.now()));
core.scheduler.start();
const running: number[] = [];
for (;;) {
  await new Promise((r) => setTimeout(r, 100));
  if (Date.now() > dueAt) running.push(core.scheduler.runningCount);
  if (Date.now() > dueAt && (open.get() as { n: number }).n === 0 && core.scheduler.runningCount === 0) break;
}
const cpu = process.cpuUsage(cpu0);
const afterDue = process.cpuUsage(atDue);
clearInterval(sentTimer);
flushSent();
const wallMs = performance.now() - t0;
await core.scheduler.stop();
core.close();
transport?.close();
if (process.env.BENCH_DEBUG) {
  const avg = (a: number[]) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : NaN);
  process.stderr.write(`child: ${rtts.length} requests, mean round trip ${avg(rtts).toFixed(1)} ms, max ${Math.max(...rtts).toFixed(0)} ms; mean jobs running ${avg(running).toFixed(1)}\n`);
}
send({ kind: 'done', cpuMs: (cpu.user + cpu.system) / 1000, cpuAfterDueMs: (afterDue.user + afterDue.system) / 1000, wallMs, creates });
process.disconnect?.();
