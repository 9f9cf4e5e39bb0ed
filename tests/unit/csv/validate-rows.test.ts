import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCsvFile, parseCsv } from '../../../src-main/core/posts/csv/parse-csv';
import { type CsvAccount, type CsvRowInput, type ValidateContext, validateRows } from '../../../src-main/core/posts/csv/validate-rows';

const BASE = path.resolve('/imports/june');
const NOW = '2030-01-01T00:00:00.000Z';
const accounts: CsvAccount[] = [
  { id: 'acc-bsky', handle: 'alice.bsky.social', platform: 'bluesky' },
  { id: 'acc-masto', handle: '@alice@mastodon.social', platform: 'mastodon' },
  { id: 'acc-x', handle: '@alice', platform: 'x' },
  // Same handle on two platforms (contrived), to prove ambiguity is reported
  { id: 'acc-sam-x', handle: '@sam', platform: 'x' },
  { id: 'acc-sam-bsky', handle: 'sam', platform: 'bluesky' },
];
const existing = new Set([path.join(BASE, 'img', 'a.jpg'), path.join(BASE, 'b.png'), path.resolve('/media/c.mp4')]);
const context: ValidateContext = { accounts, fileExists: (p) => existing.has(p), baseDir: BASE, now: NOW };

const good = { account: 'alice.bsky.social', text: 'Hello', media: '', time: '2030-06-01 09:30', timezone: 'Europe/Berlin', first_comment: '' };
const check = (values: Partial<typeof good>, extra: Partial<CsvRowInput> = {}) => validateRows([{ row: 1, line: 2, values: { ...good, ...values }, ...extra }], context).rows[0];
const columns = (values: Partial<typeof good>) => check(values)?.problems.map((p) => p.column);

describe('validateRows: a good row', () => {
  it('becomes a post draft', () => {
    const row = check({ media: ' img/a.jpg | b.png|' + path.resolve('/media/c.mp4'), first_comment: '  More at example.com  ', text: '  Hello\r\nworld  ' });
    expect(row).toEqual({
      row: 1,
      line: 2,
      values: expect.any(Object),
      problems: [],
      warnings: [],
      parsed: {
        accountId: 'acc-bsky',
        text: 'Hello\nworld',
        mediaPaths: [path.join(BASE, 'img', 'a.jpg'), path.join(BASE, 'b.png'), path.resolve('/media/c.mp4')],
        scheduledAt: '2030-06-01T07:30:00.000Z',
        timeZone: 'Europe/Berlin',
        firstComment: 'More at example.com',
      },
    });
  });

  it('reads the time in the row zone, or as an instant when it has an offset', () => {
    expect(check({ timezone: 'America/New_York' })?.parsed?.scheduledAt).toBe('2030-06-01T13:30:00.000Z');
    expect(check({ timezone: 'europe/berlin' })?.parsed?.timeZone).toBe('Europe/Berlin');
    expect(check({ time: '2030-06-01T09:30:00+09:00', timezone: 'Asia/Tokyo' })?.parsed?.scheduledAt).toBe('2030-06-01T00:30:00.000Z');
  });

  it('warns when a time falls in a DST gap or a repeated hour, but keeps the row', () => {
    const gap = check({ time: '2030-03-10 02:30', timezone: 'America/New_York' });
    expect(gap?.parsed?.scheduledAt).toBe('2030-03-10T07:00:00.000Z');
    expect(gap?.warnings).toEqual([{ column: 'time', message: '02:30 does not exist on 2030-03-10 in America/New_York (the clocks go forward); it is posted at 03:00 instead.' }]);
    const twice = check({ time: '2030-11-03 01:30', timezone: 'America/New_York' });
    expect(twice?.parsed?.scheduledAt).toBe('2030-11-03T05:30:00.000Z');
    expect(twice?.warnings[0]?.message).toMatch(/happens twice .*\(UTC offset -04:00\)\.$/);
  });
});

