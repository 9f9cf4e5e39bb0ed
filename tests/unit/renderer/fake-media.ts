import type { EventName, Events } from '../../../src-shared/contract';
import type { MediaCapabilities, MediaItem, MediaKind, MediaLineage, RenderRequest, RenderStatus } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { Uploader, UploadOutcome } from '../../../src-renderer/features/media/upload';
import { parseLikeTheCore } from './fake-accounts';

/** An item already in a workspace's library; the rest of MediaItem is filled in from its kind. */
export interface MediaSeed {
  workspaceId?: string;
  fileName: string;
  kind: MediaKind;
  tags?: string[];
  altText?: string | null;
  hasThumbnail?: boolean;
  durationSeconds?: number | null;
  width?: number | null;
  height?: number | null;
  bytes?: number;
  loudnessLufs?: number | null;
  lineage?: MediaLineage | null;
}

export interface RenderSeed {
  workspaceId?: string;
  request: RenderRequest;
  state?: RenderStatus['state'];
  progress?: number | null;
  etaSeconds?: number | null;
  speed?: number | null;
  outputMediaId?: string | null;
  error?: { name: string; message: string } | null;
}

type Handler = (input: Record<string, unknown>) => unknown;

export const MEDIA_METHODS = new Set<string>([
  'media.list',
  'media.get',
  'media.setAltText',
  'media.setTags',
  'media.remove',
  'media.setCaptions',
  'media.removeCaptions',
  'studio.transcribe',
  'media.capabilities',
  'media.render',
  'media.renders',
  'media.getRender',
  'media.cancelRender',
]);

const STAMP = '2025-01-01T00:00:00.000Z';
const MIME: Record<MediaKind, string> = { image: 'image/jpeg', video: 'video/mp4', audio: 'audio/mpeg' };

export const FULL_CAPABILITIES: MediaCapabilities = { ffmpegVersion: '7.1', stabilise: 'vidstab', captions: true, notes: [] };

/**
 * The media library and its renders as src-main/core/media keeps them: same method names, events,
 * error names and wording; input checked by the contract like the core's dispatcher. Renders do not
 * run: a test moves them on with progress(), succeed(), fail().
 */
