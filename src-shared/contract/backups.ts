import { z } from 'zod';
import type { BackupInfo, BackupStatus, DeleteEverythingReport, IntegrityResult, RestoreResult, SecurityEvent } from '../backups';
import type { BackupSettings } from '../backups';
import { entityId, method, noInput } from './define';

const isoTime = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date and time like 2026-03-01T09:00:00Z');

export const backupsContract = {
  'backup.list': method(z.strictObject({ workspaceId: entityId })).returns<BackupInfo[]>(),
  'backup.create': method(z.strictObject({ workspaceId: entityId })).returns<BackupInfo>(),
  'backup.restore': method(z.strictObject({ workspaceId: entityId, backupId: entityId })).returns<RestoreResult>(),
  'backup.check': method(z.strictObject({ workspaceId: entityId })).returns<IntegrityResult>(),
  'backup.status': method(noInput).returns<BackupStatus>(),
  'backup.updateSettings': method(
    z.strictObject({
      intervalHours: z.number().int('whole hours').min(1, 'at least every hour').max(24 * 30, 'at most every 30 days').optional(),
      keep: z.number().int('a whole number').min(1, 'keep at least 1 backup').max(365, 'keep at most 365 backups').optional(),
    }),
  ).returns<BackupSettings>(),
  'securityLog.list': method(
    z.strictObject({
      workspaceId: entityId.optional(),
      kind: z.string().regex(/^[a-zA-Z.]{1,60}$/, 'not a kind of event').optional(),
      since: isoTime.optional(),
      limit: z.number().int().min(1).max(5000).optional(),
    }),
  ).returns<SecurityEvent[]>(),
  // The typed phrase guards against wiping everything by a slip.
  'app.deleteEverything': method(z.strictObject({ confirm: z.string().max(100) })).returns<DeleteEverythingReport>(),
};
