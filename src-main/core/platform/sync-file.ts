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
