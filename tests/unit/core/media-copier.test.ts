// The copying thread of an import: exact bytes and their sha256, clear failures, and a cancel
// that stops it between pieces.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CopyFailed, MediaCopier } from '../../../src-main/core/data/media-copier';
import { tempDir } from '../../helpers/core';

const copiers: MediaCopier[] = [];
afterEach(async () => {
  for (const c of copiers.splice(0)) await c.close();
});

function copier(): { copier: MediaCopier; bytes: () => number } {
  let total = 0;
  const c = new MediaCopier((n) => (total += n));
  copiers.push(c);
  return { copier: c, bytes: () => total };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the media copier', () => {
  it('copies exactly the bytes asked for, names their sha256, and counts them', async () => {
    const dir = tempDir();
    const source = path.join(dir, 'export.zip');
    const data = randomBytes(20 * 1024 * 1024 + 123);
    fs.writeFileSync(source, Buffer.concat([Buffer.from('header'), data, Buffer.from('trailer')]));
    const { copier: c, bytes } = copier();
    const target = path.join(dir, 'out.mp4');
    expect(await c.copy(source, 6, data.length, target)).toBe(sha256(data));
    expect(fs.readFileSync(target).equals(data)).toBe(true);
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(bytes()).toBe(data.length);
  });

  it('refuses a file that ends inside the entry, and never writes over a file', async () => {
    const dir = tempDir();
    const source = path.join(dir, 'short.zip');
    fs.writeFileSync(source, randomBytes(1000));
    const { copier: c } = copier();
    await expect(c.copy(source, 500, 1000, path.join(dir, 'a'))).rejects.toThrow(/the file ends inside this entry/);
    fs.writeFileSync(path.join(dir, 'taken'), 'mine');
    await expect(c.copy(source, 0, 10, path.join(dir, 'taken'))).rejects.toMatchObject({ code: 'EEXIST' });
    expect(fs.readFileSync(path.join(dir, 'taken'), 'utf8')).toBe('mine');
    const missing = await c.copy(source, 0, 10, path.join(dir, 'no-such-folder', 'b')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(CopyFailed);
    expect(missing).toMatchObject({ code: 'ENOENT', cancelled: false });
    // Still working after failures.
    expect(await c.copy(source, 0, 1000, path.join(dir, 'whole'))).toBe(sha256(fs.readFileSync(source)));
  });

  it('stops at the next piece once cancelled, the copy under way and those asked for', async () => {
    const dir = tempDir();
    const source = path.join(dir, 'big.zip');
    const size = 64 * 1024 * 1024;
    fs.writeFileSync(source, randomBytes(size));
    const c = new MediaCopier(() => c.cancel()); // at its first report of progress (8 MiB in)
    copiers.push(c);
    const copies = [1, 2, 3].map((i) => c.copy(source, 0, size, path.join(dir, `copy-${i}`)).catch((e: unknown) => e));
    for (const failed of await Promise.all(copies)) expect(failed).toMatchObject({ cancelled: true });
    expect(fs.statSync(path.join(dir, 'copy-1')).size).toBeGreaterThan(0);
    expect(fs.statSync(path.join(dir, 'copy-1')).size).toBeLessThan(size);
    await c.close();
    // Every file it opened is closed: nothing holds the folder (Windows could not remove it otherwise).
    fs.rmSync(dir, { recursive: true });
  });
});
