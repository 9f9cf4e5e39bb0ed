// Images for a post (video: video.ts): checked before anything is sent (count, size, real type from the bytes),
// then uploaded with com.atproto.repo.uploadBlob (platforms.md §8.2).
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../../src-shared/errors';
import type { MediaFile, Session, ConnectorDeps } from '../types';
import { bodyOf, xrpc } from './xrpc';

export const MAX_IMAGES = 4;
/** embed.images: "May be up to 2 MB" (2,000,000 bytes). */
export const MAX_IMAGE_BYTES = 2_000_000;
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;

export interface ImageInfo {
  mimeType: (typeof IMAGE_TYPES)[number];
  width?: number;
  height?: number;
}

/** The image type and size read from the first bytes, or undefined when it is not an image we send. */
export function sniffImage(b: Uint8Array): ImageInfo | undefined {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const at = (i: number, s: string) => [...s].every((c, k) => b[i + k] === c.charCodeAt(0));
  if (b.length >= 24 && b[0] === 0x89 && at(1, 'PNG') && at(12, 'IHDR')) {
    return { mimeType: 'image/png', width: dv.getUint32(16), height: dv.getUint32(20) };
  }
  if (b.length >= 10 && (at(0, 'GIF87a') || at(0, 'GIF89a'))) {
    return { mimeType: 'image/gif', width: dv.getUint16(6, true), height: dv.getUint16(8, true) };
  }
  if (b.length >= 30 && at(0, 'RIFF') && at(8, 'WEBP')) {
    const info: ImageInfo = { mimeType: 'image/webp' };
    if (at(12, 'VP8X')) return { ...info, width: 1 + (dv.getUint32(24, true) & 0xffffff), height: 1 + (dv.getUint32(26, true) >> 8) };
    if (at(12, 'VP8L') && b[20] === 0x2f) {
      const bits = dv.getUint32(21, true);
      return { ...info, width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
    }
    if (at(12, 'VP8 ')) return { ...info, width: dv.getUint16(26, true) & 0x3fff, height: dv.getUint16(28, true) & 0x3fff };
    return info;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    // Walk the JPEG segments to the first start-of-frame marker.
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) {
        i++;
        continue;
      }
      const marker = b[i + 1] ?? 0;
      if (marker === 0xff) {
        i++;
        continue;
      }
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) return { mimeType: 'image/jpeg', height: dv.getUint16(i + 5), width: dv.getUint16(i + 7) };
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2;
        continue;
      }
      i += 2 + dv.getUint16(i + 2);
    }
    return { mimeType: 'image/jpeg' };
  }
  return undefined;
}

export interface CheckedImage {
  file: MediaFile;
  bytes: Uint8Array<ArrayBuffer>;
  info: ImageInfo;
  alt: string;
}

/** Reads and checks every file before any upload: a post either goes out whole or not at all. */
export async function checkImages(media: MediaFile[]): Promise<CheckedImage[]> {
  if (media.length > MAX_IMAGES) {
    throw new AppError('ValidationError', `Bluesky takes at most ${MAX_IMAGES} images per post; this one has ${media.length}.`, { field: 'media', limit: MAX_IMAGES });
  }
  const out: CheckedImage[] = [];
  for (const file of media) {
    const name = path.basename(file.path);
    let size: number;
    try {
      size = (await fs.stat(file.path)).size;
    } catch {
      throw new AppError('ValidationError', `The image ${name} is missing or cannot be read.`, { field: 'media', file: name });
    }
    if (size > MAX_IMAGE_BYTES) {
      const mb = (size / 1_000_000).toFixed(1);
      throw new AppError('ValidationError', `The image ${name} is ${mb} MB; Bluesky takes images up to 2 MB. Resize or compress it.`, {
        field: 'media',
        file: name,
        limit: MAX_IMAGE_BYTES,
      });
    }
    const bytes = new Uint8Array(await fs.readFile(file.path));
    const info = sniffImage(bytes);
    if (!info) {
      throw new AppError('ValidationError', `${name} is not a JPEG, PNG, WebP or GIF image, the kinds Bluesky shows.`, { field: 'media', file: name });
    }
    out.push({ file, bytes, info, alt: (file.altText ?? '').trim() });
  }
  return out;
}

export interface BlobRef {
  $type: 'blob';
  ref: { $link: string };
  mimeType: string;
  size: number;
}

/** Sends bytes to the account's PDS (com.atproto.repo.uploadBlob); `what` names them in errors. */
export async function uploadBlob(deps: ConnectorDeps, session: Session, bytes: Uint8Array<ArrayBuffer>, mimeType: string, what: string): Promise<BlobRef> {
  const res = await xrpc(deps, {
    base: session.apiBase,
    method: 'POST',
    nsid: 'com.atproto.repo.uploadBlob',
    body: bytes,
    contentType: mimeType,
    bearer: session.tokens.accessToken,
    timeoutMs: 120_000,
  });
  const blob = bodyOf(res).blob as Partial<BlobRef> | undefined;
  if (!blob || typeof blob.ref?.$link !== 'string') {
    throw new AppError('PlatformRejected', `Bluesky did not return a reference for the uploaded ${what}.`);
  }
  return { $type: 'blob', ref: { $link: blob.ref.$link }, mimeType: blob.mimeType ?? mimeType, size: blob.size ?? bytes.length };
}

/** The app.bsky.embed.images entry for one uploaded image (alt text is required, may be empty). */
export function imageEmbedEntry(image: CheckedImage, blob: BlobRef): Record<string, unknown> {
  const { width, height } = image.info;
  return {
    alt: image.alt,
    image: blob,
    ...(width && height ? { aspectRatio: { width, height } } : {}),
  };
}
