import type { Notice } from '../../../src-shared/domain';
import type { EventBus } from '../events';
import type { Clock } from '../platform/clock';
import type { IdGenerator } from '../platform/ids';

/** The OS's own notifications; the Electron shell provides one, other shells none. */
export interface DesktopNotifier {
  notify(title: string, body: string): void;
}

/** Problems the user should see now: an in-app notice to every UI, and a desktop notification where there is one. */
export class Notices {
  private recent: Notice[] = [];

  constructor(
    private readonly deps: { events: EventBus; clock: Clock; ids: IdGenerator; desktop?: DesktopNotifier },
  ) {}

  raise(level: Notice['level'], message: string, workspaceId: string | null): Notice {
    const notice: Notice = { id: this.deps.ids('notice'), level, message, workspaceId, at: this.deps.clock.now().toISOString() };
    this.recent = [notice, ...this.recent].slice(0, 50);
    this.deps.events.emit('notice', notice);
    if (level !== 'info') this.deps.desktop?.notify('PromoGPT', message);
    return notice;
  }

  /** What a UI that opens later should still show, oldest first; `all` includes every workspace's. */
  list(workspaceId: string | null, options: { all?: boolean } = {}): Notice[] {
    return this.recent.filter((n) => options.all || n.workspaceId === null || n.workspaceId === workspaceId).reverse();
  }
}
