import fs from 'node:fs/promises';
import path from 'node:path';
import { APP_ORIGIN, isAppUrl } from './navigation';

/** One folder the app:// protocol may serve, mounted at a URL path such as `/` or `/media/<id>/`. */
export interface AppRoot {
  /** Starts and ends with `/`; the longest mount matching a request wins. */
  readonly mount: string;
  readonly dir: string;
  /** Served for the mount itself (`/` → index.html); without it the bare mount is 404. */
  readonly index?: string;
}

export type AppRequestResolution =
  | { ok: true; filePath: string }
  | { ok: false; status: 400 | 403 | 404 | 405; reason: string };

const refuse = (status: 400 | 403 | 404 | 405, reason: string): AppRequestResolution => ({ ok: false, status, reason });

// Encoded dots are refused before decoding: no asset name needs one, and `%2e%2e` is the
// classic way to smuggle `..` past a check that runs on the decoded path.
const ENCODED_DOT = /%2e/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Splits a mount such as `/media/ws1/` into its segments, refusing a malformed one (a programming error). */
function mountSegments(mount: string): string[] {
  if (!mount.startsWith('/') || !mount.endsWith('/')) throw new Error(`App root mount must start and end with '/': ${mount}`);
  return mount.split('/').filter((s) => s !== '');
}

/** A decoded path segment we are willing to join onto a root folder. */
function segmentProblem(segment: string): string | null {
  if (segment === '') return 'empty path segment';
  if (segment.startsWith('.')) return 'dot segment or hidden file';
  if (segment.includes('%')) return 'double-encoded path';
  if (segment.includes('/') || segment.includes('\\')) return 'encoded separator';
  if (segment.includes(':')) return 'drive letter or stream name';
  if (CONTROL.test(segment)) return 'control character';
  return null;
}

/** Inside `parent`, not equal to it. Both must already be absolute and normalized. */
function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

async function realpathOrNull(p: string): Promise<string | null> {
  try {
    return await fs.realpath(p);
  } catch {
    return null;
  }
}

/**
 * Maps an app:// request to a real file inside one of `roots`, or says why not. GET only;
 * the query and fragment are ignored; the path is checked as text (traversal, encodings,
 * backslashes, NUL) and then as a file (its real path, symlinks resolved, must stay inside
 * the root's real path).
 */
export async function resolveAppRequest(request: { method: string; url: string }, roots: readonly AppRoot[]): Promise<AppRequestResolution> {
  if (request.method !== 'GET') return refuse(405, 'method not allowed');
  const url = request.url;
  if (!isAppUrl(url)) return refuse(403, 'not an app:// URL of this app');

  const rawPath = url.slice(APP_ORIGIN.length).split(/[?#]/, 1)[0] ?? '/';
  if (ENCODED_DOT.test(rawPath)) return refuse(403, 'encoded dot');
  const rawSegments = rawPath.split('/').slice(1);
  if (rawSegments.length === 1 && rawSegments[0] === '') rawSegments.pop(); // the bare `/`

  const segments: string[] = [];
  for (const raw of rawSegments) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return refuse(400, 'malformed percent-encoding');
    }
    const problem = segmentProblem(decoded);
    if (problem) return refuse(403, problem);
    segments.push(decoded);
  }

  let match: { root: AppRoot; depth: number } | null = null;
  for (const root of roots) {
    const mount = mountSegments(root.mount);
    const fits = mount.length <= segments.length && mount.every((s, i) => s === segments[i]);
    if (fits && (!match || mount.length > match.depth)) match = { root, depth: mount.length };
  }
  if (!match) return refuse(404, 'no root serves this path');

  const rest = segments.slice(match.depth);
  if (rest.length === 0) {
    if (!match.root.index) return refuse(404, 'no index for this root');
    rest.push(match.root.index);
  }

  const rootDir = path.resolve(match.root.dir);
  const candidate = path.join(rootDir, ...rest);
  if (!isInside(rootDir, candidate)) return refuse(403, 'path leaves its root');

  const realRoot = await realpathOrNull(rootDir);
  if (!realRoot) return refuse(404, 'root folder is missing');
  const realFile = await realpathOrNull(candidate);
  if (!realFile) return refuse(404, 'no such file');
  // A symlink inside the root may point anywhere; what counts is where it really leads.
  if (!isInside(realRoot, realFile)) return refuse(403, 'real path leaves its root');

  const stat = await fs.stat(realFile).catch(() => null);
  if (!stat?.isFile()) return refuse(404, 'not a file');
  return { ok: true, filePath: realFile };
}