describe('validateRows: accounts', () => {
  it.each([
    ['acc-masto', 'acc-masto'],
    ['@alice@mastodon.social', 'acc-masto'],
    ['alice@Mastodon.Social', 'acc-masto'],
    ['@alice', 'acc-x'],
    ['ALICE', 'acc-x'],
    ['@alice.bsky.social', 'acc-bsky'],
    ['x:sam', 'acc-sam-x'],
    ['Bluesky:@sam', 'acc-sam-bsky'],
  ])('%s is %s', (account, id) => {
    expect(check({ account })?.parsed?.accountId).toBe(id);
  });

  it('unknown, ambiguous or empty accounts are problems', () => {
    expect(check({ account: '@nobody' })?.problems).toEqual([
      { column: 'account', message: 'No account "@nobody" in this workspace. Connect it first, or use one of: alice.bsky.social, @alice@mastodon.social, @alice, @sam, sam.' },
    ]);
    expect(check({ account: 'sam' })?.problems[0]?.message).toBe('"sam" matches 2 accounts (X, Bluesky). Write it as platform:handle, e.g. x:@sam, or use the account id.');
    expect(columns({ account: '  ' })).toEqual(['account']);
    const none = validateRows([{ row: 1, values: good }], { ...context, accounts: [] }).rows[0];
    expect(none?.problems[0]?.message).toMatch(/has no accounts yet; connect one first/);
  });
});

describe('validateRows: every problem of a row, by column', () => {
  it('empty or too long text', () => {
    expect(check({ text: ' \n ' })?.problems).toEqual([{ column: 'text', message: 'The text is empty.' }]);
    expect(check({ text: 'a'.repeat(301) })?.problems).toEqual([{ column: 'text', message: 'Too long for Bluesky: 301 of 300 graphemes.' }]);
    expect(check({ account: '@alice', text: 'a'.repeat(281) })?.problems[0]?.message).toBe('Too long for X: 281 of 280 weighted characters.');
    expect(validateRows([{ row: 1, values: { ...good, account: '@alice@mastodon.social', text: 'a'.repeat(600) } }], { ...context, accounts: [{ ...accounts[1]!, limits: { text: { max: 1000 } } }] }).rows[0]?.problems).toEqual([]);
    expect(check({ first_comment: 'b'.repeat(400) })?.problems).toEqual([{ column: 'first_comment', message: 'Too long for Bluesky: 400 of 300 graphemes.' }]);
  });

  it('missing media, relative to the CSV folder', () => {
    expect(check({ media: 'img/a.jpg|img/missing.jpg' })?.problems).toEqual([
      { column: 'media', message: `No file at img/missing.jpg (looked for ${path.join(BASE, 'img', 'missing.jpg')}).` },
    ]);
    const absolute = path.resolve('/nowhere/x.jpg');
    expect(check({ media: absolute })?.problems).toEqual([{ column: 'media', message: `No file at ${absolute}.` }]);
  });

  it('bad dates and times', () => {
    for (const time of ['', '01/06/2030 09:30', '2030-02-30 09:00', '2030-06-01 24:00', 'next monday']) {
      expect(columns({ time })).toEqual(['time']);
    }
    expect(check({ time: '01/06/2030 09:30' })?.problems[0]?.message).toBe('"01/06/2030 09:30" is not a date and time. Write it as YYYY-MM-DD HH:mm (24-hour), e.g. 2025-06-01 09:30.');
  });

  it('times in the past', () => {
    expect(check({ time: '2029-12-31 23:00', timezone: 'UTC' })?.problems).toEqual([{ column: 'time', message: '2029-12-31 23:00 (UTC) is in the past.' }]);
    // 00:30 in Berlin is 23:30 UTC the day before: in the past too
    expect(columns({ time: '2030-01-01 00:30', timezone: 'Europe/Berlin' })).toEqual(['time']);
    expect(columns({ time: '2030-01-01 00:30', timezone: 'America/New_York' })).toEqual([]);
    expect(columns({ time: '2029-12-31T23:59:59Z' })).toEqual(['time']);
  });

  it('bad zones', () => {
    expect(check({ timezone: 'CEST' })?.problems).toEqual([{ column: 'timezone', message: '"CEST" is not a time zone. Use an IANA name such as Europe/Berlin or America/New_York.' }]);
    expect(columns({ timezone: '+02:00' })).toEqual(['timezone']);
    expect(columns({ timezone: '' })).toEqual(['timezone']);
  });

  it('reports all problems at once, after the parse problems', () => {
    const row = check({ account: 'ghost', text: '', media: 'gone.jpg', time: 'soon', timezone: 'Mars/Base' }, { problems: [{ column: null, message: 'Line 2 has 7 fields; the header has 6.' }] });
    expect(row?.problems.map((p) => p.column)).toEqual([null, 'account', 'text', 'media', 'timezone', 'time']);
    expect(row?.parsed).toBeUndefined();
  });
});

