// X's chunked media upload (platforms.md §1.2): initialize → append chunks → finalize → poll
// STATUS while processing_info says pending/in_progress, honouring check_after_secs. Nothing is
// public until POST /2/tweets, so every step here is safe to repeat.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../../src-shared/errors';
import type { MediaFile, PublishHooks, Session } from '../types';
import { apiBaseOf, bearer, defaultSleep, parseBody, X_EXTRAS, xFetch, type XDeps } from './wire';

const ProcessingSchema = z.object({
  state: z.enum(['pending', 'in_progress', 'failed', 'succeeded']),
  check_after_secs: z.number().nonnegative().optional(),
  progress_percent: z.number().optional(),
  error: z.object({ message: z.string().optional(), name: z.string().optional() }).optional(),
});
const InitSchema = z.object({ data: z.object({ id: z.string() }) });
const FinalizeSchema = z.object({ data: z.object({ id: z.string().optional(), processing_info: ProcessingSchema.optional() }) });

export function mediaCategory(mimeType: string): 'tweet_image' | 'tweet_gif' | 'tweet_video' {
  if (mimeType === 'image/gif') return 'tweet_gif';
  if (mimeType.startsWith('image/')) return 'tweet_image';
  if (mimeType.startsWith('video/')) return 'tweet_video';
  throw new AppError('ValidationError', `X cannot attach a file of type ${mimeType.slice(0, 60)}: use an image, a GIF or a video.`);
}

export function uploadBaseOf(deps: XDeps, session: Session): string {
  return (session.extras[X_EXTRAS.uploadBase] || deps.uploadBase || apiBaseOf(session)).replace(/\/+$/, '');
}

/** Uploads one file and waits until X has processed it; returns the media id. */
export async function uploadMedia(deps: XDeps, session: Session, file: MediaFile, n: number, hooks: PublishHooks): Promise<string> {
  const category = mediaCategory(file.mimeType);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file.path);
  } catch {
    throw new AppError('ValidationError', `The media file ${path.basename(file.path)} could not be read. Check that it still exists.`);
  }
  if (bytes.length === 0) throw new AppError('ValidationError', `The media file ${path.basename(file.path)} is empty.`);

  const base = uploadBaseOf(deps, session);
  const auth = bearer(session.tokens.accessToken);
  const init = await xFetch(deps, {
    method: 'POST',
    url: `${base}/2/media/upload/initialize`,
    headers: auth,
    json: { media_type: file.mimeType, total_bytes: bytes.length, media_category: category },
  });
  const id = parseBody(InitSchema, init.body, 'the media upload').data.id;
  hooks.checkpoint?.(`media:${n}`, id);

  const chunk = Math.max(1, deps.chunkBytes ?? 1024 * 1024);
  for (let offset = 0, segment = 0; offset < bytes.length; offset += chunk, segment++) {
    hooks.signal?.throwIfAborted();
    const form = new FormData();
    form.append('segment_index', String(segment));
    form.append('media', new Blob([new Uint8Array(bytes.subarray(offset, offset + chunk))], { type: 'application/octet-stream' }), 'chunk');
    await xFetch(deps, {
      method: 'POST',
      url: `${base}/2/media/upload/${encodeURIComponent(id)}/append`,
      headers: auth,
      body: form,
      timeoutMs: deps.uploadTimeoutMs ?? 120_000,
    });
  }

  const fin = await xFetch(deps, { method: 'POST', url: `${base}/2/media/upload/${encodeURIComponent(id)}/finalize`, headers: auth });
  let info = parseBody(FinalizeSchema, fin.body, 'the media upload').data.processing_info;
  const sleep = deps.sleep ?? defaultSleep;
  const maxWait = deps.mediaMaxWaitMs ?? 600_000;
  let waited = 0;
  while (info && (info.state === 'pending' || info.state === 'in_progress')) {
    const ms = Math.max(1, info.check_after_secs ?? 1) * 1000;
    if (waited + ms > maxWait) {
      throw new AppError('Transient', `X is still processing ${path.basename(file.path)} after ${Math.round(waited / 1000)} s. PromoGPT will try again.`, { mediaId: id });
    }
    await sleep(ms, hooks.signal);
    waited += ms;
    const status = await xFetch(deps, { method: 'GET', url: `${base}/2/media/upload?command=STATUS&media_id=${encodeURIComponent(id)}`, headers: auth });
    info = parseBody(FinalizeSchema, status.body, 'the media status').data.processing_info;
  }
  if (info?.state === 'failed') {
    const why = info.error?.message ? ` X said: "${info.error.message.slice(0, 200)}"` : '';
    throw new AppError('PlatformRejected', `X could not process ${path.basename(file.path)}.${why}`, { mediaId: id });
  }
  return id;
}
