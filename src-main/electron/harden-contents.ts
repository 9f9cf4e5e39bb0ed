import type { WebContents } from 'electron';
import { createLogger } from '../core/platform/logger';
import { parseSafeExternalUrl } from './guards/external-links';
import { isAppUrl } from './guards/navigation';

const log = createLogger('electron.navigation');

/** What a log line may say about a refused URL: its scheme and host, never its path or query. */
function describeTarget(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}`.slice(0, 200);
  } catch {
    return 'an unparseable URL';
  }
}

/**
 * Applied to every WebContents the app creates: pages stay on app://promogpt, no window
 * opens inside the app, no webview attaches. A link meant for the browser goes to the
 * system browser, and only when it passes the external-link guard.
 */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => void): void {
  const stayInApp = (kind: string) => (event: { url: string; preventDefault(): void }) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log.warn(`blocked ${kind}`, { target: describeTarget(event.url) });
  };
  const blockNavigation = stayInApp('navigation');
  const blockFrameNavigation = stayInApp('frame navigation');
  contents.on('will-navigate', blockNavigation);
  // Fires for the main frame too, which will-navigate already covers; here only sub-frames.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) blockFrameNavigation(event);
  });
  contents.on('will-redirect', stayInApp('redirect'));

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked a webview');
  });

  contents.setWindowOpenHandler(({ url }) => {
    const external = parseSafeExternalUrl(url);
    if (external) openExternal(external.href);
    else log.warn('blocked window.open', { target: describeTarget(url) });
    return { action: 'deny' };
  });
}
