import { mkdtempSync, mkdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { CSV_MAX_BYTES, decodeCsvBytes, firstInvalidUtf8, loadCsvFile, readCsvFile } from '../../../src-main/core/posts/csv/parse-csv';

const dir = mkdtempSync(path.join(os.tmpdir(), 'promogpt-csv-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'account,text,media,time,timezone,first_comment\n';

function file(name: string, bytes: Uint8Array | string): string {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('readCsvFile: encoding', () => {
  it('reads UTF-8, with or without a BOM', async () => {
    const body = `${HEADER}@a,Café ☕ 👩‍💻,,2030-01-01 09:00,Europe/Berlin,\n`;
    expect(await readCsvFile(file('plain.csv', body))).toBe(body);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
    expect(await readCsvFile(file('bom.csv', withBom))).toBe(body);
    const csv = await loadCsvFile(file('bom2.csv', withBom));
    expect(csv.ok).toBe(true);
    expect(csv.records[0]?.values.text).toBe('Café ☕ 👩‍💻');
  });

  it('refuses a Latin-1 file, naming the first bad byte and how to fix it', async () => {
    const body = `${HEADER}@a,Caf\u00e9 au lait,,2030-01-01 09:00,Europe/Berlin,\n`;
    const error = await failure(readCsvFile(file('latin1.csv', Buffer.from(body, 'latin1'))));
    const offset = Buffer.byteLength(`${HEADER}@a,Caf`, 'latin1');
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain(`the byte 0xE9 at offset ${offset} (line 2) is not valid UTF-8`);
    expect(error.message).toContain('CSV UTF-8');
    expect(error.details).toEqual({ offset, byte: 0xe9, line: 2 });
  });

  it('refuses Windows-1252 smart quotes, and counts the offset from the file start, BOM included', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HEADER), Buffer.from([0x40, 0x61, 0x2c, 0x93, 0x68, 0x69, 0x94])]);
    expect(() => decodeCsvBytes(bytes)).toThrow(`the byte 0x93 at offset ${3 + HEADER.length + 3} (line 2)`);
  });

  it('refuses UTF-16 and NUL bytes', () => {
    expect(() => decodeCsvBytes(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toThrow(/UTF-16/);
    expect(() => decodeCsvBytes(Buffer.from([0xfe, 0xff, 0x00, 0x61]))).toThrow(/UTF-16/);
    expect(() => decodeCsvBytes(Buffer.from('a\u0000b', 'latin1'))).toThrow(/NUL byte at offset 1/);
  });

  it('firstInvalidUtf8 knows the UTF-8 rules', () => {
    const at = (...bytes: number[]) => firstInvalidUtf8(Uint8Array.from(bytes));
    expect(at(0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80)).toBe(-1); // a é € 😀
    expect(at(0x61, 0xc0, 0x80)).toBe(1); // overlong
    expect(at(0xe0, 0x80, 0x80)).toBe(0); // overlong 3-byte
    expect(at(0xed, 0xa0, 0x80)).toBe(0); // a UTF-16 surrogate
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0); // above U+10FFFF
    expect(at(0x61, 0x62, 0xe2, 0x82)).toBe(2); // cut off at the end
    expect(at(0x80)).toBe(0); // a lone continuation byte
  });
});

describe('readCsvFile: size and path', () => {
  it('refuses a file over 10 MB with a clear message', async () => {
    const p = path.join(dir, 'huge.csv');
    writeFileSync(p, '');
    truncateSync(p, CSV_MAX_BYTES + 1);
    const error = await failure(readCsvFile(p));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(/^The file is 10,485,761 bytes; a CSV import takes at most 10 MB\. Split it/);
    truncateSync(p, 12.5 * 1024 * 1024);
    expect((await failure(readCsvFile(p))).message).toMatch(/^The file is 12\.5 MB;/);
  });

  it('says when there is no file, or it is a folder', async () => {
    expect((await failure(readCsvFile(path.join(dir, 'missing.csv')))).name).toBe('NotFound');
    const folder = path.join(dir, 'folder.csv');
    mkdirSync(folder);
    expect((await failure(readCsvFile(folder))).message).toMatch(/is not a file/);
  });
});
