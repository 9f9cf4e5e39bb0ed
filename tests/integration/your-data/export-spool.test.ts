// The tables are spooled to files beside the export while the media goes in, then added after
// the media. A cancel or a failure at any point while both run leaves nothing behind.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../../src-main/core/app';
import { tempDir, testCore } from '../../helpers/core';
import { exportAndWait, importAndWait } from './kit';

const cores: Core[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const c of cores.splice(0)) c.close();
});

const ROWS = 40_000;

/** A workspace with three media files (named as the media library names them) and many rows. */
async function workspace(): Promise<{ core: Core; workspaceId: string }> {
  const core = testCore();
  cores.push(core);
  const ws = await core.call('workspace.create', { name: 'Spool' });
  for (let i = 0; i < 3; i++) {
    const bytes = randomBytes(2 * 1024 * 1024);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const dir = path.join(core.layout.workspaceDir(ws.id), 'media', sha.slice(0, 2));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${sha}.mp4`), bytes);
  }
  const db = core.workspaces.db(ws.id).sqlite;
  const insert = db.prepare('INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) insert.run(`2026-03-02T09:00:${String(i % 60).padStart(2, '0')}.000Z`, 'me', 'test', `row ${i}`);
  })();
  return { core, workspaceId: ws.id };
}

function entryNames(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: false }, (error, zip) => {
      if (error || !zip) return reject(error);
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => names.push(e.fileName));
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
    });
  });
}

/** Calls `then` once the export opens its first media file (the spool is running by then). */
function onFirstMedia(then: (file: string) => void): void {
  const open = fs.createReadStream;
  let done = false;
  vi.spyOn(fs, 'createReadStream').mockImplementation(((file: fs.PathLike, options?: unknown) => {
    if (!done && String(file).includes(`${path.sep}media${path.sep}`)) {
      done = true;
      then(String(file));
    }
    return open(file, options as Parameters<typeof open>[1]);
  }) as typeof fs.createReadStream);
}

describe('export: tables spooled beside the media', () => {
  it('writes the media first and the tables after it, leaves no spool behind, and imports whole', async () => {
    const { core, workspaceId } = await workspace();
    const dir = tempDir();
    const out = path.join(dir, 'x.promogpt');
    expect(await exportAndWait(core, { workspaceId, out })).toMatchObject({ state: 'succeeded' });
    expect(fs.readdirSync(dir)).toEqual(['x.promogpt']);
    // Its note in the data folder is gone with it: "delete everything" finds nothing else there.
    expect(fs.existsSync(path.join(core.layout.root, 'exports-in-progress'))).toBe(false);

    const names = await entryNames(out);
    const lastMedia = names.findLastIndex((n) => n.includes('/media/'));
    const firstTable = names.findIndex((n) => n.includes('/tables/'));
    expect(lastMedia).toBeGreaterThan(0);
    expect(firstTable).toBeGreaterThan(lastMedia);
    expect(names.at(-1)).toBe('manifest.json');

    const job = await importAndWait(core, out);
    expect(job.error).toBeNull();
    const copy = core.workspaces.db(job.imported![0]!.id).sqlite;
    expect(copy.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: ROWS });
  }, 60_000);

  it('stops the spool on a cancel while the media is copied, and leaves no file and no spool', async () => {
    const { core, workspaceId } = await workspace();
    const dir = tempDir();
    let jobId = '';
    onFirstMedia(() => core.call('data.cancel', { jobId }));
    jobId = (await core.call('data.export', { workspaceId, out: path.join(dir, 'x.promogpt') })).id;
    expect(await core.yourData.wait(jobId)).toMatchObject({ state: 'cancelled', error: { name: 'Cancelled' } });
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('says the disk is full when a table cannot be spooled for lack of space, and leaves nothing', async () => {
    const { core, workspaceId } = await workspace();
    const dir = tempDir();
    const open = fsp.open;
    vi.spyOn(fsp, 'open').mockImplementation(async (file, ...rest) => {
      if (String(file).includes('.partial-')) throw Object.assign(new Error('ENOSPC: no space left on device, open'), { code: 'ENOSPC' });
      return open(file, ...rest);
    });
    const ended = await exportAndWait(core, { workspaceId, out: path.join(dir, 'x.promogpt') });
    expect(ended).toMatchObject({ state: 'failed', error: { name: 'Conflict', message: expect.stringMatching(/is full\. Free some space there or export to another disk; no file was written/) } });
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('names a media file removed while the spool runs, and leaves nothing', async () => {
    const { core, workspaceId } = await workspace();
    const dir = tempDir();
    onFirstMedia((file) => fs.rmSync(file));
    const ended = await exportAndWait(core, { workspaceId, out: path.join(dir, 'x.promogpt') });
    expect(ended).toMatchObject({ state: 'failed', error: { name: 'Conflict', message: expect.stringMatching(/media file was removed/) } });
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('refuses to delete the workspace while its export runs, and the export still completes', async () => {
    const { core, workspaceId } = await workspace();
    const dir = tempDir();
    let refusal: Promise<unknown> | undefined;
    onFirstMedia(() => (refusal = core.invoke('workspace.delete', { id: workspaceId, confirmName: 'Spool' })));
    const ended = await exportAndWait(core, { workspaceId, out: path.join(dir, 'x.promogpt') });
    expect(await refusal).toMatchObject({ ok: false, error: { name: 'Conflict', message: expect.stringContaining('an export of it is still running') } });
    expect(ended).toMatchObject({ state: 'succeeded' });
    expect((await core.call('workspace.list', {})).map((w) => w.id)).toEqual([workspaceId]);
  }, 60_000);
});
