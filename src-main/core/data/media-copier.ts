import { Worker } from 'node:worker_threads';

/**
 * Copies media out of a plain (unencrypted) export on a thread of its own, hashing each file
 * and flushing it to the disk, while the main thread's SQLite loads the rows: an import uses
 * both cores. Only entries stored as they are (media always is) come this way; the bytes are
 * read from the export by their place in it, which the zip's own local header gives.
 *
 * The thread's code is plain JavaScript given as text, so there is no file of its own to find
 * in a bundle or in the desktop app's archive. It reads and writes synchronously (it has
 * nothing else to do) and stops at the next piece once `cancel()` raises a shared flag.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
const stop = new Int32Array(workerData.stop);
const PIECE = 512 * 1024;
const REPORT_EVERY = 8 * 1024 * 1024;
const piece = Buffer.allocUnsafe(PIECE);
const failure = (id, error) => ({ id, error: { message: String(error && error.message), code: error && error.code, cancelled: Boolean(error && error.cancelled) } });
parentPort.on('message', ({ id, file, start, length, target }) => {
  let input;
  let output;
  try {
    input = fs.openSync(file, 'r');
    output = fs.openSync(target, 'wx', 0o600);
    const hash = createHash('sha256');
    let unreported = 0;
    for (let at = 0; at < length; ) {
      if (Atomics.load(stop, 0) !== 0) throw Object.assign(new Error('cancelled'), { cancelled: true });
      const n = fs.readSync(input, piece, 0, Math.min(PIECE, length - at), start + at);
      if (n === 0) throw new Error('the file ends inside this entry');
      hash.update(piece.subarray(0, n));
      for (let written = 0; written < n; ) written += fs.writeSync(output, piece, written, n - written);
      at += n;
      unreported += n;
      if (unreported >= REPORT_EVERY) {
        parentPort.postMessage({ id, bytes: unreported });
        unreported = 0;
      }
    }
    fs.closeSync(input);
    input = undefined;
    const sha256 = hash.digest('hex');
    const flushing = output;
    output = undefined;
    // Flushed in the background while the next file is copied; the answer waits for it.
    fs.fsync(flushing, (error) => {
      fs.close(flushing, () => undefined);
      parentPort.postMessage(error ? failure(id, error) : { id, bytes: unreported, sha256 });
    });
  } catch (error) {
    if (input !== undefined) fs.closeSync(input);
    if (output !== undefined) fs.closeSync(output);
    parentPort.postMessage(failure(id, error));
  }
});
`;

interface Answer {
  id: number;
  bytes?: number;
  sha256?: string;
  error?: { message: string; code?: string; cancelled: boolean };
}

/** A copy asked for and not yet answered; `done` settles either way (for `close`). */
interface Waiting {
  resolve: (sha256: string) => void;
  reject: (error: Error) => void;
  done: Promise<unknown>;
}

/** Why a copy failed: `code` is the system's (ENOSPC…), `cancelled` when `cancel()` stopped it. */
export class CopyFailed extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly cancelled: boolean,
  ) {
    super(message);
  }
}

export class MediaCopier {
  private readonly worker: Worker;
  private readonly stop = new Int32Array(new SharedArrayBuffer(4));
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private broken: Error | undefined;

  constructor(private readonly onBytes: (n: number) => void) {
    this.worker = new Worker(THREAD, { eval: true, workerData: { stop: this.stop.buffer } });
    this.worker.on('message', (answer: Answer) => this.answer(answer));
    this.worker.on('error', (error) => this.breakDown(error));
    this.worker.on('exit', () => this.breakDown(new Error('the copying thread ended')));
  }

  /** Copies `length` bytes at `start` of `file` into a new file `target`; resolves with their sha256 once they are on the disk. */
  copy(file: string, start: number, length: number, target: string): Promise<string> {
    if (this.broken) return Promise.reject(this.broken);
    const id = ++this.nextId;
    let settle!: Pick<Waiting, 'resolve' | 'reject'>;
    const done = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
    this.waiting.set(id, { ...settle, done: done.catch(() => undefined) });
    this.worker.postMessage({ id, file, start, length, target });
    return done;
  }

  /** Stops the copy under way and those asked for, at their next piece. */
  cancel(): void {
    Atomics.store(this.stop, 0, 1);
  }

  /** Ends the thread once every copy asked for has answered (a stopped one closes its files first). */
  async close(): Promise<void> {
    this.cancel();
    await Promise.all([...this.waiting.values()].map((w) => w.done));
    await this.worker.terminate();
  }

  private answer(answer: Answer): void {
    const waiting = this.waiting.get(answer.id);
    if (!waiting) return;
    if (answer.bytes) this.onBytes(answer.bytes);
    if (answer.error) {
      this.waiting.delete(answer.id);
      waiting.reject(new CopyFailed(answer.error.message, answer.error.code, answer.error.cancelled));
    } else if (answer.sha256 !== undefined) {
      this.waiting.delete(answer.id);
      waiting.resolve(answer.sha256);
    }
  }

  private breakDown(error: Error): void {
    this.broken ??= error;
    for (const [id, waiting] of this.waiting) {
      this.waiting.delete(id);
      waiting.reject(this.broken);
    }
  }
}
