import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src-main/core/posts/csv/parse-csv';

const HEADER = 'account,text,media,time,timezone,first_comment';

describe('parseCsv: RFC 4180', () => {
  it('reads plain rows by column name', () => {
    const csv = parseCsv(`${HEADER}\n@alice,Hello,,2030-01-01 09:00,Europe/Berlin,\n`);
    expect(csv.ok).toBe(true);
    expect(csv.headerProblems).toEqual([]);
    expect(csv.records).toEqual([
      { row: 1, line: 2, values: { account: '@alice', text: 'Hello', media: '', time: '2030-01-01 09:00', timezone: 'Europe/Berlin', first_comment: '' }, problems: [] },
    ]);
  });

  it('takes the columns in any order and case, with common spellings', () => {
    const csv = parseCsv('Time Zone,TEXT,Time,Account,First Comment,Media Path\r\nUTC,Hi,2030-01-01 09:00,x1,first!,a.jpg\r\n');
    expect(csv.ok).toBe(true);
    expect(csv.columns).toEqual(['timezone', 'text', 'time', 'account', 'first_comment', 'media']);
    expect(csv.records[0]?.values).toEqual({ timezone: 'UTC', text: 'Hi', time: '2030-01-01 09:00', account: 'x1', first_comment: 'first!', media: 'a.jpg' });
  });

  it('handles quoted commas, doubled quotes and newlines inside quotes, CRLF or LF, and counts lines', () => {
    const text = [
      HEADER,
      '@a,"Hello, world",,2030-01-01 09:00,UTC,',
      '@a,"She said ""hi""",,2030-01-01 09:00,UTC,"a ""quoted"" comment"',
      '@a,"line one\r\nline two\nline three",,2030-01-01 09:00,UTC,',
      '@a,after,,2030-01-01 09:00,UTC,',
      '@a,"",,2030-01-01 09:00,UTC,""',
    ].join('\r\n');
    const csv = parseCsv(text);
    expect(csv.records.map((r) => [r.row, r.line, r.values.text, r.values.first_comment, r.problems])).toEqual([
      [1, 2, 'Hello, world', '', []],
      [2, 3, 'She said "hi"', 'a "quoted" comment', []],
      [3, 4, 'line one\nline two\nline three', '', []],
      [4, 7, 'after', '', []],
      [5, 8, '', '', []],
    ]);
  });

  it('drops a BOM and tolerates a missing final newline or a lone CR', () => {
    const csv = parseCsv(`\uFEFF${HEADER}\r@a,t,,2030-01-01 09:00,UTC,c`);
    expect(csv.header[0]).toBe('account');
    expect(csv.records).toHaveLength(1);
    expect(csv.records[0]?.values.first_comment).toBe('c');
  });

  it('skips blank lines but keeps counting rows and lines', () => {
    const csv = parseCsv(`${HEADER}\n\n@a,one,,2030-01-01 09:00,UTC,\n,,,,,\n@a,two,,2030-01-01 09:00,UTC,\n\n`);
    expect(csv.records.map((r) => [r.row, r.line, r.values.text])).toEqual([
      [2, 3, 'one'],
      [4, 5, 'two'],
    ]);
  });

  it('takes a stray quote inside an unquoted field literally', () => {
    const csv = parseCsv(`${HEADER}\n@a,My 5" screen,,2030-01-01 09:00,UTC,\n`);
    expect(csv.records[0]?.values.text).toBe('My 5" screen');
    expect(csv.records[0]?.problems).toEqual([]);
  });
});

