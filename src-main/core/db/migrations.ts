import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export interface BundledMigration {
  idx: number;
  tag: string;
  hash: string;
  statements: string[];
}

export interface AppliedMigration {
  idx: number;
  tag: string;
  hash: string;
}

const journalSchema = z.object({
  entries: z.array(z.object({ idx: z.number().int().nonnegative(), tag: z.string().regex(/^[0-9]{4}_[a-z0-9_]+$/) })),
});

/** Reads the SQL that drizzle-kit generated, in journal order. */
export function loadBundledMigrations(dir: string): BundledMigration[] {
  const journal = journalSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')));
  return journal.entries.map((entry, i) => {
    if (entry.idx !== i) throw new Error(`Migration journal in ${dir} is out of order at ${entry.tag}`);
    const sql = fs.readFileSync(path.join(dir, `${entry.tag}.sql`), 'utf8');
    return {
      idx: entry.idx,
      tag: entry.tag,
      hash: createHash('sha256').update(sql).digest('hex'),
      statements: sql
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter(Boolean),
    };
  });
}

export type MigrationVerdict =
  | { kind: 'ok'; pending: BundledMigration[] }
  | { kind: 'newer'; applied: number; known: number }
  | { kind: 'diverged'; idx: number; appliedTag: string; bundledTag: string };

/** A database may only be opened when its applied migrations are a prefix of the bundled list. */
export function compareMigrations(applied: AppliedMigration[], bundled: BundledMigration[]): MigrationVerdict {
  if (applied.length > bundled.length) return { kind: 'newer', applied: applied.length, known: bundled.length };
  for (const [i, a] of applied.entries()) {
    const b = bundled[i];
    if (!b || a.idx !== i || a.tag !== b.tag || a.hash !== b.hash) {
      return { kind: 'diverged', idx: i, appliedTag: a.tag, bundledTag: b?.tag ?? '(none)' };
    }
  }
  return { kind: 'ok', pending: bundled.slice(applied.length) };
}
