// Publishing to Mastodon: media via POST /api/v2/media (200 ready, 202 processing → poll
// GET /api/v1/media/:id until 200), then one POST /api/v1/statuses with an Idempotency-Key.
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../../src-shared/errors';
import type { MediaFile, PublishHooks, PublishInput, RemotePostRef, Session } from '../types';
import { bearer, CreatedStatusSchema, defaultSleep, mastodonFetch, MediaSchema, parseBody, type MastodonDeps, type MastodonStatus } from './wire';

export function statusRef(status: Pick<MastodonStatus, 'id' | 'uri' | 'url'>): RemotePostRef {
  return { id: status.id, url: status.url ?? status.uri };
}

async function readMedia(file: MediaFile): Promise<Blob> {
  try {
    return new Blob([await fs.readFile(file.path)], { type: file.mimeType });
  } catch {
    throw new AppError('ValidationError', `The media file ${path.basename(file.path)} could not be read. Check that it still exists.`);
  }
}

/** Uploads one attachment and waits until Mastodon has processed it; returns its id. */
async function uploadOne(deps: MastodonDeps, session: Session, file: MediaFile, n: number, hooks: PublishHooks): Promise<string> {
  const form = new FormData();
  form.append('file', await readMedia(file), path.basename(file.path));
  if (file.altText) form.append('description', file.altText);
  const res = await mastodonFetch(deps, {
    method: 'POST',
    url: `${session.apiBase}/api/v2/media`,
    headers: bearer(session.tokens.accessToken),
    body: form,
    timeoutMs: deps.uploadTimeoutMs ?? 300_000,
  });
  const media = parseBody(MediaSchema, res.body, 'the media upload');
  hooks.checkpoint?.(`media:${n}`, media.id);
  if (res.status === 200 && media.url) return media.id;

  // 202: still processing. Poll with a growing interval, bounded in total.
  const sleep = deps.sleep ?? defaultSleep;
  const maxWait = deps.mediaMaxWaitMs ?? 600_000;
  let waited = 0;
  let interval = 1000;
  for (;;) {
    if (waited >= maxWait) {
      throw new AppError('Transient', `Mastodon is still processing ${path.basename(file.path)} after ${Math.round(waited / 1000)} s. PromoGPT will try again.`, {
        mediaId: media.id,
      });
    }
    await sleep(interval, hooks.signal);
    waited += interval;
    interval = Math.min(interval * 2, 5000);
    const poll = await mastodonFetch(deps, {
      method: 'GET',
      url: `${session.apiBase}/api/v1/media/${encodeURIComponent(media.id)}`,
      headers: bearer(session.tokens.accessToken),
    });
    if (poll.status === 200 && parseBody(MediaSchema, poll.body, 'the media status').url) return media.id;
  }
}

export async function publishStatus(deps: MastodonDeps, session: Session, input: PublishInput, hooks: PublishHooks = {}): Promise<RemotePostRef> {
  const steps = input.media.length + 1;
  const mediaIds: string[] = [];
  for (const [n, file] of input.media.entries()) {
    hooks.signal?.throwIfAborted();
    mediaIds.push(await uploadOne(deps, session, file, n, hooks));
    hooks.progress?.((n + 1) / steps);
  }
  hooks.signal?.throwIfAborted();
  let res;
  try {
    res = await mastodonFetch(deps, {
      method: 'POST',
      url: `${session.apiBase}/api/v1/statuses`,
      headers: { ...bearer(session.tokens.accessToken), 'Idempotency-Key': input.idempotencyKey },
      json: {
        status: input.text,
        visibility: 'public',
        ...(mediaIds.length ? { media_ids: mediaIds } : {}),
        ...(input.replyTo ? { in_reply_to_id: input.replyTo.id } : {}),
      },
      creates: true,
    });
  } catch (error) {
    // Mastodon keeps the key for an hour: a retry with the same key returns the same status.
    if (error instanceof AppError && error.details?.outcomeUnknown) throw new AppError(error.name, error.message, { ...error.details, idempotent: true });
    throw error;
  }
  const ref = statusRef(parseBody(CreatedStatusSchema, res.body, 'the new post'));
  hooks.checkpoint?.('post', ref.id);
  hooks.progress?.(1);
  return ref;
}
