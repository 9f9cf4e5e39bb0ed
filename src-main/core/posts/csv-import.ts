import fs from 'node:fs';
import path from 'node:path';
import type { CsvImportReport } from '../../../src-shared/domain';
import { findDuplicates, type ScheduledText } from '../../../src-shared/schedule';
import { AppError } from '../../../src-shared/errors';
import type { Accounts } from '../accounts/accounts';
import type { Clock } from '../platform/clock';
import { loadCsvFile } from './csv/parse-csv';
import { validateRows } from './csv/validate-rows';
import type { Posts } from './posts';
import { apartText } from './duplicate-guard';
import type { PublishingSettings } from './publishing-settings';

type CheckedRow = ReturnType<typeof validateRows>['rows'][number];

/**
 * The duplicate guard, as warnings on the dry run: a row whose text already goes to the same
 * account close in time, in the workspace or earlier in the file. The user decides by committing.
 */
function warnDuplicates(deps: { posts: Posts; settings: PublishingSettings }, workspaceId: string, rows: CheckedRow[]): void {
  const windowHours = deps.settings.get(workspaceId).duplicateWindowHours;
  if (windowHours <= 0) return;
  const earlier: ScheduledText[] = [];
  for (const r of rows) {
    if (!r.parsed) continue;
    const { accountId, text, scheduledAt: at } = r.parsed;
    for (const w of deps.posts.checkDuplicates({ workspaceId, accountIds: [accountId], text, variants: {}, at })) {
      r.warnings.push({ column: 'text', message: `The same text is already scheduled for ${w.handle} ${apartText(w.minutesApart)} from this time (post ${w.postId}).` });
    }
    const clash = findDuplicates({ text, accountId, at, windowHours, existing: earlier })[0];
    if (clash) r.warnings.push({ column: 'text', message: `${clash.postId} has the same text for this account ${apartText(clash.minutesApart)} from this time.` });
    earlier.push({ postId: `Row ${r.row}`, accountId, text, at });
  }
}

/**
 * Bulk import from a CSV (account, text, media, time, timezone, first_comment). The dry run
 * reports every problem by row and column; commit imports the valid rows in one transaction,
 * so an error halfway leaves nothing behind.
 */
export async function importCsv(
  deps: { posts: Posts; accounts: Accounts; clock: Clock; settings: PublishingSettings },
  input: { workspaceId: string; path: string; commit: boolean },
): Promise<CsvImportReport> {
  const file = path.resolve(input.path);
  const parsed = await loadCsvFile(file);
  const report: CsvImportReport = { headerProblems: parsed.headerProblems, rows: [], summary: { total: parsed.records.length, valid: 0, invalid: 0 }, committed: false, importedPostIds: [] };
  if (!parsed.ok) {
    if (input.commit) throw new AppError('ValidationError', `The CSV's header cannot be used: ${parsed.headerProblems.filter((p) => p.fatal).map((p) => p.message).join(' ')}`);
    return report;
  }
  const accounts = deps.accounts.list(input.workspaceId).filter((a) => a.status === 'connected');
  const checked = validateRows(parsed.records, {
    accounts: accounts.map((a) => ({ id: a.id, handle: a.handle, platform: a.platform })),
    fileExists: (p) => fs.existsSync(p) && fs.statSync(p).isFile(),
    baseDir: path.dirname(file),
    now: deps.clock.now(),
  });
  report.summary = checked.summary;
  warnDuplicates(deps, input.workspaceId, checked.rows);
  report.rows = checked.rows.map((r) => ({ row: r.row, line: r.line, problems: r.problems, warnings: r.warnings }));
  if (!input.commit) return report;
  const drafts = checked.rows.flatMap((r) => (r.parsed ? [r.parsed] : []));
  if (drafts.length === 0) throw new AppError('ValidationError', 'Nothing to import: every row has a problem. Fix them and run the dry run again.');
  report.importedPostIds = deps.posts.allOrNothing(input.workspaceId, () =>
    drafts.map(
      (d) =>
        deps.posts.create(
          {
            workspaceId: input.workspaceId,
            accountIds: [d.accountId],
            text: d.text,
            media: d.mediaPaths.map((p) => ({ path: p })),
            thread: [],
            ...(d.firstComment ? { firstComment: d.firstComment } : {}),
            when: { kind: 'at', at: d.scheduledAt, timeZone: d.timeZone },
            // The user confirmed this file after its dry run; a repeat within it is theirs to make.
            allowDuplicate: true,
          },
          'csv',
        ).id,
    ),
  );
  report.committed = true;
  return report;
}
