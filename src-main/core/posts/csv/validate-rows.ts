// Bulk import, step 2 (the dry run): check every parsed row against the workspace's accounts, the
// files on disk and the clock, and say what is wrong by row and column. No database here: the
// caller gives the accounts and a file check, shows the report, and commits only confirmed rows,
// all or nothing.

import path from 'node:path';
import { type Platform, PLATFORMS, PLATFORM_NAMES } from '../../../../src-shared/platforms/platform';
import { type LimitOverrides, textCounter } from '../../../../src-shared/platforms/rules';
import { normalizeTimeZone, parseLocalDateTime, resolveZoned, toEpochMs, utcToZoned } from '../../../../src-shared/schedule/zoned-time';
import { type CsvColumn, type CsvProblem } from './parse-csv';

export interface CsvAccount {
  id: string;
  /** As stored: "@alice@mastodon.social", "@alice" (X), "alice.bsky.social". */
  handle: string;
  platform: Platform;
  /** The account's limits where they differ from the defaults (a Mastodon instance's). */
  limits?: LimitOverrides;
}

export interface ValidateContext {
  accounts: readonly CsvAccount[];
  /** Whether a file exists at an absolute path. */
  fileExists(absolutePath: string): boolean;
  /** The CSV file's folder: relative media paths are read from there. */
  baseDir: string;
  now: string | Date;
}

/** A row as parseCsv gives it; `line` and `problems` may be left out. */
export interface CsvRowInput {
  row: number;
  line?: number;
  values: Partial<Record<CsvColumn, string>>;
  problems?: readonly CsvProblem[];
}

/** A row ready to become a post. */
export interface CsvPostDraft {
  accountId: string;
  text: string;
  /** Absolute paths, in the order given. */
  mediaPaths: string[];
  /** UTC instant. */
  scheduledAt: string;
  /** The IANA zone the time was written in. */
  timeZone: string;
  firstComment: string | null;
}

export interface ValidatedCsvRow {
  row: number;
  line: number | null;
  values: Partial<Record<CsvColumn, string>>;
  /** Anything here keeps the row out of the import. */
  problems: CsvProblem[];
  /** Worth showing, but the row can be imported (a time moved past a DST gap, say). */
  warnings: CsvProblem[];
  /** Present exactly when there are no problems. */
  parsed?: CsvPostDraft;
}

export interface CsvValidation {
  rows: ValidatedCsvRow[];
  summary: { total: number; valid: number; invalid: number };
}

const EXAMPLE_TIME = '2025-06-01 09:30';

/** Checks every row and reports every problem of each (never only the first). */
export function validateRows(rows: readonly CsvRowInput[], context: ValidateContext): CsvValidation {
  const nowMs = toEpochMs(context.now);
  const findAccount = accountFinder(context.accounts);
  const validated = rows.map((input) => validateRow(input, context, nowMs, findAccount));
  const valid = validated.filter((r) => r.parsed !== undefined).length;
  return { rows: validated, summary: { total: validated.length, valid, invalid: validated.length - valid } };
}

