import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { defaultDataDir } from '../../../src-main/core/platform/paths';
import { electronDataDir } from '../../../src-main/electron/data-dir';
import { asarUnpackedPath, electronNativeBinding, ELECTRON_NATIVE_PATH } from '../../../src-main/electron/native';
import { startupErrorMessage } from '../../../src-main/electron/startup-error';

describe('electronDataDir', () => {
  it('is the folder core picks by default, for the appData Electron reports', () => {
    expect(electronDataDir({}, '/home/ann/.config')).toBe(defaultDataDir({}, 'linux', '/home/ann'));
    expect(electronDataDir({}, '/Users/ann/Library/Application Support')).toBe(defaultDataDir({}, 'darwin', '/Users/ann'));
    expect(electronDataDir({}, '/xdg')).toBe(defaultDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ann'));
  });

  it('honours PROMOGPT_DATA_DIR, resolved, and ignores it when empty', () => {
    expect(electronDataDir({ PROMOGPT_DATA_DIR: '/data/promo' }, '/home/ann/.config')).toBe(path.resolve('/data/promo'));
    expect(electronDataDir({ PROMOGPT_DATA_DIR: 'rel' }, '/x')).toBe(path.resolve('rel'));
    expect(electronDataDir({ PROMOGPT_DATA_DIR: '' }, '/x')).toBe(path.join('/x', 'PromoGPT'));
  });
});

describe('electronNativeBinding', () => {
  it('finds the Electron build under the package root, or reports none', () => {
    const expected = path.join('/pkg', ELECTRON_NATIVE_PATH);
    expect(electronNativeBinding('/pkg', (p) => p === expected)).toBe(expected);
    expect(electronNativeBinding('/pkg', () => false)).toBeUndefined();
  });

  it('looks beside app.asar, where native modules are unpacked', () => {
    const root = path.join('/opt/PromoGPT/resources', 'app.asar');
    const seen: string[] = [];
    electronNativeBinding(root, (p) => (seen.push(p), false));
    expect(seen).toEqual([path.join('/opt/PromoGPT/resources', 'app.asar.unpacked', ELECTRON_NATIVE_PATH)]);
  });

  it('rewrites only a whole app.asar path segment', () => {
    expect(asarUnpackedPath('/r/app.asar/build/x.node')).toBe('/r/app.asar.unpacked/build/x.node');
    expect(asarUnpackedPath('C:\\r\\app.asar\\build\\x.node')).toBe('C:\\r\\app.asar.unpacked\\build\\x.node');
    expect(asarUnpackedPath('/r/my-app.asarx/build/x.node')).toBe('/r/my-app.asarx/build/x.node');
    expect(asarUnpackedPath('/src/promogpt/build/x.node')).toBe('/src/promogpt/build/x.node');
  });
});

describe('startupErrorMessage', () => {
  const context = { nativeBinding: '/x.node', logDir: '/data/logs' };

  it('shows an AppError as it is: it already says what to do', () => {
    const error = new AppError('DatabaseRefused', 'This data was written by a newer PromoGPT. Update the app to open it.');
    expect(startupErrorMessage(error, context)).toBe('This data was written by a newer PromoGPT. Update the app to open it.');
  });

  it('names the missing Electron SQLite build when there is none', () => {
    expect(startupErrorMessage(new Error('NODE_MODULE_VERSION 127'), { ...context, nativeBinding: undefined })).toMatch(/electron-native\.mjs/);
  });

  it('points at the log for anything else, without the raw error text', () => {
    const message = startupErrorMessage(new Error('SQLITE_CORRUPT secret detail'), context);
    expect(message).toContain('/data/logs');
    expect(message).not.toContain('secret detail');
  });
});
