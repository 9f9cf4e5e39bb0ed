import { z } from 'zod';
import type { AppInfo, AppSettings, DoctorReport } from '../domain';
import { entityId, method, noInput } from './define';

export const appContract = {
  'app.info': method(noInput).returns<AppInfo>(),
  'app.doctor': method(noInput).returns<DoctorReport>(),
  'settings.get': method(noInput).returns<AppSettings>(),
  'settings.update': method(
    z.strictObject({
      theme: z.enum(['system', 'light', 'dark']).optional(),
      lastWorkspaceId: entityId.nullable().optional(),
    }),
  ).returns<AppSettings>(),
};