function validateRow(input: CsvRowInput, context: ValidateContext, nowMs: number, findAccount: AccountFinder): ValidatedCsvRow {
  const problems: CsvProblem[] = [...(input.problems ?? [])];
  const warnings: CsvProblem[] = [];
  const v = input.values;
  // A field a malformed row never reached (an unclosed quote, too few fields) is already explained
  // by the row's parse problem: do not also call it empty.
  const unreached = (column: CsvColumn) => v[column] === undefined && problems.length > 0;
  const problem = (column: CsvColumn | null, message: string) => {
    if (column === null || !unreached(column)) problems.push({ column, message });
  };

  // account
  const accountText = (v.account ?? '').trim();
  let account: CsvAccount | null = null;
  if (accountText === '') {
    problem('account', 'The account is empty. Give its handle (e.g. @alice@mastodon.social) or its id.');
  } else {
    const found = findAccount(accountText);
    if (typeof found === 'string') problem('account', found);
    else account = found;
  }

  // text
  const text = (v.text ?? '').replace(/\r\n?/g, '\n').trim();
  if (text === '') problem('text', 'The text is empty.');
  else if (account) {
    const over = overLimit(account, text);
    if (over) problem('text', over);
  }

  // media
  const mediaPaths: string[] = [];
  for (const written of (v.media ?? '').split('|').map((p) => p.trim()).filter((p) => p !== '')) {
    const absolute = path.isAbsolute(written) ? path.normalize(written) : path.resolve(context.baseDir, written);
    if (!context.fileExists(absolute)) {
      problem('media', absolute === written ? `No file at ${written}.` : `No file at ${written} (looked for ${absolute}).`);
    }
    mediaPaths.push(absolute);
  }

  // timezone
  const zoneText = (v.timezone ?? '').trim();
  let timeZone: string | null = null;
  if (zoneText === '') {
    problem('timezone', 'The time zone is empty. Give an IANA name such as Europe/Berlin or America/New_York.');
  } else {
    timeZone = normalizeTimeZone(zoneText);
    if (timeZone === null) problem('timezone', `"${zoneText}" is not a time zone. Use an IANA name such as Europe/Berlin or America/New_York.`);
  }

  // time
  const timeText = (v.time ?? '').trim();
  let scheduledAt: string | null = null;
  if (timeText === '') {
    problem('time', `The time is empty. Write it as YYYY-MM-DD HH:mm, e.g. ${EXAMPLE_TIME}.`);
  } else {
    const parsed = parseLocalDateTime(timeText);
    if (parsed === null) {
      problem('time', `"${timeText}" is not a date and time. Write it as YYYY-MM-DD HH:mm (24-hour), e.g. ${EXAMPLE_TIME}.`);
    } else if (parsed.kind === 'instant') {
      scheduledAt = parsed.instant;
    } else if (timeZone !== null) {
      const resolved = resolveZoned({ ...parsed, zone: timeZone });
      scheduledAt = resolved.iso;
      if (resolved.resolution === 'gap') {
        warnings.push({ column: 'time', message: `${parsed.time} does not exist on ${parsed.date} in ${timeZone} (the clocks go forward); it is posted at ${utcToZoned(resolved.iso, timeZone).time} instead.` });
      } else if (resolved.resolution === 'ambiguous') {
        warnings.push({ column: 'time', message: `${parsed.time} happens twice on ${parsed.date} in ${timeZone} (the clocks go back); it is posted the first time (UTC offset ${offsetText(utcToZoned(resolved.iso, timeZone).offsetMinutes)}).` });
      }
    }
    if (scheduledAt !== null && Date.parse(scheduledAt) <= nowMs) {
      problem('time', `${timeText}${parsed?.kind === 'local' && timeZone ? ` (${timeZone})` : ''} is in the past.`);
    }
  }

  // first_comment
  const firstComment = (v.first_comment ?? '').replace(/\r\n?/g, '\n').trim() || null;
  if (firstComment !== null && account) {
    const over = overLimit(account, firstComment);
    if (over) problem('first_comment', over);
  }

  const row: ValidatedCsvRow = { row: input.row, line: input.line ?? null, values: input.values, problems, warnings };
  if (problems.length === 0 && account && scheduledAt !== null && timeZone !== null) {
    row.parsed = { accountId: account.id, text, mediaPaths, scheduledAt, timeZone, firstComment };
  }
  return row;
}

function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function overLimit(account: CsvAccount, text: string): string | null {
  const counter = textCounter(account.platform, text, account.limits);
  if (!counter.over) return null;
  const name = PLATFORM_NAMES[account.platform];
  if (counter.used > counter.limit) return `Too long for ${name}: ${counter.used} of ${counter.limit} ${counter.unit}.`;
  return `Too long for ${name}: ${counter.bytes?.used ?? 0} of ${counter.bytes?.limit ?? 0} bytes.`;
}

/** Finds an account by id, or by handle with or without "@", optionally as "platform:handle"; else says why not. */
type AccountFinder = (written: string) => CsvAccount | string;

function accountFinder(accounts: readonly CsvAccount[]): AccountFinder {
  const bare = (handle: string) => handle.trim().replace(/^@/, '').toLowerCase();
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const byHandle = new Map<string, CsvAccount[]>();
  for (const account of accounts) {
    const key = bare(account.handle);
    byHandle.set(key, [...(byHandle.get(key) ?? []), account]);
  }
  const platformPrefix = new RegExp(`^(${PLATFORMS.join('|')}):`, 'i');

  return (written) => {
    const exact = byId.get(written);
    if (exact) return exact;
    const prefix = platformPrefix.exec(written);
    const platform = prefix ? (prefix[1]?.toLowerCase() as Platform) : null;
    const handle = bare(prefix ? written.slice(prefix[0].length) : written);
    const matches = (byHandle.get(handle) ?? []).filter((a) => platform === null || a.platform === platform);
    const [first, second] = matches;
    if (first && !second) return first;
    if (first && second) {
      const platforms = matches.map((a) => PLATFORM_NAMES[a.platform]).join(', ');
      return `"${written}" matches ${matches.length} accounts (${platforms}). Write it as platform:handle, e.g. ${first.platform}:${first.handle}, or use the account id.`;
    }
    const known = accounts.slice(0, 5).map((a) => a.handle);
    const hint = known.length === 0 ? 'This workspace has no accounts yet; connect one first.' : `Connect it first, or use one of: ${known.join(', ')}${accounts.length > 5 ? ', …' : ''}.`;
    return `No account "${written}" in this workspace. ${hint}`;
  };
}
