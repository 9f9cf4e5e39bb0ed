import fs from 'node:fs';

/** Flushes a file's bytes to the disk, so a rename that follows never exposes a half-written file after a crash. */
export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The same on libuv's thread pool: many files can be flushed while the main thread works on. */
export async function syncFileInBackground(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Makes the names in a folder durable: after a rename into it, a crash cannot bring back the
 * old name. On a journaling filesystem (ext4, XFS, APFS) this also commits every name made
 * before it. Windows cannot open a folder to flush it, and NTFS journals names itself.
 */
export function syncFolder(folder: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(folder, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
