import fs from 'node:fs';
import path from 'node:path';
import type { CsvImportReport } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { Accounts } from '../accounts/accounts';
import type { Clock } from '../platform/clock';
import { loadCsvFile } from './csv/parse-csv';
import { validateRows } from './csv/validate-rows';
import type { Posts } from './posts';

/**
 * Bulk import from a CSV (account, text, media, time, timezone, first_comment). The dry run
 * reports every problem by row and column; commit imports the valid rows in one transaction,
 * so an error halfway leaves nothing behind.
 */
export async function importCsv(
  deps: { posts: Posts; accounts: Accounts; clock: Clock },
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
