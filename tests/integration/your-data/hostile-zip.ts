// Builds damaged and hostile export files from a good one, with yazl and raw bytes.
import fs from 'node:fs';
import yauzl from 'yauzl';
import yazl from 'yazl';

export interface RawEntry {
  name: string;
  data: Buffer;
  mode?: number;
  compress?: boolean;
}

/** Every entry of a (small) zip, in memory. */
export async function readAll(file: string): Promise<RawEntry[]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const out: RawEntry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          out.push({ name: entry.fileName, data: Buffer.concat(chunks), compress: entry.compressionMethod === 8 });
          zip.readEntry();
        });
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  zip.close();
  return out;
}

export async function writeAll(file: string, entries: RawEntry[]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.data, e.name, { compress: e.compress ?? true, ...(e.mode ? { mode: e.mode } : {}) });
  zip.end();
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(fs.createWriteStream(file)).on('finish', resolve).on('error', reject));
}

/** Where an entry's (stored or deflated) bytes start in the file. */
export async function dataOffset(file: string, name: string): Promise<{ start: number; size: number }> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  try {
    return await new Promise((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        const head = Buffer.alloc(30);
        const fd = fs.openSync(file, 'r');
        fs.readSync(fd, head, 0, 30, entry.relativeOffsetOfLocalHeader);
        fs.closeSync(fd);
        resolve({ start: entry.relativeOffsetOfLocalHeader + 30 + head.readUInt16LE(26) + head.readUInt16LE(28), size: entry.compressedSize });
      });
      zip.on('end', () => reject(new Error(`no entry ${name}`)));
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

/** Replaces every occurrence of a byte string by another of the same length (entry names in local and central headers). */
export function patchBytes(file: string, from: string, to: string): void {
  if (from.length !== to.length) throw new Error('same length only');
  const bytes = fs.readFileSync(file);
  const a = Buffer.from(from, 'latin1');
  let at = bytes.indexOf(a);
  if (at < 0) throw new Error(`${from} not found`);
  while (at >= 0) {
    Buffer.from(to, 'latin1').copy(bytes, at);
    at = bytes.indexOf(a, at + 1);
  }
  fs.writeFileSync(file, bytes);
}

export function flipByte(file: string, offset: number): void {
  const bytes = fs.readFileSync(file);
  bytes[offset] = (bytes[offset] as number) ^ 0x40;
  fs.writeFileSync(file, bytes);
}

/** Makes the zip's directory declare another unpacked size for an entry (the bytes stay as they are). */
export function declareSize(file: string, name: string, size: number): void {
  const bytes = fs.readFileSync(file);
  const wanted = Buffer.from(name);
  for (let at = bytes.indexOf(CENTRAL_HEADER); at >= 0; at = bytes.indexOf(CENTRAL_HEADER, at + 4)) {
    const nameLength = bytes.readUInt16LE(at + 28);
    if (!bytes.subarray(at + 46, at + 46 + nameLength).equals(wanted)) continue;
    bytes.writeUInt32LE(size, at + 24);
    fs.writeFileSync(file, bytes);
    return;
  }
  throw new Error(`no entry ${name}`);
}
const CENTRAL_HEADER = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