describe('parseCsv: malformed rows are problems on their row, and the rest is still read', () => {
  it('an unterminated quote in the middle of the file', () => {
    const text = [
      HEADER,
      '@a,ok one,,2030-01-01 09:00,UTC,',
      '@a,"never closed,,2030-01-01 09:00,UTC,',
      '@a,ok two,,2030-01-01 09:00,UTC,',
      '@a,"multi',
      'line",,2030-01-01 09:00,UTC,',
      '@a,ok three,,2030-01-01 09:00,UTC,',
    ].join('\n');
    const csv = parseCsv(text);
    expect(csv.records.map((r) => [r.row, r.line, r.values.text, r.problems.map((p) => p.column)])).toEqual([
      [1, 2, 'ok one', []],
      [2, 3, 'never closed,,2030-01-01 09:00,UTC,', ['text']],
      [3, 4, 'ok two', []],
      [4, 5, 'multi\nline', []],
      [5, 7, 'ok three', []],
    ]);
    expect(csv.records[1]?.problems[0]?.message).toMatch(/quote that opens this field on line 3 is never closed/);
  });

  it('an unterminated quote on the last row', () => {
    const csv = parseCsv(`${HEADER}\n@a,fine,,2030-01-01 09:00,UTC,\n@a,fine too,,2030-01-01 09:00,UTC,"oops\n`);
    expect(csv.records).toHaveLength(2);
    expect(csv.records[1]).toMatchObject({ row: 2, line: 3, values: { text: 'fine too', first_comment: 'oops' } });
    expect(csv.records[1]?.problems).toEqual([{ column: 'first_comment', message: expect.stringMatching(/line 3 is never closed/) }]);
  });

  it('text after a closing quote on the same line', () => {
    const csv = parseCsv(`${HEADER}\n@a,"quoted" tail,,2030-01-01 09:00,UTC,\n@a,next,,2030-01-01 09:00,UTC,\n`);
    expect(csv.records[0]?.values.text).toBe('quoted tail');
    expect(csv.records[0]?.problems).toEqual([{ column: 'text', message: expect.stringMatching(/text after the closing quote/) }]);
    expect(csv.records[1]?.problems).toEqual([]);
  });

  it('too many or too few fields', () => {
    const csv = parseCsv(`${HEADER}\n@a,Hello, world,,2030-01-01 09:00,UTC,\n@a,short\n`);
    expect(csv.records.map((r) => r.problems)).toEqual([
      [{ column: null, message: expect.stringMatching(/^Line 2 has 7 fields; the header has 6\. A field with a comma/) }],
      [{ column: null, message: expect.stringMatching(/^Line 3 has 2 fields; the header has 6/) }],
    ]);
  });
});

describe('parseCsv: the header', () => {
  it('an unknown column is reported and ignored', () => {
    const csv = parseCsv(`${HEADER},notes\n@a,t,,2030-01-01 09:00,UTC,,remember\n`);
    expect(csv.ok).toBe(true);
    expect(csv.headerProblems).toEqual([{ column: 'notes', message: expect.stringMatching(/does not read a column "notes"; it is ignored/), fatal: false }]);
    expect(csv.records[0]?.values).not.toHaveProperty('notes');
    expect(csv.records[0]?.problems).toEqual([]);
  });

  it('missing required columns are fatal; media and first_comment are optional', () => {
    const csv = parseCsv('account,text\n@a,t\n');
    expect(csv.ok).toBe(false);
    expect(csv.headerProblems).toEqual([{ column: null, message: expect.stringMatching(/lacks the columns time, timezone/), fatal: true }]);
    expect(parseCsv('account,text,time,timezone\n@a,t,2030-01-01 09:00,UTC\n').ok).toBe(true);
  });

  it('a column named twice is fatal', () => {
    const csv = parseCsv('account,text,time,timezone,Time\n');
    expect(csv.ok).toBe(false);
    expect(csv.headerProblems[0]).toMatchObject({ column: 'time', fatal: true });
  });

  it('an empty file, or one without a header, is fatal', () => {
    expect(parseCsv('').headerProblems).toEqual([{ column: null, message: expect.stringMatching(/The file is empty/), fatal: true }]);
    expect(parseCsv('\n\n').ok).toBe(false);
    const noHeader = parseCsv('@a,Hello,,2030-01-01 09:00,UTC,\n');
    expect(noHeader.ok).toBe(false);
    expect(noHeader.headerProblems.some((p) => p.fatal && /lacks the columns account, text, time, timezone/.test(p.message))).toBe(true);
  });
});
