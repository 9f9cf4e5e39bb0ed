import type { Session } from 'electron';
import { createLogger } from '../core/platform/logger';

const log = createLogger('electron.permissions');

/**
 * The renderer needs no browser permission (camera, microphone, notifications, location,
 * devices…): whatever the app does with the OS, the core does. So every request and check
 * is refused.
 */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.info('permission request denied', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
