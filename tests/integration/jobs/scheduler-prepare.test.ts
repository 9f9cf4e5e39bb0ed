// A kind's `prepare` reads inside the transaction that claims its job, and the handler gets
// what it read; a prepare that throws leaves `prepared` unset and the job runs all the same.
import { afterEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../../src-main/core/jobs/scheduler';
import { sequentialIds } from '../../../src-main/core/platform/ids';
import { configureLogging } from '../../../src-main/core/platform/logger';
import { FIXED_NOW } from '../../helpers/core';
import { closeCores, workspaceSetup } from './kit';

const schedulers: Scheduler[] = [];
afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((s) => s.stop(50)));
  configureLogging({ sinks: [] });
  closeCores();
});

const past = new Date(Date.parse(FIXED_NOW) - 1000);

describe('preparing a job as it is claimed', () => {
  it('reads inside the claim, with the job already leased, and hands the handler what it read', async () => {
    const { core, workspaceId, db } = await workspaceSetup();
    const ids = sequentialIds();
    const s = new Scheduler({ workspaces: core.workspaces, clock: core.clock, ids: (prefix) => ids(`${prefix}_s`), concurrency: 4 });
    schedulers.push(s);
    const seen: { n: number; inTransaction: boolean; state: string }[] = [];
    const got: unknown[] = [];
    s.register<{ n: number }>('counted', (ctx) => void got.push(ctx.prepared), {
      prepare: ({ n }, { job }) => {
        const row = db.sqlite.prepare('SELECT state FROM jobs WHERE id = ?').get(job.id) as { state: string };
        seen.push({ n, inTransaction: db.sqlite.inTransaction, state: row.state });
        if (n === 2) throw new Error('this one cannot be read');
        return { n, doubled: n * 2 };
      },
    });
    for (let n = 0; n < 3; n++) s.enqueue(workspaceId, { kind: 'counted', payload: { n }, runAt: past, idempotencyKey: `c${n}` });
    expect(await s.runUntilIdle()).toMatchObject({ started: 3, succeeded: 3 });
    expect(seen).toEqual([0, 1, 2].map((n) => ({ n, inTransaction: true, state: 'running' })));
    expect(got).toEqual([{ n: 0, doubled: 0 }, { n: 1, doubled: 2 }, undefined]);
  });
});
