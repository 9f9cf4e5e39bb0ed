import { isAppUrl } from './navigation';

/** The parts of Electron's WebFrameMain this check reads. */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * Only the top frame of an app:// page may call the core. A sub-frame (even a same-origin
 * one) or a frame that navigated elsewhere is refused, so a stray page can never reach it.
 */
export function isTrustedIpcSender(frame: SenderFrameLike | null | undefined): boolean {
  if (!frame) return false;
  try {
    return frame.parent === null && isAppUrl(frame.url);
  } catch {
    // Electron throws when a frame was disposed mid-call; a gone frame is not trusted.
    return false;
  }
}
