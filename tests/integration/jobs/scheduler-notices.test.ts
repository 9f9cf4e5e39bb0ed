// Successes are told to onChange in batches: the jobs that finish in one turn are told inside
// one write transaction of their workspace (what the listeners write commits once), a run
// returns only after they were told, and a batch that cannot commit is told again job by job.
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../src-main/core/jobs/queue';
import { Scheduler, type SchedulerDeps } from '../../../src-main/core/jobs/scheduler';
import { sequentialIds } from '../../../src-main/core/platform/ids';
import { configureLogging } from '../../../src-main/core/platform/logger';
import { FIXED_NOW } from '../../helpers/core';
import { closeCores, countJobs, workspaceSetup, type TestCore } from './kit';

const schedulers: Scheduler[] = [];
afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((s) => s.stop(50)));
  configureLogging({ sinks: [] });
  closeCores();
});

const past = new Date(Date.parse(FIXED_NOW) - 1000);

function schedulerFor(core: TestCore, deps: Partial<SchedulerDeps>): Scheduler {
  const ids = sequentialIds();
  const s = new Scheduler({ workspaces: core.workspaces, clock: core.clock, ids: (prefix) => ids(`${prefix}_s`), concurrency: 8, ...deps });
  schedulers.push(s);
  return s;
}

describe('telling successes to onChange', () => {
  it('tells the jobs that finish together inside one transaction, and the run returns after', async () => {
    const { core, workspaceId, db } = await workspaceSetup();
    const told: { state: string; inTransaction: boolean }[] = [];
    const s: Scheduler = schedulerFor(core, {
      onChange: (ws, job: Job) => {
        if (job.state !== 'succeeded') return;
        told.push({ state: job.state, inTransaction: db.sqlite.inTransaction });
        // A follow-up job, as the metrics sync adds after a publish: committed with the batch.
        s.queue(ws).enqueue({ kind: 'follow-up', payload: {}, runAt: new Date(Date.parse(FIXED_NOW) + 3_600_000), idempotencyKey: `after:${job.id}` });
      },
    });
    s.register('quick', () => undefined);
    for (let i = 0; i < 6; i++) s.enqueue(workspaceId, { kind: 'quick', payload: { i }, runAt: past, idempotencyKey: `q${i}` });
    const summary = await s.runUntilIdle();
    expect(summary).toMatchObject({ started: 6, succeeded: 6 });
    expect(told).toHaveLength(6); // all told before runUntilIdle returned
    expect(told.every((t) => t.inTransaction)).toBe(true);
    expect(countJobs(core, workspaceId)).toBe(12);
  });

  it('tells each job on its own when the batch cannot commit', async () => {
    const { core, workspaceId } = await workspaceSetup();
    // Writes through the scheduler's handle, counted once armed: the 1st is the claim, the 2nd the batch.
    let armed = false;
    let writes = 0;
    const workspaces: SchedulerDeps['workspaces'] = {
      list: () => core.workspaces.list(),
      db: (id) => {
        const real = core.workspaces.db(id);
        return new Proxy(real, {
          get(target, prop, receiver) {
            if (prop !== 'write') return Reflect.get(target, prop, receiver) as unknown;
            return (fn: Parameters<typeof real.write>[0]) => {
              if (armed && ++writes === 2) throw new Error('database is locked');
              return real.write(fn);
            };
          },
        });
      },
    };
    const told: string[] = [];
    const s = schedulerFor(core, { workspaces, onChange: (_ws, job) => void (job.state === 'succeeded' && told.push(job.idempotencyKey)) });
    s.register('quick', () => undefined);
    for (let i = 0; i < 3; i++) s.enqueue(workspaceId, { kind: 'quick', payload: {}, runAt: past, idempotencyKey: `q${i}` });
    armed = true;
    expect(await s.runUntilIdle()).toMatchObject({ started: 3, succeeded: 3 });
    expect(writes).toBeGreaterThanOrEqual(2);
    expect(told.sort()).toEqual(['q0', 'q1', 'q2']);
  });
});
