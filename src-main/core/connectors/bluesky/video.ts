// A video for a post, with its caption files: checked before anything is sent, then uploaded
// to the account's PDS with uploadBlob and embedded as app.bsky.embed.video (platforms.md
// §8.2). uploadBlob is the path every PDS offers (the video service at video.bsky.app is
// Bluesky-hosted only); the AppView processes the video after the post is made.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CaptionTrack } from '../../../../src-shared/domain';
import { AppError } from '../../../../src-shared/errors';
import { DEFAULT_LIMITS } from '../../../../src-shared/platforms/limits';
import type { ConnectorDeps, MediaFile, PublishHooks, Session } from '../types';
import { uploadBlob, type BlobRef } from './media';

/** app.bsky.embed.video: captions maxLength 20, each file text/vtt up to 20,000 bytes. */
export const MAX_CAPTION_FILES = 20;
export const MAX_CAPTION_BYTES = 20_000;

export interface CheckedVideo {
  file: MediaFile;
  bytes: Uint8Array<ArrayBuffer>;
  captions: { lang: string; bytes: Uint8Array<ArrayBuffer> }[];
}

const refuse = (message: string, file: string) => new AppError('ValidationError', message, { field: 'media', file });

/** One MP4, alone in the post, within Bluesky's size; its caption files within theirs. */
export async function checkVideo(media: MediaFile[]): Promise<CheckedVideo> {
  const file = media.find((m) => m.mimeType.startsWith('video/')) as MediaFile;
  const name = path.basename(file.path);
  if (media.length > 1) throw refuse(`Bluesky takes one video per post, with nothing else attached; this post also has ${media.length - 1} other file(s).`, name);
  const maxBytes = DEFAULT_LIMITS.bluesky.video.maxBytes;
  let size: number;
  try {
    size = (await fs.stat(file.path)).size;
  } catch {
    throw refuse(`The video ${name} is missing or cannot be read.`, name);
  }
  if (size > maxBytes) {
    throw refuse(`The video ${name} is ${(size / 1e6).toFixed(0)} MB; Bluesky takes videos up to ${maxBytes / 1e6} MB. Make a smaller version with Reformat for Bluesky.`, name);
  }
  const bytes = new Uint8Array(await fs.readFile(file.path));
  // An MP4 (ISO base media file) starts with a box whose type is "ftyp".
  if (bytes.length < 12 || Buffer.from(bytes.subarray(4, 8)).toString('latin1') !== 'ftyp') {
    throw refuse(`${name} is not an MP4 video, the kind Bluesky takes. Make an MP4 with Reformat for Bluesky.`, name);
  }
  return { file, bytes, captions: checkCaptions(file.captions ?? [], name) };
}

function checkCaptions(tracks: CaptionTrack[], name: string): CheckedVideo['captions'] {
  if (tracks.length > MAX_CAPTION_FILES) {
    throw refuse(`${name} has captions in ${tracks.length} languages; Bluesky takes at most ${MAX_CAPTION_FILES}. Remove some in the media library.`, name);
  }
  return tracks.map(({ lang, vtt }) => {
    const bytes = new Uint8Array(Buffer.from(vtt, 'utf8'));
    if (bytes.length > MAX_CAPTION_BYTES) {
      throw refuse(
        `The ${lang} captions of ${name} are ${(bytes.length / 1000).toFixed(1)} kB; Bluesky takes caption files up to ${MAX_CAPTION_BYTES / 1000} kB. Shorten them, or burn them into the video instead.`,
        name,
      );
    }
    return { lang, bytes };
  });
}

/** Uploads the video and its captions; each blob is checkpointed before the next is sent. */
export async function videoEmbed(deps: ConnectorDeps, session: Session, video: CheckedVideo, hooks: PublishHooks): Promise<Record<string, unknown>> {
  const name = path.basename(video.file.path);
  const steps = 1 + video.captions.length + 1;
  let blob: BlobRef;
  try {
    blob = await uploadBlob(deps, session, video.bytes, 'video/mp4', `video ${name}`);
  } catch (error) {
    if (error instanceof AppError && error.details?.status === 413) {
      throw new AppError('PlatformRejected', `Your Bluesky server refused the video ${name} as too large (${(video.bytes.length / 1e6).toFixed(1)} MB). Make a smaller version with Reformat for Bluesky.`, {
        ...error.details,
      });
    }
    throw error;
  }
  hooks.checkpoint?.('blob:video', blob.ref.$link);
  hooks.progress?.(1 / steps);
  const captions: Record<string, unknown>[] = [];
  for (const [i, track] of video.captions.entries()) {
    hooks.signal?.throwIfAborted();
    const file = await uploadBlob(deps, session, track.bytes, 'text/vtt', `${track.lang} captions of ${name}`);
    hooks.checkpoint?.(`blob:captions:${track.lang}`, file.ref.$link);
    hooks.progress?.((2 + i) / steps);
    captions.push({ lang: track.lang, file });
  }
  const { width, height, altText } = video.file;
  return {
    $type: 'app.bsky.embed.video',
    video: blob,
    ...(altText?.trim() ? { alt: altText.trim() } : {}),
    ...(width && height ? { aspectRatio: { width, height } } : {}),
    ...(captions.length ? { captions } : {}),
  };
}
