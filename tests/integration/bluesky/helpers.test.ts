// The Bluesky connector's pure parts: record keys, DID documents, JWT expiry, image sniffing.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { sniffImage } from '../../../src-main/core/connectors/bluesky/media';
import { jwtExpiry, pdsFromDidDoc, normalizeService } from '../../../src-main/core/connectors/bluesky/session';
import { encodeTid, isTid, newTid, recordKeyFor } from '../../../src-main/core/connectors/bluesky/tid';
import { JPEG_6x4, pngBytes } from './util';

const S32 = '234567abcdefghijklmnopqrstuvwxyz';
function tidMicros(tid: string): bigint {
  let v = 0n;
  for (const c of tid) v = v * 32n + BigInt(S32.indexOf(c));
  return v >> 10n;
}

describe('record keys', () => {
  it('derives the same valid TID from the same idempotency key, and different ones from different keys', () => {
    const a = recordKeyFor('post_1/acct_1/0');
    expect(isTid(a)).toBe(true);
    expect(recordKeyFor('post_1/acct_1/0')).toBe(a);
    expect(recordKeyFor('post_1/acct_1/1')).not.toBe(a);
    const keys = new Set(Array.from({ length: 500 }, (_, i) => recordKeyFor(`k${i}`)));
    expect(keys.size).toBe(500);
  });

  it('keeps derived timestamps in the past, and uses a key that already is a TID as is', () => {
    for (let i = 0; i < 200; i++) expect(Number(tidMicros(recordKeyFor(`k${i}`)) / 1000n)).toBeLessThan(Date.UTC(2024, 9, 1));
    const clock = fixedClock('2026-03-01T09:00:00.000Z');
    const tid = newTid(clock);
    expect(isTid(tid)).toBe(true);
    expect(Number(tidMicros(tid) / 1000n)).toBe(Date.parse('2026-03-01T09:00:00.000Z'));
    expect(recordKeyFor(tid)).toBe(tid);
    expect(encodeTid(0n, 0)).toBe('2222222222222');
    expect(isTid('self')).toBe(false);
  });
});

describe('sessions', () => {
  it('finds the PDS in a DID document and ignores anything else', () => {
    const doc = {
      id: 'did:plc:abc',
      service: [
        { id: '#bsky_notif', type: 'BskyNotificationService', serviceEndpoint: 'https://notif.example' },
        { id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: 'https://morel.us-east.host.bsky.network/' },
      ],
    };
    expect(pdsFromDidDoc(doc)).toBe('https://morel.us-east.host.bsky.network');
    expect(pdsFromDidDoc({ service: [{ id: '#atproto_pds', serviceEndpoint: 'javascript:alert(1)' }] })).toBeUndefined();
    expect(pdsFromDidDoc({ service: 'nope' })).toBeUndefined();
    expect(pdsFromDidDoc(undefined)).toBeUndefined();
  });

  it('reads a JWT expiry without verifying it, and normalizes the service address', () => {
    const payload = Buffer.from(JSON.stringify({ exp: 1_800_000_000 })).toString('base64url');
    expect(jwtExpiry(`x.${payload}.y`)).toBe(new Date(1_800_000_000_000).toISOString());
    expect(jwtExpiry('not-a-jwt')).toBeUndefined();
    expect(normalizeService(undefined)).toBe('https://bsky.social');
    expect(normalizeService('pds.example.com/')).toBe('https://pds.example.com');
    expect(() => normalizeService('ftp://x')).toThrow(/https/);
  });
});

describe('image sniffing', () => {
  it('reads type and size of PNG, JPEG, GIF and WebP from the bytes', () => {
    expect(sniffImage(pngBytes(7, 3, [0, 0, 0]))).toEqual({ mimeType: 'image/png', width: 7, height: 3 });
    expect(sniffImage(JPEG_6x4)).toEqual({ mimeType: 'image/jpeg', width: 6, height: 4 });
    const gif = Buffer.from('GIF89a\x0a\x00\x05\x00\x00\x00\x00', 'latin1');
    expect(sniffImage(gif)).toEqual({ mimeType: 'image/gif', width: 10, height: 5 });
    const vp8x = Buffer.alloc(30);
    vp8x.write('RIFF', 0, 'ascii');
    vp8x.write('WEBPVP8X', 8, 'ascii');
    vp8x.writeUIntLE(639, 24, 3);
    vp8x.writeUIntLE(479, 27, 3);
    expect(sniffImage(vp8x)).toEqual({ mimeType: 'image/webp', width: 640, height: 480 });
    expect(sniffImage(Buffer.from('hello, not an image at all'))).toBeUndefined();
  });
});
