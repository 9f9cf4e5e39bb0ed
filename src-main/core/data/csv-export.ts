import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { AppError } from '../../../src-shared/errors';
import type { CsvExportResult } from '../../../src-shared/your-data';
import { WorkspaceSnapshot } from './snapshot';

/** Tables that make sense in a spreadsheet: posts and their outcomes, and analytics when present. */
const CSV_TABLES = /^(posts|post_targets|media_items|.*(metric|analytic|stat|comment).*)$/;

export function csvTables(snapshot: WorkspaceSnapshot): string[] {
  return snapshot.tables().filter((t) => CSV_TABLES.test(t));
}

/** One cell, quoted per RFC 4180; text that a spreadsheet would run as a formula is prefixed with '. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Buffer.isBuffer(value)) return value.toString('base64');
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function exportCsv(dbFile: string, table: string, out: string, nativeBinding?: string): Promise<CsvExportResult> {
  if (fs.existsSync(out)) throw new AppError('Conflict', `${JSON.stringify(out)} already exists. Choose another file name or move that file away.`);
  if (!fs.existsSync(path.dirname(path.resolve(out)))) throw new AppError('NotFound', `The folder of ${JSON.stringify(out)} does not exist.`);
  const snapshot = new WorkspaceSnapshot(dbFile, nativeBinding);
  const partial = `${out}.partial`;
  try {
    const tables = csvTables(snapshot);
    if (!tables.includes(table)) {
      throw new AppError('ValidationError', `"${table}" cannot be saved as CSV. Choose one of: ${tables.join(', ')}.`, { field: 'table' });
    }
    const file = fs.createWriteStream(partial, { mode: 0o600 });
    let rows = 0;
    const header = snapshot.columns(table);
    file.write(`${header.map(cell).join(',')}\r\n`);
    for (const row of snapshot.rows(table)) {
      const line = `${header.map((k) => cell(typeof row[k] === 'bigint' ? Number(row[k]) : row[k])).join(',')}\r\n`;
      if (!file.write(line)) await once(file, 'drain');
      rows++;
    }
    file.end();
    await once(file, 'finish');
    fs.renameSync(partial, out);
    return { file: path.resolve(out), table, rows };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    snapshot.close();
  }
}
