// Caption files kept with a video, one per language: imported from SRT or WebVTT, stored as
// WebVTT we write ourselves (so what a platform receives is always well-formed), and sent
// beside the video where a platform takes a captions file.
import { and, asc, eq } from 'drizzle-orm';
import type { CaptionTrack, CaptionTrackInfo, MediaItem } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { WorkspaceDb } from '../db/app-db';
import { mediaCaptions } from '../db/schema/workspace';
import { parseCaptions, writeWebVtt } from './render/subtitles';

/** BCP 47 as platforms accept it: a 2–3 letter language, then optional subtags (pt-BR, zh-Hant). */
export const CAPTION_LANG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/;
/** Far above any real video's captions; keeps a pasted novel out of the database. */
export const MAX_CAPTION_BYTES = 500_000;

/** Caption files go with videos: a picture or audio is refused, saying what to choose. */
export function assertVideo(item: MediaItem): void {
  if (item.kind !== 'video') {
    throw new AppError('ValidationError', `${item.fileName} is ${item.kind === 'image' ? 'a picture' : 'audio'}; caption files go with videos. Choose a video.`, { field: 'mediaId' });
  }
}

/** Caption languages per media id, for every item that has any (one read for a whole list). */
export function captionsByItem(db: WorkspaceDb): Map<string, CaptionTrackInfo[]> {
  const rows = db.orm.select({ mediaId: mediaCaptions.mediaId, lang: mediaCaptions.lang, cues: mediaCaptions.cues }).from(mediaCaptions).orderBy(asc(mediaCaptions.lang)).all();
  const out = new Map<string, CaptionTrackInfo[]>();
  for (const { mediaId, lang, cues } of rows) out.set(mediaId, [...(out.get(mediaId) ?? []), { lang, cues }]);
  return out;
}

export function captionTracks(db: WorkspaceDb, mediaId: string): CaptionTrack[] {
  return db.orm.select({ lang: mediaCaptions.lang, vtt: mediaCaptions.vtt }).from(mediaCaptions).where(eq(mediaCaptions.mediaId, mediaId)).orderBy(asc(mediaCaptions.lang)).all();
}

/** Parses SRT or WebVTT and keeps it as the item's captions in `lang`, replacing any there were. */
export function saveCaptions(db: WorkspaceDb, mediaId: string, lang: string, source: string, at: string): void {
  if (!CAPTION_LANG.test(lang)) {
    throw new AppError('ValidationError', `“${lang.slice(0, 20)}” is not a language tag like en, de or pt-BR. Give the language the captions are in.`, { field: 'lang' });
  }
  if (Buffer.byteLength(source) > MAX_CAPTION_BYTES) {
    throw new AppError('ValidationError', `These captions are larger than ${MAX_CAPTION_BYTES / 1000} kB; that is not a captions file for one video. Check you chose the right file.`, { field: 'text' });
  }
  const cues = parseCaptions(source);
  const vtt = writeWebVtt(cues);
  db.write((orm) =>
    orm
      .insert(mediaCaptions)
      .values({ mediaId, lang, vtt, cues: cues.length, updatedAt: at })
      .onConflictDoUpdate({ target: [mediaCaptions.mediaId, mediaCaptions.lang], set: { vtt, cues: cues.length, updatedAt: at } })
      .run(),
  );
}

export function deleteCaptions(db: WorkspaceDb, mediaId: string, lang: string): void {
  const { changes } = db.write((orm) => orm.delete(mediaCaptions).where(and(eq(mediaCaptions.mediaId, mediaId), eq(mediaCaptions.lang, lang))).run());
  if (changes === 0) throw new AppError('NotFound', `This video has no ${lang} captions. Its captions are listed with the item.`, { field: 'lang' });
}