export function createFakeMedia(deps: {
  emit: <E extends EventName>(event: E, payload: Events[E]) => void;
  workspace: (id: unknown) => { id: string };
  items?: MediaSeed[];
  renders?: RenderSeed[];
  capabilities?: MediaCapabilities;
}) {
  let nextItem = 1;
  let nextRender = 1;
  let clock = Date.parse(STAMP);
  const tick = () => new Date((clock += 1000)).toISOString();
  const items: (MediaItem & { workspaceId: string })[] = [];
  const renders: (RenderStatus & { workspaceId: string })[] = [];
  let capabilities = deps.capabilities ?? FULL_CAPABILITIES;

  const make = (seed: MediaSeed): MediaItem & { workspaceId: string } => {
    const id = `media-${nextItem++}`;
    const visual = seed.kind !== 'audio';
    const timed = seed.kind !== 'image';
    return {
      workspaceId: seed.workspaceId ?? 'ws-1',
      id,
      kind: seed.kind,
      sha256: id.padEnd(64, '0'),
      fileName: seed.fileName,
      storedPath: `media/00/${id}`,
      mimeType: MIME[seed.kind],
      bytes: seed.bytes ?? 2_500_000,
      width: seed.width !== undefined ? seed.width : visual ? 1920 : null,
      height: seed.height !== undefined ? seed.height : visual ? 1080 : null,
      durationSeconds: seed.durationSeconds !== undefined ? seed.durationSeconds : timed ? 42 : null,
      videoCodec: seed.kind === 'video' ? 'h264' : null,
      audioCodec: timed ? 'aac' : null,
      frameRate: seed.kind === 'video' ? 30 : null,
      loudnessLufs: seed.loudnessLufs !== undefined ? seed.loudnessLufs : timed ? -14.2 : null,
      altText: seed.altText ?? null,
      tags: seed.tags ?? [],
      hasThumbnail: seed.hasThumbnail ?? seed.kind !== 'audio',
      lineage: seed.lineage ?? null,
      captions: [],
      createdAt: tick(),
    };
  };
  const publicItem = ({ workspaceId: _ws, ...item }: MediaItem & { workspaceId: string }): MediaItem => item;
  const publicRender = ({ workspaceId: _ws, ...render }: RenderStatus & { workspaceId: string }): RenderStatus => render;

  for (const seed of deps.items ?? []) items.push(make(seed));

  const makeRender = (workspaceId: string, request: RenderRequest, seed: Partial<RenderSeed> = {}) => {
    const at = tick();
    const render: RenderStatus & { workspaceId: string } = {
      workspaceId,
      id: `render-${nextRender++}`,
      kind: request.kind,
      request,
      state: seed.state ?? 'queued',
      progress: seed.progress ?? null,
      etaSeconds: seed.etaSeconds ?? null,
      speed: seed.speed ?? null,
      outputMediaId: seed.outputMediaId ?? null,
      error: seed.error ?? null,
      createdAt: at,
      updatedAt: at,
    };
    renders.unshift(render);
    return render;
  };
  for (const seed of deps.renders ?? []) makeRender(seed.workspaceId ?? 'ws-1', seed.request, seed);

  const findItem = (workspaceId: string, id: unknown) => {
    const item = items.find((i) => i.workspaceId === workspaceId && i.id === id);
    if (!item) throw new AppError('NotFound', `There is no media item with id ${String(id)} in this workspace. Run \`promogpt media list\` to see them.`);
    return item;
  };
  const findRender = (workspaceId: string, id: unknown) => {
    const render = renders.find((r) => r.workspaceId === workspaceId && r.id === id);
    if (!render) throw new AppError('NotFound', `There is no render with id ${String(id)} in this workspace.`);
    return render;
  };
  const changeRender = (id: string, patch: Partial<RenderStatus>) => {
    const render = renders.find((r) => r.id === id);
    if (!render) throw new Error(`No render ${id}`);
    Object.assign(render, patch, { updatedAt: tick() });
    deps.emit('media.renderChanged', { workspaceId: render.workspaceId, render: publicRender(render) });
    return render;
  };

  const raw: Record<string, Handler> = {
    'media.list': (input) => {
      const ws = deps.workspace(input.workspaceId).id;
      const search = typeof input.search === 'string' ? input.search.trim().toLowerCase() : '';
      return items
        .filter((i) => i.workspaceId === ws)
        .filter((i) => !input.kind || i.kind === input.kind)
        .filter((i) => !input.tag || i.tags.includes(String(input.tag)))
        .filter((i) => !search || [i.fileName, i.altText ?? '', ...i.tags].some((text) => text.toLowerCase().includes(search)))
        .reverse()
        .map(publicItem);
    },
    'media.get': (input) => publicItem(findItem(deps.workspace(input.workspaceId).id, input.mediaId)),
    'media.setAltText': (input) => {
      const item = findItem(deps.workspace(input.workspaceId).id, input.mediaId);
      item.altText = String(input.altText) || null;
      deps.emit('media.changed', { workspaceId: item.workspaceId });
      return publicItem(item);
    },
    'media.setTags': (input) => {
      const item = findItem(deps.workspace(input.workspaceId).id, input.mediaId);
      item.tags = [...new Set((input.tags as string[]).map((t) => t.trim().toLowerCase()).filter(Boolean))];
      deps.emit('media.changed', { workspaceId: item.workspaceId });
      return publicItem(item);
    },
    'media.remove': (input) => {
      const item = findItem(deps.workspace(input.workspaceId).id, input.mediaId);
      items.splice(items.indexOf(item), 1);
      deps.emit('media.changed', { workspaceId: item.workspaceId });
      return { id: item.id };
    },
    // Cues are counted the way the core counts them: one per timing line.
    'media.setCaptions': (input) => {
      const item = findItem(deps.workspace(input.workspaceId).id, input.mediaId);
      const lang = String(input.lang);
      const cues = String(input.text).split('-->').length - 1;
      item.captions = [...item.captions.filter((c) => c.lang !== lang), { lang, cues }].sort((a, b) => a.lang.localeCompare(b.lang));
      deps.emit('media.changed', { workspaceId: item.workspaceId });
      return publicItem(item);
    },
    'media.removeCaptions': (input) => {
      const item = findItem(deps.workspace(input.workspaceId).id, input.mediaId);
      item.captions = item.captions.filter((c) => c.lang !== input.lang);
      deps.emit('media.changed', { workspaceId: item.workspaceId });
      return publicItem(item);
    },
    // As the core: the provider's WebVTT becomes the item's captions file (two cues here).
    'studio.transcribe': (input) => {
      const item = findItem(deps.workspace(input.workspaceId).id, input.mediaId);
      const lang = String(input.lang);
      item.captions = [...item.captions.filter((c) => c.lang !== lang), { lang, cues: 2 }].sort((a, b) => a.lang.localeCompare(b.lang));
      deps.emit('media.changed', { workspaceId: item.workspaceId });
      return { id: 'gen-1', kind: 'transcription', state: 'succeeded', mediaIds: [item.id] };
    },
    'media.capabilities': () => capabilities,
    'media.render': (input) => {
      const ws = deps.workspace(input.workspaceId).id;
      const request = input.request as RenderRequest;
      for (const id of sourceIds(request)) findItem(ws, id);
      const render = makeRender(ws, request);
      deps.emit('media.renderChanged', { workspaceId: ws, render: publicRender(render) });
      return publicRender(render);
    },
    'media.renders': (input) => {
      const ws = deps.workspace(input.workspaceId).id;
      return renders.filter((r) => r.workspaceId === ws).slice(0, 50).map(publicRender);
    },
    'media.getRender': (input) => publicRender(findRender(deps.workspace(input.workspaceId).id, input.renderId)),
    'media.cancelRender': (input) => {
      const render = findRender(deps.workspace(input.workspaceId).id, input.renderId);
      if (render.state === 'succeeded' || render.state === 'failed') {
        throw new AppError('Conflict', `This render has already ${render.state === 'succeeded' ? 'finished' : 'failed'}; there is nothing to cancel.`);
      }
      return publicRender(changeRender(render.id, { state: 'cancelled', etaSeconds: null, speed: null }));
    },
  };

  // Checked by the contract's zod schemas, as the core's dispatcher does.
  const handlers: Record<string, Handler> = Object.fromEntries(
    Object.entries(raw).map(([method, handler]) => [method, (input: Record<string, unknown>) => handler(parseLikeTheCore(method, input))]),
  );

  return {
    handlers,
    /** What the core holds now, newest last. */
    items: () => items.map(publicItem),
    renders: () => renders.map(publicRender),
    setCapabilities(next: MediaCapabilities) {
      capabilities = next;
    },
    /** A file arriving through the upload route: stored, then media.changed. */
    addUploaded(seed: MediaSeed): MediaItem {
      const item = make(seed);
      items.push(item);
      deps.emit('media.changed', { workspaceId: item.workspaceId });
      return publicItem(item);
    },
    /** The render runs: progress 0…1, with time left and speed. */
    progress(renderId: string, progress: number, etaSeconds: number | null, speed: number | null) {
      return publicRender(changeRender(renderId, { state: 'running', progress, etaSeconds, speed }));
    },
    /** The render made a new item with its lineage. */
    succeed(renderId: string, output: Omit<MediaSeed, 'lineage' | 'workspaceId'>) {
      const render = renders.find((r) => r.id === renderId);
      if (!render) throw new Error(`No render ${renderId}`);
      const item = make({ ...output, workspaceId: render.workspaceId, lineage: { renderId, sourceIds: sourceIds(render.request), request: render.request } });
      items.push(item);
      changeRender(renderId, { state: 'succeeded', progress: 1, etaSeconds: 0, outputMediaId: item.id });
      deps.emit('media.changed', { workspaceId: render.workspaceId });
      return publicItem(item);
    },
    fail(renderId: string, message: string, name = 'Internal') {
      return publicRender(changeRender(renderId, { state: 'failed', etaSeconds: null, speed: null, error: { name, message } }));
    },
  };
}

