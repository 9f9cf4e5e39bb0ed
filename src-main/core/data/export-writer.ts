import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { AppError } from '../../../src-shared/errors';
import { FORMAT_NAME, FORMAT_VERSION, MANIFEST, type Manifest, type ManifestWorkspace } from './bundle-format';
import { encryptStream } from './encryption';
import { useNativeCrc32 } from './fast-crc';
import { syncFile, syncFolder } from '../platform/sync-file';

export interface Progress {
  doneBytes: number;
  totalBytes: number;
}

/**
 * Writes a zip entry by entry, hashing each as it streams through, and finally the manifest
 * with every entry's size and sha256. Entries are added one at a time (the next only after the
 * previous has been read to its end), so memory stays flat whatever the sizes.
 */
export class ExportWriter {
  private readonly zip = (useNativeCrc32(), new yazl.ZipFile());
  private readonly entries: Manifest['entries'] = {};
  private readonly partial: string;
  private readonly file: fs.WriteStream;
  private readonly done: Promise<void>;
  private doneBytes = 0;
  private scratch: string | undefined;
  private readonly endRecord: (() => void) | undefined;
  totalBytes = 0;

  private constructor(
    private readonly out: string,
    private readonly signal: AbortSignal | undefined,
    private readonly onProgress: ((p: Progress) => void) | undefined,
    encrypt: Transform | undefined,
    record: ((partial: string) => () => void) | undefined,
  ) {
    this.partial = path.join(path.dirname(out), `.${path.basename(out)}.partial-${randomBytes(4).toString('hex')}`); // matches PARTIAL_NAME below
    // Recorded before the file exists, so a crash from here on leaves nothing unrecorded.
    this.endRecord = record?.(this.partial);
    const file = (this.file = fs.createWriteStream(this.partial, { mode: 0o600, highWaterMark: 4 * 1024 * 1024 }));
    const stages: NodeJS.ReadWriteStream[] = encrypt ? [encrypt, flushAsWritten(file)] : [flushAsWritten(file)];
    this.done = pipeline(this.zip.outputStream, ...(stages as [Transform]), file);
    // A failed write or a cancel also ends the entry being added (one listener each, not one per entry).
    this.done.catch((error: unknown) => this.failEntry?.(error));
    signal?.addEventListener('abort', () => this.failEntry?.(cancelledError()), { once: true });
  }

  private failEntry?: (error: unknown) => void;

  /** `record` notes the partial file while it exists (unfinished-exports.ts), so a crash's leftovers are found. */
  static async create(
    out: string,
    opts: { passphrase?: string; signal?: AbortSignal; onProgress?: (p: Progress) => void; record?: (partial: string) => () => void },
  ): Promise<ExportWriter> {
    const dir = path.dirname(path.resolve(out));
    if (!fs.existsSync(dir)) throw new AppError('NotFound', `The folder ${JSON.stringify(dir)} does not exist. Choose a folder that does.`);
    if (fs.existsSync(out)) throw new AppError('Conflict', `${JSON.stringify(out)} already exists. Choose another file name or move that file away.`);
    const encrypt = opts.passphrase === undefined ? undefined : await encryptStream(opts.passphrase);
    return new ExportWriter(path.resolve(out), opts.signal, opts.onProgress, encrypt, opts.record);
  }

  /**
   * Adds one entry from a stream, returning once it has been read through. `sha256`, when the
   * caller already knows it (a content-addressed media file is named by it), saves hashing the
   * bytes again; an import checks every byte against it either way.
   */
  async add(name: string, source: Readable, opts: { compress: boolean; sha256?: string }): Promise<void> {
    this.checkCancelled();
    const hash = opts.sha256 === undefined ? createHash('sha256') : undefined;
    let size = 0;
    let lastReport = 0;
    // Counts and hashes in passing; no 'data' listener, so nothing flows before yazl reads.
    const counter = new Transform({
      transform: (chunk: Buffer, _enc, next) => {
        hash?.update(chunk);
        size += chunk.length;
        this.doneBytes += chunk.length;
        if (this.doneBytes - lastReport > 4 * 1024 * 1024) {
          lastReport = this.doneBytes;
          this.report();
        }
        next(null, chunk);
      },
    });
    const ended = new Promise<void>((resolve, reject) => {
      counter.on('end', resolve);
      counter.on('error', reject);
      source.on('error', reject);
      this.failEntry = reject;
    });
    // Level 1: NDJSON shrinks nearly as much as at the default 6, in about half the time.
    this.zip.addReadStream(source.pipe(counter), name, { compressionLevel: opts.compress ? 1 : 0, mtime: new Date(0), mode: 0o100600 });
    try {
      await ended;
    } catch (error) {
      source.destroy();
      throw error;
    }
    this.entries[name] = { size, sha256: hash ? hash.digest('hex') : (opts.sha256 as string) };
    this.report();
  }

