import { z } from 'zod';
import type { EvergreenPool, PublishingSettings, QueueSchedule } from '../domain';
import { queueSlotsSchema } from '../schedule/queue-slots';
import { isValidLocalTime } from '../schedule/zoned-time';
import { entityId, method } from './define';

const timeZone = z.string().min(1).max(64);

/** Queue slots per account, the workspace's publishing rules and its evergreen pool. */
export const scheduleContract = {
  'queue.get': method(z.strictObject({ workspaceId: entityId, accountId: entityId })).returns<QueueSchedule>(),
  'queue.set': method(z.strictObject({ workspaceId: entityId, accountId: entityId, timeZone, slots: queueSlotsSchema })).returns<QueueSchedule>(),
  'publishing.getSettings': method(z.strictObject({ workspaceId: entityId })).returns<PublishingSettings>(),
  'publishing.updateSettings': method(
    z.strictObject({
      workspaceId: entityId,
      lateWindowMinutes: z.number().int().min(0, 'the late window cannot be negative').max(7 * 24 * 60, 'the late window can be at most 7 days').optional(),
      duplicateWindowHours: z.number().int().min(0).max(24 * 90, 'the duplicate window can be at most 90 days').optional(),
    }),
  ).returns<PublishingSettings>(),
  'evergreen.get': method(z.strictObject({ workspaceId: entityId })).returns<EvergreenPool>(),
  'evergreen.configure': method(
    z.strictObject({
      workspaceId: entityId,
      enabled: z.boolean().optional(),
      everyDays: z.number().int().min(1).max(90).optional(),
      time: z.string().regex(/^\d{2}:\d{2}$/, 'write the time as HH:mm').refine(isValidLocalTime, 'not a time of day').optional(),
      timeZone: timeZone.optional(),
      minGapDays: z.number().int().min(1).max(365).optional(),
    }),
  ).returns<EvergreenPool>(),
  'evergreen.add': method(z.strictObject({ workspaceId: entityId, postId: entityId })).returns<EvergreenPool>(),
  'evergreen.remove': method(z.strictObject({ workspaceId: entityId, postId: entityId })).returns<EvergreenPool>(),
};
