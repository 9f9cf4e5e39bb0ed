import fs from 'node:fs';
import path from 'node:path';
import { packageInfo } from '../core/platform/package-root';

/** Where scripts/electron-native.mjs puts better-sqlite3 built against Electron's headers. */
export const ELECTRON_NATIVE_PATH = path.join('build', 'electron-native', 'better_sqlite3.node');

/**
 * A native module cannot be loaded from inside app.asar; electron-builder unpacks it next to
 * the archive (asarUnpack), so a path through `app.asar` is redirected to `app.asar.unpacked`.
 */
export function asarUnpackedPath(filePath: string): string {
  return filePath.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/**
 * The better-sqlite3 binary for Electron, or undefined when it was never built (then the
 * core falls back to the Node build, which Electron refuses to load, and main.ts says why).
 */
export function electronNativeBinding(root: string = packageInfo().root, exists: (p: string) => boolean = fs.existsSync): string | undefined {
  const candidate = asarUnpackedPath(path.join(root, ELECTRON_NATIVE_PATH));
  return exists(candidate) ? candidate : undefined;
}
