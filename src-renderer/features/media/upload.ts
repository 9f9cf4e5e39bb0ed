import type { MediaAddResult, MediaItem } from '../../../src-shared/domain';
import { uploadUrl } from './media-url';

export interface UploadProgress {
  loaded: number;
  total: number;
}

/** What came of one file: added (or found already there), or refused with the reason in one sentence. */
export type UploadOutcome = { ok: true; item: MediaItem; deduplicated: boolean } | { ok: false; message: string; cancelled?: boolean };

export interface UploadHandle {
  done: Promise<UploadOutcome>;
  abort(): void;
}

/** Sends one file to the workspace's library; never rejects, every failure is an outcome. */
export type Uploader = (workspaceId: string, file: File, onProgress: (progress: UploadProgress) => void) => UploadHandle;

const LOST = 'The upload stopped because the connection to PromoGPT was lost. Try again.';
const NOT_ALLOWED = 'PromoGPT refused the upload because this window is not signed in any more. Reload the window and try again.';

/** Reads the route's answer: 200 carries a MediaAddResult, 413 a plain-text reason. */
export function outcomeOf(status: number, body: string): UploadOutcome {
  if (status === 200) {
    try {
      const result = JSON.parse(body) as MediaAddResult;
      if (result.ok) return { ok: true, item: result.item, deduplicated: result.deduplicated };
      return { ok: false, message: result.error.message };
    } catch {
      return { ok: false, message: 'PromoGPT answered the upload with something it could not read. Try again.' };
    }
  }
  if (status === 413) return { ok: false, message: body.trim() || 'This file is too big for the media library.' };
  if (status === 401 || status === 403) return { ok: false, message: NOT_ALLOWED };
  if (status === 0) return { ok: false, message: LOST };
  return { ok: false, message: body.trim() && body.length < 300 ? body.trim() : `The upload failed (HTTP ${status}). Try again.` };
}

/** XMLHttpRequest rather than fetch: only it reports upload progress. */
export const xhrUploader: Uploader = (workspaceId, file, onProgress) => {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadOutcome>((resolve) => {
    xhr.open('POST', uploadUrl(workspaceId, file.name));
    xhr.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.onload = () => resolve(outcomeOf(xhr.status, typeof xhr.responseText === 'string' ? xhr.responseText : ''));
    xhr.onerror = () => resolve({ ok: false, message: LOST });
    xhr.onabort = () => resolve({ ok: false, message: 'Upload cancelled.', cancelled: true });
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
};

let current: Uploader = xhrUploader;

/** The uploader the Media page uses. */
export const currentUploader = (): Uploader => current;

/** For tests: swaps the uploader; returns the function that puts the real one back. */
export function setUploader(uploader: Uploader): () => void {
  current = uploader;
  return () => {
    current = xhrUploader;
  };
}
