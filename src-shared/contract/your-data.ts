import { z } from 'zod';
import type { CsvExportResult, DataJob } from '../your-data';
import { entityId, method } from './define';

const filePath = z
  .string()
  .trim()
  .min(1, 'give a file path')
  .max(4096)
  .refine((s) => !s.includes('\0'), 'a path cannot contain NUL characters');
/** Never logged, never stored: used for the key and dropped. */
const passphrase = z.string().max(1024).optional();

export const yourDataContract = {
  /** Starts an export of one workspace (or every workspace with `all`) into a new .promogpt file. */
  'data.export': method(
    z
      .strictObject({ workspaceId: entityId.optional(), all: z.boolean().optional(), out: filePath, passphrase })
      .refine((v) => Boolean(v.workspaceId) !== Boolean(v.all), 'name one workspace, or ask for all of them'),
  ).returns<DataJob>(),
  /** Starts an import of a .promogpt file as new workspaces. */
  'data.import': method(z.strictObject({ file: filePath, passphrase })).returns<DataJob>(),
  'data.job': method(z.strictObject({ jobId: entityId })).returns<DataJob>(),
  'data.cancel': method(z.strictObject({ jobId: entityId })).returns<DataJob>(),
  /** The tables of a workspace that can be saved as CSV. */
  'data.csvTables': method(z.strictObject({ workspaceId: entityId })).returns<string[]>(),
  'data.exportCsv': method(z.strictObject({ workspaceId: entityId, table: z.string().regex(/^[a-z_][a-z0-9_]{0,99}$/), out: filePath })).returns<CsvExportResult>(),
};
