import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../../../src-shared/errors';

/**
 * Passphrase encryption of a whole export file, streamed: AES-256-GCM over 1 MiB chunks, each
 * with its own tag, so a reader decrypts and authenticates one chunk before it passes a byte
 * on. The chunk's index and whether it is the last one are in its associated data, so chunks
 * cannot be reordered, dropped or the file cut short without the tag failing.
 *
 * Layout: MAGIC(8) | version(1) | log2N(1) | r(1) | p(1) | salt(16) | noncePrefix(8) |
 *         keyCheck(16) | chunk* ; chunk = ciphertext(≤ CHUNK) | tag(16). The last chunk is
 *         shorter than CHUNK (possibly empty) and is always present.
 */
export const ENCRYPTED_MAGIC = Buffer.from('PGMTENC1', 'latin1');
const VERSION = 1;
export const CHUNK = 1024 * 1024;
const TAG = 16;
const HEADER = ENCRYPTED_MAGIC.length + 4 + 16 + 8 + 16;
/** scrypt N = 2^17, r = 8: 128 MiB and a few hundred ms per guess. */
const DEFAULT_COST = { log2N: 17, r: 8, p: 1 };
export const MIN_PASSPHRASE = 8;

interface Cost {
  log2N: number;
  r: number;
  p: number;
}

function deriveKeys(passphrase: string, salt: Buffer, cost: Cost): Promise<{ key: Buffer; check: Buffer }> {
  const N = 2 ** cost.log2N;
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 * 1024 }, (error, key) => {
      if (error) return reject(error);
      // A check value apart from the key: a wrong passphrase is told apart from a damaged file.
      resolve({ key, check: createHmac('sha256', key).update('promogpt export key check').digest().subarray(0, 16) });
    });
  });
}

function nonce(prefix: Buffer, index: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(index, 8);
  return n;
}

function aad(header: Buffer, index: number, last: boolean): Buffer {
  const extra = Buffer.alloc(9);
  extra.writeBigUInt64BE(BigInt(index), 0);
  extra[8] = last ? 1 : 0;
  return Buffer.concat([header, extra]);
}

export function checkPassphrase(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE) {
    throw new AppError('ValidationError', `A passphrase needs at least ${MIN_PASSPHRASE} characters; a few random words make a good one.`, { field: 'passphrase' });
  }
}

/** A transform that encrypts what flows through it. */
export async function encryptStream(passphrase: string, cost: Cost = DEFAULT_COST): Promise<Transform> {
  checkPassphrase(passphrase);
  const salt = randomBytes(16);
  const prefix = randomBytes(8);
  const { key, check } = await deriveKeys(passphrase, salt, cost);
  const header = Buffer.concat([ENCRYPTED_MAGIC, Buffer.from([VERSION, cost.log2N, cost.r, cost.p]), salt, prefix, check]);
  // Plaintext gathers in one chunk-sized buffer, sealed (and reused) once a byte beyond it arrives:
  // the last chunk must be sealed as the last.
  const plain = Buffer.allocUnsafe(CHUNK);
  let fill = 0;
  let index = 0;
  const seal = (stream: Transform, bytes: Buffer, last: boolean) => {
    const cipher = createCipheriv('aes-256-gcm', key, nonce(prefix, index));
    cipher.setAAD(aad(header, index, last));
    index++;
    stream.push(cipher.update(bytes));
    cipher.final();
    stream.push(cipher.getAuthTag());
  };
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (!started) {
        started = true;
        this.push(header);
      }
      for (let at = 0; at < chunk.length; ) {
        if (fill === CHUNK) {
          seal(this, plain, false);
          fill = 0;
        }
        const n = chunk.copy(plain, fill, at, Math.min(chunk.length, at + CHUNK - fill));
        fill += n;
        at += n;
      }
      done();
    },
    flush(done: TransformCallback) {
      if (!started) this.push(header);
      seal(this, plain.subarray(0, fill), true);
      done();
    },
  });
}

const damaged = () =>
  new AppError('ValidationError', 'The export file is damaged or was changed after it was made (an encrypted part failed its check). Nothing was imported. Use an intact copy of the file.');

interface Keys {
  key: Buffer;
  prefix: Buffer;
}

/** Checks a header and the passphrase against its key check value; a wrong one is told apart from damage. */
async function keysFromHeader(h: Buffer, passphrase: string): Promise<Keys> {
  if (!h.subarray(0, 8).equals(ENCRYPTED_MAGIC) || h[8] !== VERSION) {
    throw new AppError('ValidationError', 'This encrypted export was made by a newer PromoGPT (or is not an export). Update PromoGPT to import it.');
  }
  const cost = { log2N: h[9]!, r: h[10]!, p: h[11]! };
  // Bounded, so a crafted header cannot make us allocate gigabytes.
  if (cost.log2N < 14 || cost.log2N > 20 || cost.r < 1 || cost.r > 16 || cost.p < 1 || cost.p > 4) throw damaged();
  const salt = h.subarray(12, 28);
  const prefix = Buffer.from(h.subarray(28, 36));
  const { key, check } = await deriveKeys(passphrase, salt, cost);
  if (!timingSafeEqual(check, h.subarray(36, 52))) {
    throw new AppError('ValidationError', 'The passphrase is wrong: this export was encrypted with another one. Nothing was imported.', { field: 'passphrase' });
  }
  return { key, prefix };
}

