import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PARTIAL_NAME } from './export-writer';

/**
 * Exports in progress, each recorded in the data folder while it runs. A crash (or a kill)
 * mid-export leaves its hidden partial file and spool folder beside the file the user chose,
 * possibly gigabytes; the next start of the app or of any CLI command removes them. A record
 * names its process: an export still running in another process is left alone.
 */
export class UnfinishedExports {
  constructor(private readonly dir: string) {}

  /** Records an export's partial file before it is created; the returned function ends the record. */
  begin(partial: string): () => void {
    const record = path.join(this.dir, `${process.pid}-${randomBytes(6).toString('hex')}.json`);
    const write = () => {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(record, JSON.stringify({ partial }), { mode: 0o600 });
    };
    try {
      write();
    } catch (error) {
      // Another process's export removed the (empty) folder between the two steps: once more.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      write();
    }
    return () => {
      fs.rmSync(record, { force: true });
      this.removeFolderIfEmpty();
    };
  }

  /** Removes what exports of processes no longer running left behind; returns the paths removed. */
  sweep(isAlive: (pid: number) => boolean): string[] {
    if (!fs.existsSync(this.dir)) return [];
    const removed: string[] = [];
    for (const name of fs.readdirSync(this.dir)) {
      const pid = Number(name.split('-')[0]);
      if (pid === process.pid || isAlive(pid)) continue;
      const record = path.join(this.dir, name);
      const partial = partialOf(record);
      if (partial) removed.push(...removeLeftovers(partial));
      fs.rmSync(record, { force: true });
    }
    this.removeFolderIfEmpty();
    return removed;
  }

  /** No folder is left when no export runs ("delete everything" proves the data folder holds nothing else). */
  private removeFolderIfEmpty(): void {
    try {
      fs.rmdirSync(this.dir);
    } catch {
      // Not empty (another export runs), or already gone.
    }
  }
}

/** The partial file a record names, only if it is one an export would have written. */
function partialOf(record: string): string | undefined {
  try {
    const { partial } = JSON.parse(fs.readFileSync(record, 'utf8')) as { partial?: unknown };
    if (typeof partial === 'string' && path.isAbsolute(partial) && PARTIAL_NAME.test(path.basename(partial))) return partial;
  } catch {
    // An unreadable record (cut short by the crash itself) names nothing to remove.
  }
  return undefined;
}

/** The partial file and its spool folders (`<partial>.<random>`, export-writer.ts). */
function removeLeftovers(partial: string): string[] {
  const dir = path.dirname(partial);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return []; // the folder is gone (or was a removable disk): nothing to remove
  }
  const base = path.basename(partial);
  const mine = names.filter((n) => n === base || (n.startsWith(`${base}.`) && n.length === base.length + 7));
  for (const n of mine) fs.rmSync(path.join(dir, n), { recursive: true, force: true });
  return mine.map((n) => path.join(dir, n));
}
