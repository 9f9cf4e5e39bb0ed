import { createHash } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { replacedColumns } from './bundle-format';
import type { WorkspaceSnapshot } from './snapshot';

export interface SpooledTable {
  table: string;
  file: string;
  rows: number;
  sha256: string;
}

/**
 * Pieces of this size keep SQLite's turns short (about a millisecond each), so the media that
 * is being written into the export meanwhile gets the event loop back between them.
 */
const PIECE_BYTES = 256 * 1024;

/**
 * Writes every table of a snapshot as an NDJSON file into `dir`, hashing each on the way.
 *
 * Why a spool: a zip is written one entry after another, and turning the rows into NDJSON is
 * SQLite's work on this thread while copying the media is mostly waiting on the disk. Spooling
 * the tables while the media is copied does both at once; the tables then go into the export
 * from these files, after the media. Each piece is followed by an asynchronous write, which is
 * what hands the event loop to the media copy between pieces.
 */
export async function spoolTables(snapshot: WorkspaceSnapshot, dir: string, signal: AbortSignal): Promise<SpooledTable[]> {
  const spooled: SpooledTable[] = [];
  for (const [i, table] of snapshot.tables().entries()) {
    // Numbered, not named by the table: a table's name never becomes a path.
    const file = path.join(dir, `${i}.ndjson`);
    const hash = createHash('sha256');
    const rows = snapshot.ndjson(table, replacedColumns(table), PIECE_BYTES);
    const handle = await fsp.open(file, 'wx', 0o600);
    try {
      for await (const piece of rows) {
        signal.throwIfAborted();
        const bytes = typeof piece === 'string' ? Buffer.from(piece) : (piece as Buffer);
        hash.update(bytes);
        for (let at = 0; at < bytes.length; ) at += (await handle.write(bytes, at)).bytesWritten;
      }
    } finally {
      rows.destroy();
      await handle.close();
    }
    spooled.push({ table, file, rows: rows.rows, sha256: hash.digest('hex') });
  }
  return spooled;
}
