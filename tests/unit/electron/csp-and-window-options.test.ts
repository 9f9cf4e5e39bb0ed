import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/electron/guards/csp';
import { hardenedWebPreferences, mainWindowOptions } from '../../../src-main/electron/guards/window-options';

describe('CONTENT_SECURITY_POLICY', () => {
  it('is exactly the agreed policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: app:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
  });

  it('allows no inline code, eval, wildcard or remote source', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*|https?:|wasm-eval|strict-dynamic/);
  });
});

describe('hardened webPreferences', () => {
  it('isolates, sandboxes and keeps Node out of every renderer', () => {
    expect(hardenedWebPreferences({ preload: '/app/dist/main/preload.cjs', devTools: false })).toEqual({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: false,
    });
  });

  it('refuses a relative preload path', () => {
    expect(() => hardenedWebPreferences({ preload: 'preload.cjs', devTools: false })).toThrow(/absolute/);
    expect(() => hardenedWebPreferences({ preload: '../dist/main/preload.cjs', devTools: true })).toThrow(/absolute/);
  });

  it('gives the main window the hardened preferences and hides it until ready', () => {
    const options = mainWindowOptions({ preload: '/p.cjs', devTools: true });
    expect(options.show).toBe(false);
    expect(options.webPreferences).toEqual(hardenedWebPreferences({ preload: '/p.cjs', devTools: true }));
  });

  it('returns a fresh object each time, so one window cannot weaken another', () => {
    const a = hardenedWebPreferences({ preload: '/p.cjs', devTools: false });
    const b = hardenedWebPreferences({ preload: '/p.cjs', devTools: false });
    expect(a).not.toBe(b);
  });
});