describe('validateRows: a whole file', () => {
  it('malformed rows, unknown accounts, bad dates and zones, missing media: each reported by row, line and column', () => {
    const text = [
      'Account,Text,Media,Time,Timezone,First_Comment',
      '@alice,Good one,img/a.jpg,2030-06-01 09:00,Europe/Berlin,',
      '@mallory,Unknown account,,2030-06-01 09:00,Europe/Berlin,',
      '@alice,"Broken quote,,2030-06-01 09:00,Europe/Berlin,',
      '@alice,Bad date,,2030-13-01 09:00,Europe/Berlin,',
      '@alice,Bad zone,,2030-06-01 09:00,Europe/Munich,',
      '@alice,Missing media,nope.jpg,2030-06-01 09:00,Europe/Berlin,',
      '@alice,"Multi',
      'line, fine",b.png,2030-06-01 09:00,UTC,"Thanks, all"',
    ].join('\r\n');
    const parsed = parseCsv(text);
    const report = validateRows(parsed.records, context);
    expect(report.summary).toEqual({ total: 7, valid: 2, invalid: 5 });
    expect(report.rows.map((r) => [r.row, r.line, r.problems.map((p) => p.column)])).toEqual([
      [1, 2, []],
      [2, 3, ['account']],
      // the unclosed quote swallowed the rest of the line: only that is reported, not "time is empty"
      [3, 4, ['text']],
      [4, 5, ['time']],
      [5, 6, ['timezone']],
      [6, 7, ['media']],
      [7, 8, []],
    ]);
    expect(report.rows[6]?.parsed).toMatchObject({ text: 'Multi\nline, fine', firstComment: 'Thanks, all', timeZone: 'UTC' });
  });

  it('a generated 5 MB file parses and validates', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'promogpt-csv-big-'));
    try {
      writeFileSync(path.join(dir, 'pic.jpg'), 'x');
      const lines = ['account,text,media,time,timezone,first_comment'];
      const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Tokyo'];
      let size = lines[0]!.length + 1;
      let i = 0;
      while (size < 5 * 1024 * 1024) {
        const day = String(1 + (i % 28)).padStart(2, '0');
        const account = i % 1000 === 999 ? '@stranger' : ['@alice', 'alice.bsky.social', '@alice@mastodon.social'][i % 3];
        const line = `${account},"Post number ${i}, with a comma and ""quotes"" ${'lorem ipsum '.repeat(4)}",${i % 2 ? 'pic.jpg' : ''},2031-${String(1 + (i % 12)).padStart(2, '0')}-${day} ${String(i % 24).padStart(2, '0')}:15,${zones[i % 4]},Comment ${i}`;
        lines.push(line);
        size += Buffer.byteLength(line) + 1;
        i += 1;
      }
      const file = path.join(dir, 'big.csv');
      writeFileSync(file, lines.join('\n') + '\n');
      const csv = await loadCsvFile(file);
      expect(csv.ok).toBe(true);
      expect(csv.records).toHaveLength(i);
      const report = validateRows(csv.records, { accounts, fileExists: existsSync, baseDir: dir, now: NOW });
      const strangers = Math.floor(i / 1000);
      expect(report.summary).toEqual({ total: i, valid: i - strangers, invalid: strangers });
      expect(report.rows[1]?.parsed?.mediaPaths).toEqual([path.join(dir, 'pic.jpg')]);
      expect(report.rows[999]?.problems.map((p) => p.column)).toEqual(['account']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
