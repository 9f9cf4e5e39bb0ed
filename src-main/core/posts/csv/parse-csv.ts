// Bulk import, step 1: read a CSV file (UTF-8 only, 10 MB at most) and split it into records
// (RFC 4180: quoted fields, "" inside quotes, newlines inside quotes, CRLF or LF). A malformed
// record becomes a problem on that row and line; parsing goes on, so the dry run reports them all.

import { stat, readFile } from 'node:fs/promises';
import { AppError } from '../../../../src-shared/errors';

export const CSV_MAX_BYTES = 10 * 1024 * 1024;

export const CSV_COLUMNS = ['account', 'text', 'media', 'time', 'timezone', 'first_comment'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export const REQUIRED_CSV_COLUMNS: readonly CsvColumn[] = ['account', 'text', 'time', 'timezone'];

/** Header spellings people use for our columns (compared lower-cased, spaces and dashes as "_"). */
const COLUMN_ALIASES: Record<string, CsvColumn> = {
  account: 'account',
  account_id: 'account',
  handle: 'account',
  text: 'text',
  media: 'media',
  media_path: 'media',
  media_paths: 'media',
  time: 'time',
  date_time: 'time',
  datetime: 'time',
  timezone: 'timezone',
  time_zone: 'timezone',
  tz: 'timezone',
  first_comment: 'first_comment',
  firstcomment: 'first_comment',
  comment: 'first_comment',
};

/** What is wrong, and where: `column` is a column name, or null for the whole row. */
export interface CsvProblem {
  column: string | null;
  message: string;
}

export interface CsvHeaderProblem extends CsvProblem {
  /** A fatal header problem (a required column missing, one named twice) stops the import. */
  fatal: boolean;
}

export interface CsvRecord {
  /** 1-based data row: the first record after the header is row 1 (a spreadsheet's row 2). */
  row: number;
  /** 1-based line of the file the record starts on (the header is line 1). */
  line: number;
  /** The fields of our columns, as written (a missing field is absent). */
  values: Partial<Record<CsvColumn, string>>;
  /** Problems with the record's shape (quotes, number of fields); validateRows adds the rest. */
  problems: CsvProblem[];
}

export interface ParsedCsv {
  /** The header as written. */
  header: string[];
  /** Which of our columns each header position is; null for a column we do not read. */
  columns: (CsvColumn | null)[];
  headerProblems: CsvHeaderProblem[];
  /** Every record after the header except blank ones ("" or only commas). */
  records: CsvRecord[];
  /** False when a header problem is fatal. */
  ok: boolean;
}

const SAVE_AS = 'In your spreadsheet app choose "Save as" → "CSV UTF-8 (comma delimited)" and import that file.';

// ---------------------------------------------------------------------------------------------
// Reading and decoding

/** Reads a CSV file as text: refuses files over 10 MB and anything that is not UTF-8 (a BOM is fine). */
export async function readCsvFile(filePath: string): Promise<string> {
  let size: number;
  try {
    const info = await stat(filePath);
    if (!info.isFile()) throw new AppError('ValidationError', `${filePath} is not a file. Choose a .csv file.`, { path: filePath });
    size = info.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('NotFound', `There is no file at ${filePath}.`, { path: filePath });
    if (code === 'EACCES' || code === 'EPERM') throw new AppError('PermissionDenied', `PromoGPT may not read ${filePath}. Check the file's permissions.`, { path: filePath });
    throw error;
  }
  refuseLarge(size);
  const bytes = await readFile(filePath);
  refuseLarge(bytes.length); // it may have grown since stat
  return decodeCsvBytes(bytes);
}

function refuseLarge(size: number): void {
  if (size > CSV_MAX_BYTES) {
    throw new AppError(
      'ValidationError',
      `The file is ${sizeText(size)}; a CSV import takes at most ${CSV_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files and import them one by one.`,
      { bytes: size, limit: CSV_MAX_BYTES },
    );
  }
}

function sizeText(bytes: number): string {
  const mb = (bytes / 1024 / 1024).toFixed(1);
  // Just over the limit would read "10.0 MB"; give the bytes then.
  return Number(mb) * 1024 * 1024 > CSV_MAX_BYTES ? `${mb} MB` : `${bytes.toLocaleString('en-US')} bytes`;
}

/**
 * The text of a CSV file's bytes. A UTF-8 byte-order mark is dropped. Anything that is not UTF-8
 * is refused with the offset (0-based, from the start of the file) and line of the first bad byte:
 * guessing another encoding would silently garble the posts.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new AppError('ValidationError', `The file is UTF-16 ("Unicode text"), not UTF-8. ${SAVE_AS}`, { encoding: 'utf-16' });
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const bad = firstInvalidUtf8(bytes, bom);
  if (bad !== -1) {
    const byte = bytes[bad] ?? 0;
    const line = lineAtOffset(bytes, bad);
    const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    throw new AppError(
      'ValidationError',
      `The file is not UTF-8: the byte ${hex} at offset ${bad} (line ${line}) is not valid UTF-8; the file was probably saved as Latin-1 or Windows-1252. ${SAVE_AS}`,
      { offset: bad, byte, line },
    );
  }
  const nul = bytes.indexOf(0, bom);
  if (nul !== -1) {
    throw new AppError('ValidationError', `The file has a NUL byte at offset ${nul} (line ${lineAtOffset(bytes, nul)}): it is not CSV text (perhaps UTF-16 or a spreadsheet file). ${SAVE_AS}`, {
      offset: nul,
      byte: 0,
    });
  }
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bom));
}

/** Offset of the first byte that starts an invalid UTF-8 sequence; -1 when all is valid. */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0): number {
  const n = bytes.length;
  let i = from;
  while (i < n) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f; // no UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f; // nothing above U+10FFFF
    } else return i;
    // A sequence cut off by the end of the file reads past it (-1) and fails below.
    const second = bytes[i + 1] ?? -1;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k += 1) {
      const c = bytes[i + k] ?? -1;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

function lineAtOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface RawRecord {
  line: number;
  fields: string[];
  problems: { field: number; message: string }[];
  /** The record lost its end to an unclosed quote: do not count its fields. */
  broken: boolean;
}

/** Splits CSV text into records, RFC 4180 style, recovering from malformed quotes (see parseCsv). */
function tokenize(text: string): RawRecord[] {
  const records: RawRecord[] = [];
  const n = text.length;
  let pos = 0;
  let line = 1;

  while (pos < n) {
    const record: RawRecord = { line, fields: [], problems: [], broken: false };
    records.push(record);
    for (;;) {
      if (text.charCodeAt(pos) === 0x22 /* " */) {
        const openPos = pos;
        const openLine = line;
        let value = '';
        let cursor = pos + 1;
        let closed = false;
        for (;;) {
          const quote = text.indexOf('"', cursor);
          if (quote === -1) break;
          const chunk = text.slice(cursor, quote);
          value += chunk;
          line += countLineBreaks(chunk);
          if (text.charCodeAt(quote + 1) === 0x22) {
            value += '"';
            cursor = quote + 2;
            continue;
          }
          cursor = quote + 1;
          closed = true;
          break;
        }
        const next = text.charCodeAt(cursor);
        const endsField = !closed || cursor >= n || next === 0x2c || next === 0x0a || next === 0x0d;
        if (!closed || (!endsField && line > openLine)) {
          // An unclosed quote swallows everything up to the end of the file, or up to some later
          // quote that then looks out of place. Either way, blame the quote that opened the field
          // and start again on the line after it.
          record.problems.push({
            field: record.fields.length,
            message: `the quote that opens this field on line ${openLine} is never closed. Put the whole field in quotes and double any quote inside it ("").`,
          });
          record.broken = true;
          record.fields.push(text.slice(openPos + 1, lineEnd(text, openPos)));
          pos = skipLineBreak(text, lineEnd(text, openPos));
          line = openLine + 1;
          break;
        }
        pos = cursor;
        if (!endsField) {
          // "abc"def on one line: keep the text, but say so.
          const end = fieldEnd(text, pos);
          record.problems.push({
            field: record.fields.length,
            message: 'there is text after the closing quote of this field. Put the whole field in quotes and double any quote inside it ("").',
          });
          value += text.slice(pos, end);
          pos = end;
        }
        record.fields.push(normalizeNewlines(value));
      } else {
        // Unquoted: up to the next comma or line break. A stray quote inside is taken literally.
        const end = fieldEnd(text, pos);
        record.fields.push(text.slice(pos, end));
        pos = end;
      }

      const c = text.charCodeAt(pos);
      if (c === 0x2c /* , */) {
        pos += 1;
        continue;
      }
      // A line break or the end of the text ends the record.
      if (pos < n) {
        pos = skipLineBreak(text, pos);
        line += 1;
      }
      break;
    }
  }
  return records;
}

function fieldEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x2c || c === 0x0a || c === 0x0d) return i;
  }
  return text.length;
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) return i;
  }
  return text.length;
}

