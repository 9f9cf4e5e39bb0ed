import type { EventBus } from '../events';
import type { Scheduler } from '../jobs/scheduler';
import type { Clock } from '../platform/clock';
import { createLogger } from '../platform/logger';
import type { Workspaces } from '../workspace/workspaces';
import type { BackupSettingsStore } from './backup-settings';
import type { Backups } from './backups';

export const BACKUP_JOB = 'backup.take';
const log = createLogger('backup-jobs');

/**
 * Automatic backups as scheduler jobs: one planned per workspace at "last backup + interval"
 * (at once when there is none), so the app's scheduler and `promogpt scheduler run` both take
 * them. Keyed by their time, so planning twice (two processes, a restart) makes one job.
 */
export class BackupJobs {
  private planning = false;

  constructor(private readonly deps: { backups: Backups; scheduler: Scheduler; workspaces: Workspaces; settings: BackupSettingsStore; clock: Clock; events: EventBus }) {
    deps.scheduler.register(BACKUP_JOB, async (ctx) => {
      try {
        if (this.due(ctx.workspaceId)) await deps.backups.create(ctx.workspaceId, 'scheduled');
      } finally {
        // A failed backup (a damaged database) still leaves the next one planned.
        this.plan(ctx.workspaceId);
      }
    });
  }

  /**
   * Checks every database and plans every workspace's next backup: what long-running shells
   * and `scheduler run` call at start. Workspaces created later are planned as they appear.
   */
  start(): void {
    this.deps.backups.checkAll();
    this.planAll();
    if (this.planning) return;
    this.planning = true;
    this.deps.events.onAny((event) => {
      if (event === 'workspaces.changed') this.planAll();
    });
  }

  planAll(): void {
    for (const ws of this.deps.workspaces.list()) {
      try {
        this.plan(ws.id);
      } catch (error) {
        log.warn('could not plan a backup', { workspaceId: ws.id, error });
      }
    }
  }

  /** The time of the next backup of a workspace: now when it has none. */
  nextAt(workspaceId: string): Date | null {
    const last = this.latestTaken(workspaceId);
    return last ? new Date(last.getTime() + this.intervalMs()) : null;
  }

  plan(workspaceId: string): void {
    const next = this.nextAt(workspaceId);
    const runAt = next ?? this.deps.clock.now();
    this.deps.scheduler.enqueue(workspaceId, { kind: BACKUP_JOB, payload: {}, runAt, idempotencyKey: next ? `backup:${next.toISOString()}` : 'backup:first' });
  }

  /** A job planned before the interval was shortened, or a second planner, finds a fresh backup: it skips. */
  private due(workspaceId: string): boolean {
    const last = this.latestTaken(workspaceId);
    return !last || this.deps.clock.now().getTime() - last.getTime() >= this.intervalMs() * 0.9;
  }

  private latestTaken(workspaceId: string): Date | null {
    const newest = this.deps.backups.list(workspaceId).find((b) => b.reason !== 'before-restore');
    return newest ? new Date(newest.takenAt) : null;
  }

  private intervalMs(): number {
    return this.deps.settings.get().intervalHours * 3_600_000;
  }
}
