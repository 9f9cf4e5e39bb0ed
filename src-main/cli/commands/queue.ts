import type { Command } from 'commander';
import type { EvergreenPool, PublishingSettings, QueueSchedule } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { workspaceOf, type CommandContext } from '../context';
import { weekdaysOf } from './post';

type Run = (action: (ctx: CommandContext, ...args: never[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;

const collect = (value: string, previous: string[] = []) => [...previous, value];
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function number(flag: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new AppError('ValidationError', `${flag} needs a whole number of at least ${min}, not "${raw}".`);
  return n;
}

/** "mon@09:00" → { weekday: 1, time: '09:00' }. */
function slotOf(raw: string) {
  const [day, time] = raw.split('@');
  if (!day || !time) throw new AppError('ValidationError', `"${raw}" is not a slot; write it as weekday@HH:mm, e.g. mon@09:00.`);
  return { weekday: weekdaysOf(day)[0] as 1, time };
}

const scheduleText = (q: QueueSchedule) =>
  [
    `Queue of ${q.accountId} (${q.timeZone}):`,
    q.slots.length ? q.slots.map((s) => `  ${DAY_NAMES[s.weekday - 1]} ${s.time}`).join('\n') : '  no slots yet',
    `Next free slot: ${q.nextFreeSlot ?? 'none'}`,
  ].join('\n');

const poolText = (p: EvergreenPool) =>
  [
    `Evergreen pool: ${p.enabled ? 'on' : 'off'}, every ${p.everyDays} day(s) at ${p.time} (${p.timeZone}), never the same post within ${p.minGapDays} days.`,
    `Next run: ${p.nextRunAt ?? 'none'}`,
    ...p.entries.map((e) => `  ${e.postId}  last queued ${e.lastQueuedAt ?? 'never'}  ${e.text.replace(/\s+/g, ' ').slice(0, 50)}`),
  ].join('\n');

const settingsText = (s: PublishingSettings) =>
  `Late window: ${s.lateWindowMinutes} min (a post missed while PromoGPT was off goes out this late at most, then needs attention).\nDuplicate guard: ${s.duplicateWindowHours} h.`;

/** Queue slots per account, the evergreen pool and the workspace's publishing rules. */
export function registerQueueCommands(program: Command, run: Run): void {
  const queue = program.command('queue').description("An account's weekly posting slots, used by `post create --next-slot`");
  queue
    .command('show')
    .argument('<account>', 'the account id')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, accountId: string, options: { workspace?: string }) => {
        const q = await ctx.core().call('queue.get', { workspaceId: workspaceOf(ctx, options), accountId });
        ctx.out.result(q, () => scheduleText(q));
      }),
    );
  queue
    .command('set')
    .argument('<account>', 'the account id')
    .description('Replace the weekly slots of an account')
    .requiredOption('--tz <zone>', 'IANA time zone the slots are in, e.g. Europe/Berlin')
    .option('--slot <weekday@HH:mm>', 'a weekly slot, e.g. mon@09:00 (repeat for several; none clears the queue)', collect)
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, accountId: string, options: { tz: string; slot?: string[]; workspace?: string }) => {
        const q = await ctx.core().call('queue.set', { workspaceId: workspaceOf(ctx, options), accountId, timeZone: options.tz, slots: (options.slot ?? []).map(slotOf) });
        ctx.out.result(q, () => scheduleText(q));
      }),
    );

  const evergreen = program.command('evergreen').description('Posts re-queued on a cadence, never the same one twice within a gap');
  evergreen
    .command('list')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: { workspace?: string }) => {
        const pool = await ctx.core().call('evergreen.get', { workspaceId: workspaceOf(ctx, options) });
        ctx.out.result(pool, () => poolText(pool));
      }),
    );
  for (const [name, method, what] of [
    ['add', 'evergreen.add', 'Put a post in the pool'],
    ['remove', 'evergreen.remove', 'Take a post out of the pool'],
  ] as const) {
    evergreen
      .command(name)
      .argument('<post>', 'the post id')
      .description(what)
      .option('--workspace <id>', 'the workspace (default: the only one)')
      .action(
        run(async (ctx, postId: string, options: { workspace?: string }) => {
          const pool = await ctx.core().call(method, { workspaceId: workspaceOf(ctx, options), postId });
          ctx.out.result(pool, () => poolText(pool));
        }),
      );
  }
  evergreen
    .command('configure')
    .description('Turn the pool on or off and set its cadence')
    .option('--on', 'start re-queueing')
    .option('--off', 'stop re-queueing')
    .option('--every-days <n>', 'one post every N days')
    .option('--time <HH:mm>', 'at this time of day')
    .option('--tz <zone>', 'in this IANA time zone')
    .option('--min-gap-days <n>', 'never the same post again within N days')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, o: { on?: boolean; off?: boolean; everyDays?: string; time?: string; tz?: string; minGapDays?: string; workspace?: string }) => {
        if (o.on && o.off) throw new AppError('ValidationError', 'Choose --on or --off, not both.');
        const everyDays = number('--every-days', o.everyDays, 1);
        const minGapDays = number('--min-gap-days', o.minGapDays, 1);
        const pool = await ctx.core().call('evergreen.configure', {
          workspaceId: workspaceOf(ctx, o),
          ...(o.on || o.off ? { enabled: !!o.on } : {}),
          ...(everyDays !== undefined ? { everyDays } : {}),
          ...(minGapDays !== undefined ? { minGapDays } : {}),
          ...(o.time ? { time: o.time } : {}),
          ...(o.tz ? { timeZone: o.tz } : {}),
        });
        ctx.out.result(pool, () => poolText(pool));
      }),
    );

  program
    .command('publishing')
    .description("Show or change this workspace's late window and duplicate guard")
    .option('--late-window <minutes>', 'publish a post missed while PromoGPT was off at most this late')
    .option('--duplicate-window <hours>', 'warn about the same text to the same account within this many hours (0 turns the guard off)')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, o: { lateWindow?: string; duplicateWindow?: string; workspace?: string }) => {
        const workspaceId = workspaceOf(ctx, o);
        const lateWindowMinutes = number('--late-window', o.lateWindow, 0);
        const duplicateWindowHours = number('--duplicate-window', o.duplicateWindow, 0);
        const settings =
          lateWindowMinutes === undefined && duplicateWindowHours === undefined
            ? await ctx.core().call('publishing.getSettings', { workspaceId })
            : await ctx.core().call('publishing.updateSettings', { workspaceId, ...(lateWindowMinutes !== undefined ? { lateWindowMinutes } : {}), ...(duplicateWindowHours !== undefined ? { duplicateWindowHours } : {}) });
        ctx.out.result(settings, () => settingsText(settings));
      }),
    );
}
