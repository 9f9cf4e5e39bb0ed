import { createRequire } from 'node:module';
import zlib from 'node:zlib';

/**
 * yazl computes each entry's CRC-32 with buffer-crc32, in JavaScript: the slowest step of an
 * export (about a third of its CPU time). Node has a native zlib.crc32 (20.15+), which gives the
 * same values; yazl calls `crc32.unsigned(buf, previous)` through the module object, so this
 * points that one function at the native one. Done once, only when Node has it.
 */
export function useNativeCrc32(): void {
  const native = (zlib as unknown as { crc32?: (data: Buffer, value?: number) => number }).crc32;
  if (typeof native !== 'function') return;
  const crc = createRequire(import.meta.url)('buffer-crc32') as { unsigned: (buf: Buffer, previous?: number) => number };
  if ((crc.unsigned as { native?: boolean }).native) return;
  const unsigned = (buf: Buffer | string, previous?: number) => native(Buffer.isBuffer(buf) ? buf : Buffer.from(buf), previous ?? 0);
  (unsigned as { native?: boolean }).native = true;
  crc.unsigned = unsigned;
}
