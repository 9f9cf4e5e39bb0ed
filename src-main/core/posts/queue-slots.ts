import { and, eq, gt, ne } from 'drizzle-orm';
import type { QueueSchedule } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { isValidTimeZone, nextFreeSlot, systemTimeZone, type QueueSlot } from '../../../src-shared/schedule';
import type { Accounts } from '../accounts/accounts';
import { postTargets, queueSlots } from '../db/schema/workspace';
import type { Clock } from '../platform/clock';
import type { Workspaces } from '../workspace/workspaces';


/** Each account's weekly posting slots, and the next one nothing is scheduled in. */
export class QueueSlots {
  constructor(private readonly deps: { workspaces: Pick<Workspaces, 'db'>; accounts: Pick<Accounts, 'get'>; clock: Clock }) {}

  get(workspaceId: string, accountId: string): QueueSchedule {
    this.deps.accounts.get(workspaceId, accountId); // NotFound with the account's wording
    const rows = this.deps.workspaces.db(workspaceId).orm.select().from(queueSlots).where(eq(queueSlots.accountId, accountId)).all();
    const timeZone = rows[0]?.timeZone ?? systemTimeZone();
    const slots = rows
      .map((r) => ({ weekday: r.weekday as QueueSlot['weekday'], time: r.time }))
      .sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time));
    return { accountId, timeZone, slots, nextFreeSlot: slots.length ? this.next(workspaceId, accountId, timeZone, slots, []) : null };
  }

  set(workspaceId: string, accountId: string, timeZone: string, slots: QueueSlot[]): QueueSchedule {
    this.deps.accounts.get(workspaceId, accountId);
    if (!isValidTimeZone(timeZone)) throw new AppError('ValidationError', `"${timeZone}" is not a time zone PromoGPT knows; use an IANA name like Europe/Berlin.`);
    const unique = [...new Map(slots.map((s) => [`${s.weekday} ${s.time}`, s])).values()];
    this.deps.workspaces.db(workspaceId).write((orm) => {
      orm.delete(queueSlots).where(eq(queueSlots.accountId, accountId)).run();
      for (const s of unique) orm.insert(queueSlots).values({ accountId, weekday: s.weekday, time: s.time, timeZone }).run();
    });
    return this.get(workspaceId, accountId);
  }

  /**
   * The account's next free slot, counting `alsoTaken` (slots this same call already handed out).
   * Throws with what to do when the account has no slots or every slot of the next weeks is taken.
   */
  nextFor(workspaceId: string, accountId: string, handle: string, alsoTaken: string[] = []): string {
    const { timeZone, slots } = this.get(workspaceId, accountId);
    if (slots.length === 0) {
      throw new AppError('ValidationError', `${handle} has no queue slots yet: set its weekly times (\`promogpt queue set ${accountId} --slot mon@09:00\`) or choose a time.`);
    }
    const at = this.next(workspaceId, accountId, timeZone, slots, alsoTaken);
    if (!at) throw new AppError('Conflict', `Every queue slot of ${handle} in the next 8 weeks is taken: add slots or choose a time.`);
    return at;
  }

  private next(workspaceId: string, accountId: string, zone: string, slots: QueueSlot[], alsoTaken: string[]): string | null {
    const now = this.deps.clock.now().toISOString();
    const taken = this.deps.workspaces
      .db(workspaceId)
      .orm.select({ at: postTargets.scheduledAt })
      .from(postTargets)
      .where(and(eq(postTargets.accountId, accountId), ne(postTargets.state, 'cancelled'), gt(postTargets.scheduledAt, now)))
      .all()
      .map((r) => r.at as string);
    return nextFreeSlot({ slots, zone, after: now, taken: [...taken, ...alsoTaken] });
  }
}
