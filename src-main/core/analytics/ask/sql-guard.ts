import Database from 'better-sqlite3';

// The LLM's SQL is untrusted. What it may be is decided by SQLite itself, not by pattern
// matching: it is prepared on a "shadow" in-memory database that holds ONLY empty tables named
// like the four analytics views, so SQLite's own parser rejects any other table ("no such table:
// posts"); EXPLAIN then shows every table the program opens, which catches what the shadow also
// has (sqlite_master, pragma_* and other table-valued functions). Only then does the query go to
// the real database, on a separate read-only connection (run-readonly.ts).

export const ANALYTICS_VIEWS = ['analytics_posts', 'analytics_post_metrics', 'analytics_account_metrics', 'analytics_comments'] as const;

export class Refusal extends Error {}

const WHAT_TO_DO = `Ask for one SELECT (or WITH … SELECT) over ${ANALYTICS_VIEWS.join(', ')}.`;

/** The first keyword after whitespace and comments, upper-cased. */
export function firstKeyword(sql: string): string {
  let s = sql;
  for (;;) {
    const t = s.trimStart();
    if (t.startsWith('--')) {
      const nl = t.indexOf('\n');
      s = nl < 0 ? '' : t.slice(nl + 1);
    } else if (t.startsWith('/*')) {
      const end = t.indexOf('*/', 2);
      s = end < 0 ? '' : t.slice(end + 2);
    } else {
      s = t;
      break;
    }
  }
  return (/^[A-Za-z_]+/.exec(s)?.[0] ?? '').toUpperCase();
}

export interface ViewColumns {
  view: string;
  columns: { name: string; type: string }[];
}

/** The views' columns, read from the real database (PRAGMA table_info), to build the shadow from. */
export function readViewColumns(db: Database.Database): ViewColumns[] {
  return ANALYTICS_VIEWS.map((view) => ({
    view,
    columns: (db.prepare(`PRAGMA table_info(${view})`).all() as { name: string; type: string }[]).map((c) => ({ name: c.name, type: c.type })),
  }));
}

/** An in-memory database with only empty look-alikes of the views; its root pages are what a query may read. */
export class ShadowSchema {
  private readonly db: Database.Database;
  private readonly rootPages: Set<number>;

  constructor(views: ViewColumns[], nativeBinding?: string) {
    this.db = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
    for (const v of views) {
      if (v.columns.length === 0) throw new Error(`the view ${v.view} is missing from the workspace database`);
      this.db.exec(`CREATE TABLE "${v.view}" (${v.columns.map((c) => `"${c.name.replace(/"/g, '""')}" ${c.type}`).join(', ')})`);
    }
    this.rootPages = new Set((this.db.prepare("SELECT rootpage FROM sqlite_schema WHERE type = 'table'").all() as { rootpage: number }[]).map((r) => r.rootpage));
    this.db.pragma('query_only = 1');
  }

  /** Throws a Refusal saying what is wrong and what to do; returns the SQL trimmed of a trailing semicolon's whitespace. */
  check(sql: string): void {
    const keyword = firstKeyword(sql);
    if (keyword === '') throw new Refusal(`The query is empty. ${WHAT_TO_DO}`);
    if (keyword !== 'SELECT' && keyword !== 'WITH') throw new Refusal(`Only a SELECT query can run here, not ${keyword}: nothing was changed. ${WHAT_TO_DO}`);
    let stmt: Database.Statement;
    try {
      stmt = this.db.prepare(sql); // better-sqlite3 throws on more than one statement
    } catch (error) {
      const message = (error as Error).message;
      if (/more than one statement/i.test(message)) throw new Refusal(`The SQL holds more than one statement; only one query runs at a time. ${WHAT_TO_DO}`);
      const table = /no such table: (\S+)/.exec(message)?.[1];
      if (table) throw new Refusal(`The query reads "${table}", which is not one of the analytics views. ${WHAT_TO_DO}`);
      throw new Refusal(`SQLite could not read the query: ${message}. Fix the SQL and run it again.`);
    }
    if (!stmt.reader || !stmt.readonly) throw new Refusal(`The query would change data; only reading is allowed: nothing was changed. ${WHAT_TO_DO}`);
    const program = this.db.prepare(`EXPLAIN ${sql}`).all() as { opcode: string; p2: number; p3: number }[];
    for (const op of program) {
      if (op.opcode === 'VOpen') throw new Refusal(`The query uses a table-valued function (such as pragma_table_info or json_each); only the analytics views can be read. ${WHAT_TO_DO}`);
      if (op.opcode === 'OpenWrite') throw new Refusal(`The query would write; only reading is allowed: nothing was changed. ${WHAT_TO_DO}`);
      if (op.opcode === 'OpenRead' && (op.p3 !== 0 || !this.rootPages.has(op.p2))) {
        throw new Refusal(`The query reads SQLite's own tables (sqlite_master and the like); only the analytics views can be read. ${WHAT_TO_DO}`);
      }
    }
  }

  close(): void {
    this.db.close();
  }
}