function skipLineBreak(text: string, pos: number): number {
  if (text.charCodeAt(pos) === 0x0d) return text.charCodeAt(pos + 1) === 0x0a ? pos + 2 : pos + 1;
  if (text.charCodeAt(pos) === 0x0a) return pos + 1;
  return pos;
}

function countLineBreaks(chunk: string): number {
  let count = 0;
  for (let i = 0; i < chunk.length; i += 1) {
    const c = chunk.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && chunk.charCodeAt(i + 1) !== 0x0a)) count += 1;
  }
  return count;
}

function normalizeNewlines(value: string): string {
  return value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value;
}

function capitalize(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

function headerKey(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/**
 * Splits CSV text (already decoded; see readCsvFile) into a header and records. The first line must
 * be the header naming the columns account, text, media, time, timezone, first_comment, in any order
 * and any case; account, text, time and timezone are required. Other columns are reported and ignored.
 *
 * Recovery: a quoted field whose quote never closes is a problem on its own row and line, and parsing
 * resumes on the next line, so every later row is still reported. Text after a closing quote on the
 * same line is a problem too. A row with more or fewer fields than the header is a problem.
 * Blank records are skipped, but still counted in row numbers.
 */
export function parseCsv(text: string): ParsedCsv {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const [headerRecord, ...dataRecords] = tokenize(source);
  const headerProblems: CsvHeaderProblem[] = [];

  if (!headerRecord || headerRecord.fields.every((f) => f.trim() === '')) {
    headerProblems.push({ column: null, message: `The file is empty: its first line must be the header, e.g. ${CSV_COLUMNS.join(',')}.`, fatal: true });
    return { header: [], columns: [], headerProblems, records: [], ok: false };
  }
  const header = headerRecord.fields.map((f) => f.trim());
  if (headerRecord.problems.length > 0) {
    headerProblems.push({ column: null, message: `The header on line 1 is malformed: ${headerRecord.problems[0]?.message ?? 'unknown problem'}`, fatal: true });
  }

  const columns: (CsvColumn | null)[] = [];
  const seen = new Map<CsvColumn, number>();
  header.forEach((name, index) => {
    const column = COLUMN_ALIASES[headerKey(name)] ?? null;
    columns.push(column);
    if (column === null) {
      headerProblems.push({
        column: name === '' ? null : name,
        message:
          name === ''
            ? `Column ${index + 1} has no name; it is ignored.`
            : `PromoGPT does not read a column "${name}"; it is ignored. The columns are ${CSV_COLUMNS.join(', ')}.`,
        fatal: false,
      });
    } else if (seen.has(column)) {
      headerProblems.push({ column, message: `The column ${column} appears twice (columns ${(seen.get(column) ?? 0) + 1} and ${index + 1}); keep one.`, fatal: true });
    } else {
      seen.set(column, index);
    }
  });
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length > 0) {
    headerProblems.push({
      column: null,
      message: `The header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. The first line must name the columns, e.g. ${CSV_COLUMNS.join(',')}.`,
      fatal: true,
    });
  }

  const columnName = (field: number): string | null => columns[field] ?? (header[field] || null);
  const records: CsvRecord[] = [];
  dataRecords.forEach((raw, index) => {
    if (!raw.broken && raw.problems.length === 0 && raw.fields.every((f) => f.trim() === '')) return;
    const values: Partial<Record<CsvColumn, string>> = {};
    seen.forEach((field, column) => {
      const value = raw.fields[field];
      if (value !== undefined) values[column] = value;
    });
    const problems: CsvProblem[] = raw.problems.map((p) => ({ column: columnName(p.field), message: capitalize(p.message) }));
    if (!raw.broken && raw.fields.length !== header.length) {
      problems.push({
        column: null,
        message: `Line ${raw.line} has ${raw.fields.length} field${raw.fields.length === 1 ? '' : 's'}; the header has ${header.length}. A field with a comma or a line break must be in quotes.`,
      });
    }
    records.push({ row: index + 1, line: raw.line, values, problems });
  });

  return { header, columns, headerProblems, records, ok: !headerProblems.some((p) => p.fatal) };
}

/** readCsvFile, then parseCsv. */
export async function loadCsvFile(filePath: string): Promise<ParsedCsv> {
  return parseCsv(await readCsvFile(filePath));
}