/** Decrypts and authenticates chunk `index` (ciphertext and tag); any mismatch is "damaged". */
function openChunk(keys: Keys, header: Buffer, index: number, body: Buffer, last: boolean): Buffer {
  if (body.length < TAG) throw damaged();
  const decipher = createDecipheriv('aes-256-gcm', keys.key, nonce(keys.prefix, index));
  decipher.setAAD(aad(header, index, last));
  decipher.setAuthTag(body.subarray(body.length - TAG));
  try {
    const out = decipher.update(body.subarray(0, body.length - TAG));
    decipher.final();
    return out;
  } catch {
    throw damaged();
  }
}

/**
 * A transform that decrypts an encrypted export, passing on only authenticated chunks. Reads
 * the header first; a wrong passphrase is refused before any chunk.
 */
export function decryptStream(passphrase: string): Transform {
  let header: Buffer | undefined;
  let keys: Keys | undefined;
  let buffered: Buffer = Buffer.alloc(0);
  let waiting: Buffer[] = [];
  let waitingBytes = 0;
  let index = 0;
  const open = (body: Buffer, last: boolean): Buffer => {
    if (!keys || !header) throw damaged();
    return openChunk(keys, header, index++, body, last);
  };
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      // Small pieces are gathered in a list and joined once per chunk, not on every arrival.
      waiting.push(chunk);
      waitingBytes += chunk.length;
      if (header && buffered.length + waitingBytes <= CHUNK + TAG) return done();
      buffered = Buffer.concat([buffered, ...waiting]);
      waiting = [];
      waitingBytes = 0;
      const go = async () => {
        if (!header) {
          if (buffered.length < HEADER) return;
          const h = Buffer.from(buffered.subarray(0, HEADER));
          buffered = buffered.subarray(HEADER);
          keys = await keysFromHeader(h, passphrase);
          header = h;
        }
        // A full chunk is known not to be the last only once a byte after it has arrived.
        while (buffered.length > CHUNK + TAG) {
          this.push(open(buffered.subarray(0, CHUNK + TAG), false));
          buffered = buffered.subarray(CHUNK + TAG);
        }
      };
      go().then(() => done(), (error: unknown) => done(error as Error));
    },
    flush(done: TransformCallback) {
      try {
        buffered = Buffer.concat([buffered, ...waiting]);
        waiting = [];
        if (!header) throw damaged();
        while (buffered.length > CHUNK + TAG) {
          this.push(open(buffered.subarray(0, CHUNK + TAG), false));
          buffered = buffered.subarray(CHUNK + TAG);
        }
        this.push(open(buffered, true));
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/** An encrypted export opened for reading at any position, as a zip reader needs. */
export interface DecryptedFile {
  /** Bytes of the decrypted zip. */
  size: number;
  /** Up to `max` decrypted bytes from `position` (at least one; never past a chunk's end). */
  read(position: number, max: number): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Opens an encrypted export for random access: the passphrase is checked and the last chunk
 * authenticated (so a file cut short or lengthened is refused) before this returns; every other
 * chunk is authenticated when it is first read, before any of its bytes is used. Chunks are
 * bound to their index and the last-chunk flag, so reading them out of order proves nothing
 * less than reading them in order does.
 */
export async function openDecryptedFile(file: string, passphrase: string): Promise<DecryptedFile> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const total = (await handle.stat()).size;
    const header = Buffer.alloc(HEADER);
    if (total < HEADER || (await handle.read(header, 0, HEADER, 0)).bytesRead !== HEADER) throw damaged();
    const keys = await keysFromHeader(header, passphrase);
    const sealed = CHUNK + TAG;
    const body = total - HEADER;
    if (body < TAG) throw damaged();
    const chunks = Math.ceil(body / sealed);
    const size = body - chunks * TAG;
    const readChunk = async (index: number): Promise<Buffer> => {
      const start = HEADER + index * sealed;
      const length = Math.min(sealed, total - start);
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buffer, 0, length, start);
      if (bytesRead !== length) throw damaged();
      return openChunk(keys, header, index, buffer, index === chunks - 1);
    };
    let cached = { index: chunks - 1, plain: await readChunk(chunks - 1) };
    return {
      size,
      async read(position, max) {
        if (position < 0 || position >= size || max <= 0) throw damaged();
        const index = Math.floor(position / CHUNK);
        if (cached.index !== index) cached = { index, plain: await readChunk(index) };
        const from = position - index * CHUNK;
        return cached.plain.subarray(from, Math.min(cached.plain.length, from + max));
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
