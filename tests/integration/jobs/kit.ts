import { JobQueue } from '../../../src-main/core/jobs/queue';
import { sequentialIds } from '../../../src-main/core/platform/ids';
import { testCore } from '../../helpers/core';

export type TestCore = ReturnType<typeof testCore>;

const cores: TestCore[] = [];

/** Closes every core a test made (call from afterEach). */
export function closeCores(): void {
  for (const c of cores.splice(0)) c.close();
}

/** A real core on a temp folder with one workspace, and that workspace's real database. */
export async function workspaceSetup(name = 'Acme') {
  const core = testCore();
  cores.push(core);
  const ws = await core.call('workspace.create', { name });
  const db = core.workspaces.db(ws.id);
  return { core, workspaceId: ws.id, db };
}

/** A queue on the workspace's database as another worker (the CLI, another process) has it. */
export function queueOf(core: TestCore, workspaceId: string, random?: () => number): JobQueue {
  return new JobQueue(core.workspaces.db(workspaceId), { clock: core.clock, ids: sequentialIds(), ...(random ? { random } : {}) });
}

/** Raw row of the jobs table, to prove what is (and is not) in the file. */
export function rawJob(core: TestCore, workspaceId: string, id: string): unknown {
  return core.workspaces.db(workspaceId).sqlite.prepare('SELECT * FROM jobs WHERE id = ?').get(id);
}

export function countJobs(core: TestCore, workspaceId: string): number {
  return (core.workspaces.db(workspaceId).sqlite.prepare('SELECT count(*) AS n FROM jobs').get() as { n: number }).n;
}

/** A seeded source in [0, 1) (mulberry32): jitter tests are repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A promise the test opens when it wants. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Waits (real timers) until `cond` holds, or fails after `ms`. */
export async function eventually(cond: () => boolean, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
