// Record keys for posts: TIDs (atproto "timestamp identifiers"), chosen before createRecord so
// a retry can find the first attempt with getRecord instead of posting twice (platforms.md §8.4).
import { createHash } from 'node:crypto';
import type { Clock } from '../../platform/clock';

const S32 = '234567abcdefghijklmnopqrstuvwxyz';
const TID_RE = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

/** 13 base32-sortable characters of a 63-bit value: 53 bits of microseconds, 10 bits of clock id. */
export function encodeTid(micros: bigint, clockId: number): string {
  let v = ((micros & ((1n << 53n) - 1n)) << 10n) | BigInt(clockId & 0x3ff);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = S32[Number(v & 31n)] + out;
    v >>= 5n;
  }
  return out;
}

export function isTid(value: string): boolean {
  return TID_RE.test(value);
}

/** A fresh TID from the clock, e.g. for a caller that wants its idempotency key to be the record key. */
export function newTid(clock: Clock, clockId = Math.floor(Math.random() * 1024)): string {
  return encodeTid(BigInt(clock.now().getTime()) * 1000n + BigInt(Math.floor(Math.random() * 1000)), clockId);
}

// Derived keys carry a timestamp inside a fixed window in the past (2023-06-01 plus up to
// ~1.1 years), so they never look like a time in the future.
const DERIVED_BASE_US = BigInt(Date.UTC(2023, 5, 1)) * 1000n;
const DERIVED_SPAN_US = 1n << 45n;

/**
 * The record key for a publish: the idempotency key itself when it already is a TID, else a
 * TID derived from it by hashing. The same key always gives the same record key.
 */
export function recordKeyFor(idempotencyKey: string): string {
  if (isTid(idempotencyKey)) return idempotencyKey;
  const digest = createHash('sha256').update(`promogpt/bluesky/rkey\n${idempotencyKey}`).digest();
  const h = digest.readBigUInt64BE(0);
  return encodeTid(DERIVED_BASE_US + ((h >> 10n) % DERIVED_SPAN_US), Number(h & 0x3ffn));
}
