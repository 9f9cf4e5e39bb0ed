// A big export is flushed to the disk as it is written (so the sync before it takes its name
// has little left to do), and still comes back byte for byte.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir, testCore } from '../../helpers/core';
import { exportAndWait, importAndWait, mediaFiles } from './kit';

afterEach(() => vi.restoreAllMocks());

describe('a big export', () => {
  it('is flushed to the disk every 64 MiB while it is written, and imports whole', async () => {
    const core = testCore();
    try {
      const ws = await core.call('workspace.create', { name: 'Big' });
      // 150 MB of media, named as the media library names files (by their sha256).
      const bytes = Buffer.concat(Array.from({ length: 150 }, () => randomBytes(1024 * 1024)));
      const sha = createHash('sha256').update(bytes).digest('hex');
      const dir = path.join(core.layout.workspaceDir(ws.id), 'media', sha.slice(0, 2));
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${sha}.mp4`), bytes);

      const flushes = vi.spyOn(fs, 'fdatasync');
      const out = path.join(tempDir(), 'big.promogpt');
      expect((await exportAndWait(core, { workspaceId: ws.id, out })).state).toBe('succeeded');
      expect(flushes.mock.calls.length).toBeGreaterThanOrEqual(1);
      expect(flushes.mock.calls.length).toBeLessThanOrEqual(3);

      const job = await importAndWait(core, out);
      expect(job.error).toBeNull();
      expect(mediaFiles(core, job.imported![0]!.id)).toEqual(mediaFiles(core, ws.id));
    } finally {
      core.close();
    }
  }, 120_000);
});
