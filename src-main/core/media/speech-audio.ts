// A library item's sound as a small file for a transcription server: mono, 16 kHz, 32 kbit/s
// MP3 (speech needs no more), made with ffmpeg inside the workspace's media folder and
// removed once read.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { MediaItem } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { MediaLibrary } from './library';

const run = promisify(execFile);
/** OpenAI's transcription endpoint takes files up to 25 MB: at 32 kbit/s, about 100 minutes. */
export const MAX_SPEECH_BYTES = 25 * 1000 * 1000;

export async function speechAudio(library: MediaLibrary, workspaceId: string, item: MediaItem, signal?: AbortSignal): Promise<Buffer> {
  if (item.kind === 'image' || item.audioCodec === null) {
    throw new AppError('ValidationError', `${item.fileName} has no sound; there is nothing to transcribe.`, { field: 'mediaId' });
  }
  const ffmpeg = await library.findTool('ffmpeg');
  const input = library.storedFile(workspaceId, item.storedPath);
  const dir = library.uploadDir(workspaceId);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const out = path.join(dir, `.speech-${randomBytes(8).toString('hex')}.mp3`);
  try {
    await run(ffmpeg, ['-v', 'error', '-nostdin', '-y', '-i', input, '-vn', '-ac', '1', '-ar', '16000', '-b:a', '32k', '-f', 'mp3', out], { signal, maxBuffer: 1024 * 1024 });
    const size = fs.statSync(out).size;
    if (size > MAX_SPEECH_BYTES) {
      throw new AppError('ValidationError', `${item.fileName} is too long to transcribe in one piece (about 100 minutes is the most). Trim it into parts first.`, { field: 'mediaId' });
    }
    return fs.readFileSync(out);
  } catch (error) {
    if (signal?.aborted) throw new AppError('Cancelled', 'The transcription was stopped.');
    if (error instanceof AppError) throw error;
    throw new AppError('ValidationError', `ffmpeg could not read the sound of ${item.fileName}: ${error instanceof Error ? error.message.split('\n').slice(-2).join(' ').slice(0, 200) : String(error)}`, { field: 'mediaId' });
  } finally {
    fs.rmSync(out, { force: true });
  }
}
