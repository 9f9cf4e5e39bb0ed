// The media route serves the same URLs in the browser and in Electron (same origin, cookie auth).

/** The file itself; the route answers Range requests, so <video> and <audio> can seek. */
export const mediaUrl = (workspaceId: string, mediaId: string): string => `/media/${encodeURIComponent(workspaceId)}/${encodeURIComponent(mediaId)}`;

/** A small picture of it: a frame, or a waveform for audio (only when item.hasThumbnail). */
export const thumbnailUrl = (workspaceId: string, mediaId: string): string => `${mediaUrl(workspaceId, mediaId)}/thumbnail`;

export const uploadUrl = (workspaceId: string, fileName: string): string =>
  `/media/${encodeURIComponent(workspaceId)}/upload?name=${encodeURIComponent(fileName)}`;