  async finish(manifest: Omit<Manifest, 'entries' | 'format' | 'formatVersion' | 'workspaces'>, workspaces: ManifestWorkspace[]): Promise<{ file: string; bytes: number }> {
    this.checkCancelled();
    const full: Manifest = { format: FORMAT_NAME, formatVersion: FORMAT_VERSION, ...manifest, workspaces, entries: this.entries };
    this.zip.addBuffer(Buffer.from(JSON.stringify(full, null, 1)), MANIFEST, { mtime: new Date(0), mode: 0o100600 });
    this.zip.end();
    await this.done;
    this.checkCancelled();
    // On the disk before it takes its name: after a crash the export is whole or absent.
    syncFile(this.partial);
    fs.renameSync(this.partial, this.out);
    syncFolder(path.dirname(this.out)); // the new name too, before the note of a running export goes
    this.removeScratch();
    this.endRecord?.();
    return { file: this.out, bytes: fs.statSync(this.out).size };
  }

  /** Removes the half-written file: a cancelled or failed export leaves nothing. */
  async abandon(): Promise<void> {
    (this.zip.outputStream as unknown as { destroy(): void }).destroy();
    await this.done.catch(() => undefined);
    // A cancel right after the start can come while the file is still being opened: its stream
    // closes once the open has landed, so the file is removed after that, not before it exists.
    if (!this.file.closed) await new Promise<void>((resolve) => this.file.once('close', () => resolve()));
    fs.rmSync(this.partial, { force: true });
    this.removeScratch();
    this.endRecord?.();
  }

  /** A private folder beside the file for work in progress, removed with it (or once it is finished). */
  scratchFolder(): string {
    this.scratch ??= fs.mkdtempSync(`${this.partial}.`);
    return this.scratch;
  }

  private removeScratch(): void {
    if (this.scratch) fs.rmSync(this.scratch, { recursive: true, force: true });
  }

  private report(): void {
    this.onProgress?.({ doneBytes: this.doneBytes, totalBytes: Math.max(this.totalBytes, this.doneBytes) });
  }

  private checkCancelled(): void {
    if (this.signal?.aborted) throw cancelledError();
  }
}

/** How the half-written file is named: hidden, beside the file chosen, until it takes its name. */
export const PARTIAL_NAME = /^\..+\.partial-[0-9a-f]{8}$/;

/** Bytes between flushes to the disk while the file is written. */
const FLUSH_EVERY = 64 * 1024 * 1024;

/**
 * Passes the bytes on and, every 64 MiB, asks the disk to take what is written so far
 * (fdatasync, in the background, one at a time). The file is synced whole before it takes its
 * name either way; this only spreads that work over the export instead of leaving a whole
 * file's worth of writing to the end (a 1 GB export otherwise waits seconds for that sync).
 */
function flushAsWritten(file: fs.WriteStream): Transform {
  let sinceFlush = 0;
  let flushing = false;
  return new Transform({
    transform(chunk: Buffer, _enc, next) {
      sinceFlush += chunk.length;
      const fd = (file as unknown as { fd: number | null }).fd;
      if (sinceFlush >= FLUSH_EVERY && !flushing && typeof fd === 'number' && !file.destroyed) {
        sinceFlush = 0;
        flushing = true;
        // A failure here is not the export's: the sync before the rename reports any.
        fs.fdatasync(fd, () => (flushing = false));
      }
      next(null, chunk);
    },
  });
}

export function cancelledError(): AppError {
  return new AppError('Cancelled', 'The export was cancelled; no file was written.');
}
