import { z } from 'zod';
import type { AppInfo, AppSettings, DoctorReport, Notice } from '../domain';
import { entityId, method, noInput } from './define';

export const appContract = {
  'app.info': method(noInput).returns<AppInfo>(),
  'app.doctor': method(noInput).returns<DoctorReport>(),
  'settings.get': method(noInput).returns<AppSettings>(),
  /** Notices raised since the app started, for a window that opens later. */
  'notice.list': method(noInput).returns<Notice[]>(),
  'settings.update': method(
    z.strictObject({
      theme: z.enum(['system', 'light', 'dark']).optional(),
      lastWorkspaceId: entityId.nullable().optional(),
      oauthRelayUrl: z
        .string()
        .trim()
        .max(500)
        .url('must be a web address')
        .refine((u) => u.startsWith('https://'), 'must be an https:// address (that is why the relay exists)')
        .nullable()
        .optional(),
    }),
  ).returns<AppSettings>(),
};