function sourceIds(request: RenderRequest): string[] {
  switch (request.kind) {
    case 'image-to-video':
      return [...request.imageIds, ...(request.musicId ? [request.musicId] : []), ...(request.voiceId ? [request.voiceId] : [])];
    case 'watermark':
      return [request.videoId, request.imageId];
    default:
      return [request.videoId];
  }
}

export type FakeMedia = ReturnType<typeof createFakeMedia>;

/** One file handed to the fake uploader; the test moves it on. */
export interface FakeSend {
  workspaceId: string;
  file: File;
  aborted: boolean;
  progress(loaded: number): void;
  finish(outcome: UploadOutcome): void;
}

/**
 * Stands in for the media route's upload: each file waits until the test reports progress and
 * finishes it, as the route would (added → the core's item; refused → the reason).
 */
export function createFakeUploader() {
  const sends: FakeSend[] = [];
  const uploader: Uploader = (workspaceId, file, onProgress) => {
    let resolve: (outcome: UploadOutcome) => void = () => undefined;
    const done = new Promise<UploadOutcome>((r) => {
      resolve = r;
    });
    const send: FakeSend = {
      workspaceId,
      file,
      aborted: false,
      progress: (loaded) => onProgress({ loaded, total: file.size }),
      finish: (outcome) => resolve(outcome),
    };
    sends.push(send);
    return {
      done,
      abort: () => {
        send.aborted = true;
        resolve({ ok: false, message: 'Upload cancelled.', cancelled: true });
      },
    };
  };
  return { uploader, sends };
}
