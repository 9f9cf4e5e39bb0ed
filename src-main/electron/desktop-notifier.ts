import { Notification } from 'electron';
import type { DesktopNotifier } from '../core/accounts/notices';

/** The OS notification for problems the user should see even with the window closed. */
export const electronNotifier: DesktopNotifier = {
  notify(title, body) {
    if (Notification.isSupported()) new Notification({ title, body, silent: false }).show();
  },
};
