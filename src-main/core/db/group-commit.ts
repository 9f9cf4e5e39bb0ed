import type Database from 'better-sqlite3';

/**
 * The end of this turn of the event loop. Taken when this module loads, so a test that fakes
 * timers (vi.useFakeTimers) does not hold commits back: a commit is not a timer.
 */
const endOfTurn = setImmediate;

interface Pending {
  fn: () => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit: writes asked for during one turn of the event loop are committed together, in
 * one transaction at the end of that turn (setImmediate). Many jobs finishing their network
 * calls at once then cost one BEGIN IMMEDIATE … COMMIT, and the pages they share (an index,
 * the tail of a table) go to the WAL once instead of once per job.
 *
 * The caller awaits its write, so it is on disk (as far as a commit is; WAL, synchronous =
 * NORMAL) before its next step, exactly as with a synchronous write: a batch only changes when
 * the commit happens, never the order of one caller's steps. Each write runs in its own
 * savepoint: one that throws is rolled back alone and rejects alone; the others still commit.
 * If the commit itself fails, every write of the batch rejects.
 */
export class GroupCommit {
  private pending: Pending[] = [];
  private scheduled = false;
  /** Runs one write in a savepoint (better-sqlite3 nests a transaction as SAVEPOINT … RELEASE). */
  private readonly savepoint: (fn: () => unknown) => unknown;
  private readonly batch: Database.Transaction<(items: Pending[]) => { ok: boolean; value: unknown }[]>;

  constructor(private readonly sqlite: Database.Database) {
    this.savepoint = sqlite.transaction((fn: () => unknown) => fn());
    this.batch = sqlite.transaction((items: Pending[]) =>
      items.map((item) => {
        try {
          return { ok: true, value: this.savepoint(item.fn) };
        } catch (error) {
          return { ok: false, value: error };
        }
      }),
    );
  }

  /** Runs `fn` (synchronous, must not await) in the next batch; resolves once that batch is committed. */
  write<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        endOfTurn(() => this.flush());
      }
    });
  }

  /** Commits what is pending now (also before the database closes). */
  flush(): void {
    this.scheduled = false;
    const items = this.pending;
    if (items.length === 0) return;
    this.pending = [];
    let results: { ok: boolean; value: unknown }[];
    try {
      if (!this.sqlite.open) throw new Error('The database was closed before this change could be saved.');
      results = this.batch.immediate(items);
    } catch (error) {
      for (const item of items) item.reject(error);
      return;
    }
    results.forEach((r, i) => {
      const item = items[i] as Pending;
      if (r.ok) item.resolve(r.value);
      else item.reject(r.value);
    });
  }
}
