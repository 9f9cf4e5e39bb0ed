import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { MediaCapabilities, MediaItem, MediaKind, RenderRequest, RenderStatus } from '../../src-shared/domain';
import { ApiError, type Api } from '../api/client';
import { errorMessage } from '../api/error-message';
import type { Uploader } from '../features/media/upload';

export interface MediaFilters {
  kind: MediaKind | null;
  tag: string | null;
  search: string;
}

export const NO_MEDIA_FILTERS: MediaFilters = { kind: null, tag: null, search: '' };

export type UploadState = 'waiting' | 'sending' | 'added' | 'refused' | 'cancelled';

/** One file the user dropped or picked, from waiting to added or refused; finished rows stay until dismissed. */
export interface UploadRow {
  id: string;
  fileName: string;
  loaded: number;
  total: number;
  state: UploadState;
  item: MediaItem | null;
  /** The library already held the same bytes. */
  deduplicated: boolean;
  /** Why it was refused, in one sentence. */
  message: string | null;
}

export interface MediaState {
  workspaceId: string;
  filters: MediaFilters;
  /** The library as filtered, newest first as the core sends it. */
  items: MediaItem[];
  /** True until the first list of these filters arrived (or failed). */
  loading: boolean;
  error: string | null;
  /** Every item seen so far (any filter, fetched one by one, just uploaded), for names and the selected item. */
  byId: ReadonlyMap<string, MediaItem>;
  /** Every tag seen in this workspace so far, for the tag filter. */
  knownTags: string[];
  /** Newest first. */
  renders: RenderStatus[];
  rendersError: string | null;
  capabilities: MediaCapabilities | null;
  capabilitiesError: string | null;
  uploads: UploadRow[];
  setFilters(patch: Partial<MediaFilters>): Promise<void>;
  reload(): Promise<void>;
  /** media.changed from the core: the list is fetched again after a short quiet spell. */
  changed(): void;
  /** media.renderChanged from the core, or a render's own answer. */
  renderChanged(render: RenderStatus): void;
  upload(files: readonly File[]): void;
  cancelUpload(id: string): void;
  dismissUpload(id: string): void;
  clearFinishedUploads(): void;
  get(mediaId: string): Promise<MediaItem>;
  setAltText(mediaId: string, altText: string): Promise<MediaItem>;
  setTags(mediaId: string, tags: string[]): Promise<MediaItem>;
  /** Keeps SRT or WebVTT text as a video's captions file in one language. */
  setCaptions(mediaId: string, lang: string, text: string): Promise<MediaItem>;
  removeCaptions(mediaId: string, lang: string): Promise<MediaItem>;
  /** Captions by the workspace's AI provider (its transcription model), kept as the item's captions file. */
  transcribe(mediaId: string, lang: string): Promise<MediaItem>;
  remove(mediaId: string): Promise<void>;
  render(request: RenderRequest): Promise<RenderStatus>;
  cancelRender(renderId: string): Promise<RenderStatus>;
  /** Loads the list, the renders and what ffmpeg can do, and follows the core's events; returns the function that stops. */
  start(): () => void;
}

export type MediaStore = StoreApi<MediaState>;

/** Changes pushed within this many milliseconds are fetched together. */
export const MEDIA_CHANGE_DEBOUNCE_MS = 150;
/** Files sent at the same time; the rest wait their turn. */
export const PARALLEL_UPLOADS = 2;

const FINISHED = new Set<RenderStatus['state']>(['succeeded', 'failed', 'cancelled']);
export const isRenderActive = (render: RenderStatus): boolean => !FINISHED.has(render.state);

/** Whether `incoming` is news compared with what is shown: never back from an ended state, never older. */
function newer(incoming: RenderStatus, shown: RenderStatus): boolean {
  if (!isRenderActive(shown) && isRenderActive(incoming)) return false;
  return Date.parse(incoming.updatedAt) >= Date.parse(shown.updatedAt) || (isRenderActive(shown) && !isRenderActive(incoming));
}

function withTags(known: readonly string[], items: readonly MediaItem[]): string[] {
  const all = new Set(known);
  for (const item of items) for (const tag of item.tags) all.add(tag);
  return all.size === known.length ? (known as string[]) : [...all].sort((a, b) => a.localeCompare(b));
}

