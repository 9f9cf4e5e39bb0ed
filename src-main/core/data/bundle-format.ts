import { z } from 'zod';
import { AppError } from '../../../src-shared/errors';

/** What an export file holds: see docs/export-format.md. */
export const FORMAT_NAME = 'promogpt-export';
export const FORMAT_VERSION = 1;
export const MANIFEST = 'manifest.json';

/** Secrets never travel: a sign-in's keychain reference is dropped and the account must be reconnected. */
export const RECONNECT_REASON = 'Imported from an export file: sign in again to reconnect this account.';

/** Columns changed as rows go into the file. Only references to keychain entries are changed; the keychain is never asked. */
export function replacedColumns(table: string): Record<string, string | null> {
  if (table === 'accounts') return { status: 'needs_reconnect', status_reason: RECONNECT_REASON, secret_ref: null, token_expires_at: null };
  if (table === 'app_credentials') return { secret_ref: null };
  return {};
}

/** Bounds for what an import reads, so a hostile file cannot fill the disk or memory. */
export const LIMITS = {
  entries: 2_000_000,
  nameLength: 512,
  manifestBytes: 256 * 1024 * 1024,
  /** A deflated entry may expand at most this much (real data: 2–30×; a zip bomb: ~1000×). */
  ratio: 250,
  /** Entries smaller than this are not held to the ratio (tiny files compress oddly). */
  ratioFloor: 1024 * 1024,
  totalBytes: 2 * 1024 ** 4,
};

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const migration = z.strictObject({ idx: z.number().int().nonnegative(), tag: z.string().max(200), hash: sha256 });

export const workspaceEntry = z.strictObject({
  dir: z.string().regex(/^workspaces\/[0-9]{1,6}$/),
  id: z.string().max(100),
  name: z.string().min(1).max(200),
  createdAt: z.string().max(40),
  updatedAt: z.string().max(40),
  /** Rows per table of the workspace database. */
  counts: z.record(z.string().max(200), z.number().int().nonnegative()),
  securityEvents: z.number().int().nonnegative(),
  mediaFiles: z.number().int().nonnegative(),
});

export const manifestSchema = z.strictObject({
  format: z.literal(FORMAT_NAME),
  formatVersion: z.number().int().positive(),
  appVersion: z.string().max(50),
  createdAt: z.string().max(40),
  scope: z.enum(['workspace', 'app']),
  /** The workspace schema as the list of migrations applied to its database. */
  schema: z.strictObject({ workspace: z.array(migration).max(10_000) }),
  workspaces: z.array(workspaceEntry).min(1).max(10_000),
  entries: z.record(z.string(), z.strictObject({ size: z.number().int().nonnegative(), sha256 })),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestWorkspace = z.infer<typeof workspaceEntry>;

export const TABLE_NAME = /^[a-z_][a-z0-9_]{0,99}$/;

/** The kinds of entry a workspace folder in the file may have. */
export type EntryKind =
  | { kind: 'workspace-info'; dir: string }
  | { kind: 'table'; dir: string; table: string }
  | { kind: 'security-events'; dir: string }
  | { kind: 'media'; dir: string; rel: string };

export function refuseFile(problem: string): AppError {
  return new AppError('ValidationError', `This export file cannot be imported: ${problem}. Nothing was imported.`);
}

/**
 * Checks an entry name the way an unpacker must: relative, forward slashes, no `..`, no
 * empty or dot segments, no control characters, a bounded length. Throws naming the entry.
 */
export function checkEntryName(name: string): void {
  const shown = JSON.stringify(name.slice(0, 120));
  if (name.length === 0 || name.length > LIMITS.nameLength) throw refuseFile(`an entry has a name of ${name.length} characters`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) throw refuseFile(`the entry ${shown} has control characters in its name`);
  if (name.includes('\\')) throw refuseFile(`the entry ${shown} has a backslash in its name (an unsafe path)`);
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) throw refuseFile(`the entry ${shown} has an absolute path`);
  for (const segment of name.split('/')) {
    if (segment === '..') throw refuseFile(`the entry ${shown} points outside the import folder (..)`);
    if (segment === '' || segment === '.') throw refuseFile(`the entry ${shown} has an empty or "." part in its path`);
  }
}

/** What an entry is, from its name; unknown names are refused. */
export function classifyEntry(name: string): EntryKind {
  const m = /^(workspaces\/[0-9]{1,6})\/(.+)$/.exec(name);
  if (m) {
    const dir = m[1]!;
    const rest = m[2]!;
    if (rest === 'workspace.json') return { kind: 'workspace-info', dir };
    if (rest === 'security-events.ndjson') return { kind: 'security-events', dir };
    const table = /^tables\/([^/]+)\.ndjson$/.exec(rest);
    if (table && TABLE_NAME.test(table[1]!)) return { kind: 'table', dir, table: table[1]! };
    if (rest.startsWith('media/') && rest.length > 'media/'.length) return { kind: 'media', dir, rel: rest };
  }
  throw refuseFile(`it holds an entry this version does not know: ${JSON.stringify(name.slice(0, 120))}`);
}

/** A value of a row as it is written to NDJSON: blobs and huge integers are tagged objects. */
export function encodeValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : { $int: value.toString() };
  if (Buffer.isBuffer(value)) return { $blob: value.toString('base64') };
  return value;
}

export function decodeValue(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (typeof o.$blob === 'string' && Object.keys(o).length === 1) return Buffer.from(o.$blob, 'base64');
    if (typeof o.$int === 'string' && /^-?[0-9]{1,20}$/.test(o.$int) && Object.keys(o).length === 1) return BigInt(o.$int);
  }
  throw refuseFile('a table row holds a value that is not text, a number, null or a tagged blob');
}
