// The crash matrix: publish a post with 2 images and a 2-part thread in a child process, kill it
// with SIGKILL at every step (each checkpoint, each publish call, each create the platform
// carried out), run a fresh child to the end, and prove the post is out exactly once.
import path from 'node:path';
import { expect } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/app';
import type { RemotePostRef } from '../../../src-main/core/connectors/types';
import { checkOnPlatform } from '../../../src-main/core/publishing';
import { doneRef } from '../../../src-main/core/publishing/target-store';
import type { Platform } from '../../../src-shared/platforms/platform';
import { bundleForChild, lastJsonLine, runChild } from '../../helpers/child-run';
import { tempDir } from '../../helpers/core';
import { attemptsOf, insertTarget, png, targetRow } from './kit';
import { openSharedSecrets, sharedSecretsSpec } from './shared-secrets';

export interface CrashSubject {
  platform: Platform;
  /** Connects the account in the parent's core; returns its id. */
  connect(core: Core, workspaceId: string): Promise<string>;
  /** Posts created on the platform so far (replays of an idempotent create do not count). */
  created(): Promise<number>;
  /** Asserts that each text is out exactly once, as these refs, each replying to the one before. */
  verify(refs: RemotePostRef[], texts: string[]): Promise<void>;
}

interface ChildReport {
  state?: string;
  error?: { name: string; message: string };
  counts: { publish: number; checkpoint: number; create: number };
}

export interface MatrixRow {
  at: string;
  /** What happened after the kill: each child's end, and any check on the platform. */
  path: string[];
}

const PARTS = 3;

export async function crashMatrix(subject: CrashSubject, expected: { checkpoints: number }): Promise<MatrixRow[]> {
  const dir = tempDir(`promogpt-crash-${subject.platform}-`);
  const secretsSpec = sharedSecretsSpec(dir);
  const secrets = openSharedSecrets(secretsSpec);
  const dataDir = path.join(dir, 'data');
  const core = createCore({ dataDir, shell: 'cli', secrets });
  const bundle = await bundleForChild(path.join(import.meta.dirname, 'crash-child.ts'));
  const workspaceId = (await core.call('workspace.create', { name: 'Crash' })).id;
  try {
    const accountId = await subject.connect(core, workspaceId);
    const db = core.workspaces.db(workspaceId);
    const images = [
      { path: png(`${subject.platform}-1.png`), mimeType: 'image/png', altText: 'one' },
      { path: png(`${subject.platform}-2.png`, [30, 30, 220]), mimeType: 'image/png', altText: 'two' },
    ];
    const child = async (targetId: string, at: string) =>
      runChild(bundle.file, {
        env: {
          PROMOGPT_CRASH_DATA_DIR: dataDir,
          PROMOGPT_CRASH_WORKSPACE: workspaceId,
          PROMOGPT_CRASH_TARGET: targetId,
          PROMOGPT_CRASH_SECRETS: secretsSpec,
          PROMOGPT_CRASH_AT: at,
        },
      });
    const report = async (targetId: string): Promise<ChildReport> => {
      const r = await child(targetId, '');
      expect(r.code, r.stderr).toBe(0);
      return lastJsonLine<ChildReport>(r);
    };

    let seq = 0;
    const scenario = async (at: string): Promise<{ row: MatrixRow; counts: ChildReport['counts'] }> => {
      const tag = `${subject.platform} ${at || 'no crash'} #${++seq}`;
      const texts = [`Crash test, ${tag}: the post`, `Crash test, ${tag}: part 2`, `Crash test, ${tag}: part 3`];
      const targetId = insertTarget(db, accountId, { text: texts[0] as string, media: images, thread: texts.slice(1) });
      const before = await subject.created();
      const steps: string[] = [];
      if (at) {
        const killed = await child(targetId, at);
        expect(killed.signal, `${tag}: the child should have died at ${at}\n${killed.stdout}\n${killed.stderr}`).toBe('SIGKILL');
        steps.push(`killed (${targetRow(db, targetId).state})`);
      }
      let last = await report(targetId);
      steps.push(last.state ?? `threw ${last.error?.name}`);
      if (last.state === 'needs_attention') {
        // Only X has no safe way to repeat a create; it must say why and what to do.
        expect(subject.platform, tag).toBe('x');
        const row = targetRow(db, targetId);
        expect(row.errorMessage, tag).toMatch(/may or may not have been posted: X did not confirm it\. Check on X/);
        const checked = await checkOnPlatform({ workspaceId, targetId, accounts: core.accounts, db, clock: core.clock });
        steps.push(`check: ${checked.parts.map((p) => p.result).join(', ')} → ${checked.state}`);
        if (checked.state === 'queued') {
          last = await report(targetId);
          steps.push(last.state ?? `threw ${last.error?.name}`);
        }
      }
      expect(last.state, `${tag}: ${steps.join(' → ')} ${JSON.stringify(last.error ?? '')}`).toBe('published');
      const row = targetRow(db, targetId);
      const refs = Array.from({ length: PARTS }, (_, i) => doneRef(row.cps, i));
      expect(refs.every(Boolean), tag).toBe(true);
      expect(row.remoteId).toBe(refs[0]?.id);
      await subject.verify(refs as RemotePostRef[], texts);
      const attempts = attemptsOf(db, targetId);
      expect(attempts.at(-1)?.outcome).toBe('published');
      // The killed attempt is in the history, closed by the attempt that carried on.
      if (at) expect(attempts[0]).toMatchObject({ outcome: 'retry', errorMessage: expect.stringContaining('stopped during this attempt') });
      expect((await subject.created()) - before, `${tag}: posts created`).toBe(PARTS);
      return { row: { at: at || 'no crash', path: steps }, counts: last.counts };
    };

    const rows: MatrixRow[] = [];
    const clean = await scenario('');
    rows.push(clean.row);
    // What one uninterrupted publish does: every part handed to the connector once, every create once.
    expect(clean.counts).toEqual({ publish: PARTS, checkpoint: expected.checkpoints, create: PARTS });

    const points = [
      ...Array.from({ length: expected.checkpoints + 1 }, (_, n) => (n === 0 ? 'publish:1' : `checkpoint:${n}`)),
      ...Array.from({ length: PARTS - 1 }, (_, k) => `publish:${k + 2}`),
      ...Array.from({ length: PARTS }, (_, k) => `create:${k + 1}`),
    ];
    for (const at of points) rows.push((await scenario(at)).row);
    return rows;
  } finally {
    bundle.dispose();
    for (const key of await secrets.keys(`${workspaceId}/`)) await secrets.delete(key);
    core.close();
  }
}

/** One line per crash point, for the test log. */
export function matrixTable(platform: Platform, rows: MatrixRow[]): string {
  return rows.map((r) => `${platform.padEnd(8)} ${r.at.padEnd(14)} ${r.path.join(' → ')}`).join('\n');
}
