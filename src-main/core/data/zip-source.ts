import fs from 'node:fs';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { openDecryptedFile, type DecryptedFile } from './encryption';

/**
 * Reads of 512 KiB: yauzl's own file reader reads 16 KiB at a time, one read in flight; 1 MiB
 * reads cost more system time here than 512 KiB ones (fresh memory for every read).
 */
const READ_BYTES = 512 * 1024;

/**
 * What yauzl reads a zip through: the file itself, or an encrypted export decrypted chunk by
 * chunk where it is read (each chunk authenticated before a byte of it is passed on), so an
 * encrypted import needs no decrypted copy on disk.
 */
export interface ZipSource {
  reader: yauzl.RandomAccessReader;
  size: number;
}

class FileReader extends yauzl.RandomAccessReader {
  constructor(private readonly fd: number) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    // Not fs.createReadStream on the shared fd: destroying such a stream closes the fd.
    const fd = this.fd;
    let at = start;
    return new Readable({
      highWaterMark: READ_BYTES,
      read() {
        const length = Math.min(READ_BYTES, end - at);
        if (length <= 0) return void this.push(null);
        fs.read(fd, Buffer.allocUnsafe(length), 0, length, at, (error, n, buffer) => {
          if (error) return this.destroy(error);
          if (n === 0) return this.destroy(new Error('unexpected end of file'));
          at += n;
          this.push(buffer.subarray(0, n));
        });
      },
    });
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null) => void): void {
    let done = 0;
    const more = () => {
      if (done >= length) return callback(null);
      fs.read(this.fd, buffer, offset + done, length - done, position + done, (error, n) => {
        if (error) return callback(error);
        if (n === 0) return callback(new Error('unexpected end of file'));
        done += n;
        more();
      });
    };
    more();
  }

  override close(callback: (error: Error | null) => void): void {
    fs.close(this.fd, (error) => callback(error ?? null));
  }
}

class DecryptingReader extends yauzl.RandomAccessReader {
  constructor(private readonly file: DecryptedFile) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const file = this.file;
    return Readable.from(
      (async function* () {
        for (let at = start; at < end; ) {
          const piece = await file.read(at, Math.min(end - at, READ_BYTES));
          at += piece.length;
          yield piece;
        }
      })(),
      { objectMode: false },
    );
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null) => void): void {
    const copy = async () => {
      for (let done = 0; done < length; ) {
        const piece = await this.file.read(position + done, length - done);
        piece.copy(buffer, offset + done);
        done += piece.length;
      }
    };
    copy().then(() => callback(null), (error: unknown) => callback(error as Error));
  }

  override close(callback: (error: Error | null) => void): void {
    this.file.close().then(() => callback(null), (error: unknown) => callback(error as Error));
  }
}

/** Opens the file for yauzl; an encrypted one is checked (passphrase, length) before this returns. */
export async function openZipSource(file: string, passphrase?: string): Promise<ZipSource> {
  if (passphrase !== undefined) {
    const decrypted = await openDecryptedFile(file, passphrase);
    return { reader: new DecryptingReader(decrypted), size: decrypted.size };
  }
  const fd = fs.openSync(file, 'r');
  return { reader: new FileReader(fd), size: fs.fstatSync(fd).size };
}
