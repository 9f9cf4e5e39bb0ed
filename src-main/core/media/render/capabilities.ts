import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { MediaCapabilities } from '../../../../src-shared/domain';
import { createLogger } from '../../platform/logger';
import { findTool } from '../../platform/tools';

const run = promisify(execFile);
const log = createLogger('media-render');
const cache = new Map<string, Promise<MediaCapabilities>>();

/** The filters a render needs besides the optional ones below; a build without them is noted. */
const REQUIRED_FILTERS = ['zoompan', 'xfade', 'loudnorm', 'sidechaincompress', 'silencedetect', 'hqdn3d', 'unsharp', 'overlay', 'hstack'];

/** What this machine's ffmpeg can do (looked up once): finds ffmpeg as the library does. */
export async function mediaCapabilities(env: NodeJS.ProcessEnv = process.env): Promise<MediaCapabilities> {
  const { found } = await findTool('ffmpeg', env);
  if (!found) {
    return { ffmpegVersion: null, stabilise: null, captions: false, notes: ['ffmpeg was not found. Install ffmpeg or set FFMPEG_BIN to make renders.'] };
  }
  return detectCapabilities(found.path);
}

/** Runs `ffmpeg -version` and `ffmpeg -filters` once per binary and reads what it has. */
export function detectCapabilities(ffmpegPath: string): Promise<MediaCapabilities> {
  let pending = cache.get(ffmpegPath);
  if (!pending) {
    pending = probe(ffmpegPath);
    cache.set(ffmpegPath, pending);
    // A failed probe is retried next time (the user may fix the binary).
    pending.catch(() => cache.delete(ffmpegPath));
  }
  return pending;
}

async function probe(ffmpegPath: string): Promise<MediaCapabilities> {
  const opts = { timeout: 15_000, maxBuffer: 8 * 1024 * 1024, windowsHide: true };
  let version: string;
  let filters: string;
  try {
    version = (await run(ffmpegPath, ['-hide_banner', '-version'], opts)).stdout;
    filters = (await run(ffmpegPath, ['-hide_banner', '-filters'], opts)).stdout;
  } catch {
    return { ffmpegVersion: null, stabilise: null, captions: false, notes: ['ffmpeg did not run. Reinstall ffmpeg or set FFMPEG_BIN to one that works.'] };
  }
  const caps = capabilitiesFrom(version, filters);
  log.info('ffmpeg capabilities', { version: caps.ffmpegVersion, stabilise: caps.stabilise, captions: caps.captions });
  return caps;
}

/** Pure: the capabilities from `-version` and `-filters` output. */
export function capabilitiesFrom(versionOutput: string, filtersOutput: string): MediaCapabilities {
  const names = new Set<string>();
  for (const line of filtersOutput.split('\n')) {
    // " TSC hqdn3d            V->V       Apply a High Quality 3D Denoiser."
    const m = /^\s*[A-Z.|]{2,3}\s+(\w+)\s+\S+->\S+/.exec(line);
    if (m?.[1]) names.add(m[1]);
  }
  const notes: string[] = [];
  const stabilise = names.has('vidstabdetect') && names.has('vidstabtransform') ? 'vidstab' : names.has('deshake') ? 'deshake' : null;
  if (stabilise === 'deshake') notes.push('This ffmpeg has no libvidstab, so stabilising uses the simpler deshake filter.');
  if (!stabilise) notes.push('This ffmpeg has no stabiliser (vidstab or deshake), so stabilise is off.');
  const captions = names.has('ass');
  if (!captions) notes.push('This ffmpeg has no libass, so captions cannot be burned in.');
  const missing = REQUIRED_FILTERS.filter((f) => !names.has(f));
  if (missing.length > 0) notes.push(`This ffmpeg lacks the ${missing.join(', ')} filter${missing.length > 1 ? 's' : ''}; renders that use them will fail.`);
  return { ffmpegVersion: /version\s+(\S+)/.exec(versionOutput)?.[1] ?? null, stabilise, captions, notes };
}
