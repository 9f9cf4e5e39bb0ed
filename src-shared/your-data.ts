/** Types of "Your data": exports and imports of workspaces. */

export type DataJobState = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** An export or import running in the core, with its progress in bytes. */
export interface DataJob {
  id: string;
  kind: 'export' | 'import';
  state: DataJobState;
  doneBytes: number;
  totalBytes: number;
  /** The export file written, or the file being imported. */
  file: string;
  /** The export file's size once it is written (doneBytes counts the data read into it). */
  fileBytes: number | null;
  encrypted: boolean;
  startedAt: string;
  finishedAt: string | null;
  error: { name: string; message: string } | null;
  /** Filled when an import succeeded: the new workspaces. */
  /** heldPosts: scheduled posts held in the copy because its original is on this computer too (press Retry on each to resume). */
  imported: { id: string; name: string; accountsToReconnect: number; heldPosts: number }[] | null;
}

export interface CsvExportResult {
  file: string;
  table: string;
  rows: number;
}