/** Whether the core's list for `filters` would hold `item` (its search: name, alt text, tags). */
function matches(item: MediaItem, filters: MediaFilters): boolean {
  if (filters.kind && item.kind !== filters.kind) return false;
  if (filters.tag && !item.tags.includes(filters.tag)) return false;
  const search = filters.search.trim().toLowerCase();
  return !search || [item.fileName, item.altText ?? '', ...item.tags].some((text) => text.toLowerCase().includes(search));
}

/** The items seen so far, updated from a fresh list: those it should hold but does not are gone. */
function pruned(known: ReadonlyMap<string, MediaItem>, list: readonly MediaItem[], filters: MediaFilters): Map<string, MediaItem> {
  const byId = new Map<string, MediaItem>();
  for (const [id, item] of known) if (!matches(item, filters)) byId.set(id, item);
  for (const item of list) byId.set(item.id, item);
  return byId;
}

export function createMediaStore(api: Api, workspaceId: string, uploader: Uploader): MediaStore {
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let uploadSeq = 0;
  let stopped = false;
  const aborts = new Map<string, () => void>();
  const files = new Map<string, File>();

  return createStore<MediaState>()((set, get) => {
    const patchUpload = (id: string, patch: Partial<UploadRow>) => set({ uploads: get().uploads.map((u) => (u.id === id ? { ...u, ...patch } : u)) });

    const remember = (items: readonly MediaItem[]) => {
      const byId = new Map(get().byId);
      for (const item of items) byId.set(item.id, item);
      return byId;
    };

    const keepItem = (item: MediaItem) =>
      set({ items: get().items.map((i) => (i.id === item.id ? item : i)), byId: remember([item]), knownTags: withTags(get().knownTags, [item]) });

    /** Starts waiting files while fewer than PARALLEL_UPLOADS are on their way. */
    const pump = () => {
      if (stopped) return;
      let sending = get().uploads.filter((u) => u.state === 'sending').length;
      for (const row of get().uploads) {
        if (sending >= PARALLEL_UPLOADS) break;
        if (row.state !== 'waiting') continue;
        const file = files.get(row.id);
        if (!file) continue;
        sending += 1;
        patchUpload(row.id, { state: 'sending' });
        const handle = uploader(workspaceId, file, ({ loaded, total }) => {
          if (!stopped) patchUpload(row.id, { loaded, total });
        });
        aborts.set(row.id, handle.abort);
        void handle.done.then((outcome) => {
          aborts.delete(row.id);
          files.delete(row.id);
          if (stopped) return;
          if (outcome.ok) {
            const total = get().uploads.find((u) => u.id === row.id)?.total ?? file.size;
            patchUpload(row.id, { state: 'added', item: outcome.item, deduplicated: outcome.deduplicated, loaded: total, total });
            set({ byId: remember([outcome.item]) });
            get().changed();
          } else {
            patchUpload(row.id, { state: outcome.cancelled ? 'cancelled' : 'refused', message: outcome.message });
          }
          pump();
        });
      }
    };

    return {
      workspaceId,
      filters: NO_MEDIA_FILTERS,
      items: [],
      loading: true,
      error: null,
      byId: new Map(),
      knownTags: [],
      renders: [],
      rendersError: null,
      capabilities: null,
      capabilitiesError: null,
      uploads: [],

      async setFilters(patch) {
        set({ filters: { ...get().filters, ...patch } });
        await get().reload();
      },

      async reload() {
        const mine = ++generation;
        const { kind, tag, search } = get().filters;
        set({ loading: true, error: null });
        try {
          const items = await api.call('media.list', {
            workspaceId,
            ...(kind ? { kind } : {}),
            ...(tag ? { tag } : {}),
            ...(search.trim() ? { search: search.trim() } : {}),
          });
          if (mine !== generation) return;
          set({ items, byId: pruned(get().byId, items, get().filters), loading: false, error: null, knownTags: withTags(get().knownTags, items) });
        } catch (failure) {
          if (mine === generation) set({ loading: false, error: errorMessage(failure) });
        }
      },

      changed() {
        if (timer !== null || stopped) return;
        timer = setTimeout(() => {
          timer = null;
          void get().reload();
        }, MEDIA_CHANGE_DEBOUNCE_MS);
      },

      renderChanged(render) {
        const renders = get().renders;
        const shown = renders.find((r) => r.id === render.id);
        if (!shown) {
          set({ renders: [render, ...renders] });
        } else {
          if (!newer(render, shown)) return;
          set({ renders: renders.map((r) => (r.id === render.id ? render : r)) });
        }
        if (render.state === 'succeeded' && shown?.state !== 'succeeded') get().changed();
      },

      upload(list) {
        const rows: UploadRow[] = list.map((file) => {
          const id = `upload-${++uploadSeq}`;
          files.set(id, file);
          return { id, fileName: file.name, loaded: 0, total: file.size, state: 'waiting', item: null, deduplicated: false, message: null };
        });
        set({ uploads: [...get().uploads, ...rows] });
        pump();
      },

      cancelUpload(id) {
        const row = get().uploads.find((u) => u.id === id);
        if (!row) return;
        if (row.state === 'waiting') {
          files.delete(id);
          patchUpload(id, { state: 'cancelled', message: 'Upload cancelled.' });
        } else if (row.state === 'sending') {
          aborts.get(id)?.();
        }
      },

      dismissUpload(id) {
        set({ uploads: get().uploads.filter((u) => u.id !== id || u.state === 'sending' || u.state === 'waiting') });
      },

      clearFinishedUploads() {
        set({ uploads: get().uploads.filter((u) => u.state === 'sending' || u.state === 'waiting') });
      },

      async get(mediaId) {
        try {
          const item = await api.call('media.get', { workspaceId, mediaId });
          if (!stopped) set({ byId: remember([item]) });
          return item;
        } catch (failure) {
          if (failure instanceof ApiError && failure.info.name === 'NotFound' && get().byId.has(mediaId)) {
            const byId = new Map(get().byId);
            byId.delete(mediaId);
            set({ byId });
          }
          throw failure;
        }
      },

      async setAltText(mediaId, altText) {
        const item = await api.call('media.setAltText', { workspaceId, mediaId, altText });
        keepItem(item);
        return item;
      },

      async setTags(mediaId, tags) {
        const item = await api.call('media.setTags', { workspaceId, mediaId, tags });
        keepItem(item);
        return item;
      },

      async setCaptions(mediaId, lang, text) {
        const item = await api.call('media.setCaptions', { workspaceId, mediaId, lang, text });
        keepItem(item);
        return item;
      },

      async removeCaptions(mediaId, lang) {
        const item = await api.call('media.removeCaptions', { workspaceId, mediaId, lang });
        keepItem(item);
        return item;
      },

      async transcribe(mediaId, lang) {
        await api.call('studio.transcribe', { workspaceId, mediaId, lang });
        const item = await api.call('media.get', { workspaceId, mediaId });
        keepItem(item);
        return item;
      },

      async remove(mediaId) {
        await api.call('media.remove', { workspaceId, mediaId });
        const byId = new Map(get().byId);
        byId.delete(mediaId);
        set({ items: get().items.filter((i) => i.id !== mediaId), byId });
      },

      async render(request) {
        const render = await api.call('media.render', { workspaceId, request });
        get().renderChanged(render);
        return render;
      },

      async cancelRender(renderId) {
        const render = await api.call('media.cancelRender', { workspaceId, renderId });
        get().renderChanged(render);
        return render;
      },

      start() {
        stopped = false;
        const stops = [
          api.on('media.changed', (payload) => {
            if (payload.workspaceId === workspaceId) get().changed();
          }),
          api.on('media.renderChanged', (payload) => {
            if (payload.workspaceId === workspaceId) get().renderChanged(payload.render);
          }),
        ];
        void get().reload();
        api.call('media.renders', { workspaceId }).then(
          (renders) => {
            // Events that arrived meanwhile are at least as new as the list.
            const seen = new Map(get().renders.map((r) => [r.id, r]));
            const merged = renders.map((r) => {
              const live = seen.get(r.id);
              return live && newer(live, r) ? live : r;
            });
            const extra = get().renders.filter((r) => !renders.some((x) => x.id === r.id));
            set({ renders: [...extra, ...merged], rendersError: null });
          },
          (failure: unknown) => set({ rendersError: errorMessage(failure) }),
        );
        api.call('media.capabilities', {}).then(
          (capabilities) => set({ capabilities, capabilitiesError: null }),
          (failure: unknown) => set({ capabilitiesError: errorMessage(failure) }),
        );
        return () => {
          stopped = true;
          for (const stop of stops) stop();
          for (const abort of aborts.values()) abort();
          aborts.clear();
          if (timer !== null) clearTimeout(timer);
          timer = null;
        };
      },
    };
  });
}
