import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { hardenWebContents } from '../../../src-main/electron/harden-contents';
import { denyAllPermissions } from '../../../src-main/electron/permissions';

type Handler = (...args: unknown[]) => unknown;

/** Records what hardenWebContents registers, so the test can fire Electron's events by hand. */
function fakeContents() {
  const handlers = new Map<string, Handler[]>();
  let windowOpen: Handler | undefined;
  const contents = {
    on(name: string, handler: Handler) {
      handlers.set(name, [...(handlers.get(name) ?? []), handler]);
      return contents;
    },
    setWindowOpenHandler(handler: Handler) {
      windowOpen = handler;
    },
  };
  const fire = (name: string, url: string, isMainFrame = name !== 'will-frame-navigate') => {
    const event = { url, isMainFrame, preventDefault: vi.fn() };
    const list = handlers.get(name) ?? [];
    expect(list.length).toBe(1);
    for (const h of list) h(event, url);
    return event.preventDefault;
  };
  return { contents: contents as unknown as WebContents, handlers, fire, open: (url: string) => windowOpen?.({ url, disposition: 'new-window' }) };
}

describe('hardenWebContents', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: allows app pages and blocks everything else', (name) => {
    const { contents, fire } = fakeContents();
    hardenWebContents(contents, vi.fn());
    expect(fire(name, 'app://promogpt/index.html')).not.toHaveBeenCalled();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://evil/', 'javascript:alert(1)', 'about:blank', 'http://localhost:5173/', '']) {
      expect(fire(name, url)).toHaveBeenCalledTimes(1);
    }
  });

  it('leaves main-frame navigations to will-navigate, so a block is not handled twice', () => {
    const { contents, fire } = fakeContents();
    hardenWebContents(contents, vi.fn());
    expect(fire('will-frame-navigate', 'https://evil.example/', true)).not.toHaveBeenCalled();
    expect(fire('will-navigate', 'https://evil.example/')).toHaveBeenCalledTimes(1);
  });

  it('destroys any webview before it attaches', () => {
    const { contents, handlers } = fakeContents();
    hardenWebContents(contents, vi.fn());
    const event = { preventDefault: vi.fn() };
    for (const h of handlers.get('will-attach-webview') ?? []) h(event, {}, { src: 'https://evil.example/' });
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
  });

  it('denies every new window, opening only safe http(s) links in the system browser', () => {
    const { contents, open } = fakeContents();
    const openExternal = vi.fn();
    hardenWebContents(contents, openExternal);
    expect(open('https://example.com/page')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://example.com/page');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', '\\\\server\\share', 'https://u:p@example.com/', 'ms-settings:', 'app://promogpt/']) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('passes the normalized URL, not the raw text, to the browser', () => {
    const { contents, open } = fakeContents();
    const openExternal = vi.fn();
    hardenWebContents(contents, openExternal);
    open('HTTPS://Example.COM');
    expect(openExternal).toHaveBeenCalledWith('https://example.com/');
  });
});

describe('denyAllPermissions', () => {
  it('refuses every permission request and check', () => {
    const set: Record<string, Handler> = {};
    const session = {
      setPermissionRequestHandler: (h: Handler) => (set.request = h),
      setPermissionCheckHandler: (h: Handler) => (set.check = h),
      setDevicePermissionHandler: (h: Handler) => (set.device = h),
    } as unknown as Session;
    denyAllPermissions(session);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'unknown']) {
      const callback = vi.fn();
      set.request?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(set.check?.(null, permission, 'app://promogpt', {})).toBe(false);
    }
    expect(set.device?.({ deviceType: 'usb', origin: 'app://promogpt' })).toBe(false);
  });
});
