// An import's files are on the disk before the workspace takes its place, a disk that fills up
// is named as the problem (not the file), and a cancel while media is copied leaves nothing.
// A plain file's media is copied on the copying thread (media-copier.ts: it answers once a file
// is flushed); where that thread cannot run, or for an encrypted file, it is streamed here.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../../src-main/core/app';
import { STAGING_PREFIX } from '../../../src-main/core/data/import-bundle';
import { MediaCopier } from '../../../src-main/core/data/media-copier';
import { tempDir, testCore } from '../../helpers/core';
import { dataFolder, exportAndWait, importAndWait } from './kit';

let core: Core;
let file: string;

beforeAll(async () => {
  core = testCore();
  const ws = await core.call('workspace.create', { name: 'Disk' });
  for (let i = 0; i < 4; i++) {
    const bytes = randomBytes(256 * 1024);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const dir = path.join(core.layout.workspaceDir(ws.id), 'media', sha.slice(0, 2));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${sha}.png`), bytes);
  }
  file = path.join(tempDir('promogpt-disk-'), 'disk.promogpt');
  expect((await exportAndWait(core, { workspaceId: ws.id, out: file })).state).toBe('succeeded');
}, 60_000);
afterEach(() => vi.restoreAllMocks());
afterAll(() => core.close());

const staged = (p: fs.PathLike) => String(p).includes(`${path.sep}${STAGING_PREFIX}`);

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** As when the copying thread cannot run: every media file is streamed on the main thread. */
const noCopyingThread = () => vi.spyOn(MediaCopier.prototype, 'copy').mockRejectedValue(new Error('no thread here'));

/** Records each rename of a staging folder, with its media files not yet answered for by `done`. */
function atMove(done: Set<string>): string[][] {
  const left: string[][] = [];
  const rename = fs.renameSync;
  vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
    if (staged(from)) left.push(filesUnder(String(from)).filter((f) => !f.endsWith('-wal') && !f.endsWith('-shm') && !done.has(f)));
    rename(from, to);
  });
  return left;
}

describe('an import and the disk', () => {
  it('has every media file copied and flushed on the copying thread before the workspace takes its place', async () => {
    const answered = new Set<string>();
    const copy = MediaCopier.prototype.copy;
    vi.spyOn(MediaCopier.prototype, 'copy').mockImplementation(async function (this: MediaCopier, ...args) {
      const sha256 = await copy.apply(this, args);
      answered.add(args[3]);
      return sha256;
    });
    const left = atMove(answered);
    const job = await importAndWait(core, file);
    expect(job.state).toBe('succeeded');
    expect(answered.size).toBe(4);
    expect(left).toEqual([[expect.stringMatching(/workspace\.db$/)]]); // the database: flushed here (next test)
  });

  it('flushes every streamed media file and the database to the disk before the workspace takes its place', async () => {
    noCopyingThread();
    const flushed = new Set<string>();
    const open = fsp.open;
    vi.spyOn(fsp, 'open').mockImplementation(async (p, ...rest) => {
      const handle = await open(p, ...rest);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        await sync();
        flushed.add(String(p));
      };
      return handle;
    });
    const fsync = fs.fsyncSync;
    const opened = new Map<number, string>();
    const openSync = fs.openSync;
    vi.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
      const fd = openSync(p, flags ?? 'r', mode);
      opened.set(fd, String(p));
      return fd;
    }) as typeof fs.openSync);
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
      fsync(fd);
      flushed.add(opened.get(fd as number) ?? '');
    });
    const unflushedAtMove = atMove(flushed);
    const job = await importAndWait(core, file);
    expect(job.state).toBe('succeeded');
    expect(unflushedAtMove).toEqual([[]]); // one workspace moved, nothing of it unflushed
    const dir = core.layout.workspaceDir(job.imported![0]!.id);
    expect(filesUnder(path.join(dir, 'media'))).toHaveLength(4);
    expect(flushed).toContain(core.layout.workspaces); // its new name too
  });

  it('says the disk is full when a media file cannot be written, and leaves nothing', async () => {
    noCopyingThread();
    const create = fs.createWriteStream;
    vi.spyOn(fs, 'createWriteStream').mockImplementation(((p: fs.PathLike, options?: unknown) => {
      if (!staged(p)) return create(p, options as never);
      return new Writable({ write: (_chunk, _enc, done) => done(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })) });
    }) as typeof fs.createWriteStream);
    const before = dataFolder(core);
    const workspaces = await core.call('workspace.list', {});
    const job = await importAndWait(core, file);
    expect(job).toMatchObject({
      state: 'failed',
      error: { name: 'Conflict', message: expect.stringMatching(/is full \(the import needs about \d+ MB there\)\. Free some space there and import again; nothing was imported\./) },
    });
    expect(dataFolder(core)).toEqual(before);
    expect(await core.call('workspace.list', {})).toEqual(workspaces);
    expect(fs.readdirSync(core.layout.workspaces).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('is cancelled while its media is on the copying thread, and leaves nothing', async () => {
    const started: { jobId?: string } = {};
    const copy = MediaCopier.prototype.copy;
    vi.spyOn(MediaCopier.prototype, 'copy').mockImplementation(function (this: MediaCopier, ...args) {
      const copying = copy.apply(this, args);
      void core.call('data.cancel', { jobId: started.jobId! });
      return copying;
    });
    const before = dataFolder(core);
    const job = await core.call('data.import', { file });
    started.jobId = job.id;
    const ended = await core.yourData.wait(job.id);
    expect(ended).toMatchObject({ state: 'cancelled', error: { name: 'Cancelled', message: 'The import was cancelled; nothing was imported.' } });
    expect(dataFolder(core)).toEqual(before);
    expect(fs.readdirSync(core.layout.workspaces).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
