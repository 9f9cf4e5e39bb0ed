import fs from 'node:fs';
import type { ImageEdit } from '../../../src-shared/ai';
import type { MediaItem } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { MediaLibrary } from '../media/library';
import type { UploadFile } from './provider';

/** What picture servers take to edit (OpenAI: PNG, JPEG and WebP; dall-e-2 only PNG, which it says itself). */
const EDITABLE = new Set(['image/png', 'image/jpeg', 'image/webp']);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface EditFiles {
  source: MediaItem;
  mask: MediaItem | null;
  image: UploadFile;
  maskFile?: UploadFile;
}

/**
 * The library items an edit names, checked before anything is sent: the source is a picture in
 * a format servers take; the mask is a PNG with transparency, exactly the source's size.
 */
export function checkEdit(media: MediaLibrary, workspaceId: string, edit: ImageEdit): { source: MediaItem; mask: MediaItem | null } {
  const source = media.get(workspaceId, edit.mediaId);
  if (source.kind !== 'image') {
    throw new AppError('ValidationError', `${source.fileName} is ${source.kind === 'video' ? 'a video' : 'audio'}; only a picture can be edited. Choose a picture from the media library.`, { field: 'mediaId' });
  }
  if (!EDITABLE.has(source.mimeType)) {
    throw new AppError('ValidationError', `${source.fileName} is ${source.mimeType}; picture servers edit PNG, JPEG or WebP. Save it as PNG, add it to the library and edit that.`, { field: 'mediaId' });
  }
  if (!edit.maskMediaId) return { source, mask: null };
  if (edit.maskMediaId === edit.mediaId) throw new AppError('ValidationError', 'The mask is the picture itself. Choose a separate PNG whose transparent parts show what to change.', { field: 'maskMediaId' });
  const mask = media.get(workspaceId, edit.maskMediaId);
  if (mask.kind !== 'image' || mask.mimeType !== 'image/png') {
    throw new AppError('ValidationError', `The mask ${mask.fileName} is ${mask.kind === 'image' ? mask.mimeType : `a${mask.kind === 'audio' ? 'n audio file' : ' video'}`}; a mask must be a PNG with transparency where the picture should change.`, {
      field: 'maskMediaId',
    });
  }
  if (mask.width !== source.width || mask.height !== source.height) {
    throw new AppError(
      'ValidationError',
      `The mask ${mask.fileName} is ${mask.width}×${mask.height} but ${source.fileName} is ${source.width}×${source.height}; a mask must be exactly the picture's size. Make it at ${source.width}×${source.height}.`,
      { field: 'maskMediaId' },
    );
  }
  if (!pngHasAlpha(fs.readFileSync(media.storedFile(workspaceId, mask.storedPath)))) {
    throw new AppError('ValidationError', `The mask ${mask.fileName} has no transparency, so it marks nothing to change. Erase (make transparent) the parts to redraw and save it as PNG with alpha.`, {
      field: 'maskMediaId',
    });
  }
  return { source, mask };
}

/** The checked items with their bytes, ready to upload. */
export function readEdit(media: MediaLibrary, workspaceId: string, edit: ImageEdit): EditFiles {
  const { source, mask } = checkEdit(media, workspaceId, edit);
  const upload = (item: MediaItem): UploadFile => ({ bytes: fs.readFileSync(media.storedFile(workspaceId, item.storedPath)), fileName: item.fileName, mimeType: item.mimeType });
  return { source, mask, image: upload(source), ...(mask ? { maskFile: upload(mask) } : {}) };
}

/** Colour type with alpha (4, 6), or a tRNS chunk before the pixels. */
export function pngHasAlpha(bytes: Buffer): boolean {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return false;
  const colourType = bytes[25];
  if (colourType === 4 || colourType === 6) return true;
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('ascii', at + 4, at + 8);
    if (type === 'tRNS') return true;
    if (type === 'IDAT' || type === 'IEND') return false;
    at += 12 + length;
  }
  return false;
}
