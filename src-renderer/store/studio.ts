import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { AiProvider, AiSettings, Generation, RewriteStyle, TextAction, VideoSeconds } from '../../src-shared/ai';
import type { MediaItem } from '../../src-shared/domain';
import type { Platform } from '../../src-shared/platforms/platform';
import type { Api } from '../api/client';
import { errorMessage } from '../api/error-message';

/** Text as it streams in, per `platform#index`, for the generation running now. */
export type LiveText = Record<string, string>;

export const liveKey = (platform: Platform, index: number) => `${platform}#${index}`;

export interface StudioState {
  workspaceId: string;
  providers: AiProvider[];
  settings: AiSettings | null;
  history: Generation[];
  loading: boolean;
  loadError: string | null;
  /** The generation started from this window, while it runs and after it ended. */
  current: Generation | null;
  live: LiveText;
  running: boolean;
  /** Why the last generation failed, in one sentence; the form keeps what the user typed. */
  error: string | null;
  generateText(input: { brief: string; platforms: Platform[]; variations: number; provider?: string }): Promise<void>;
  /** Rewrite, translate, thread or hashtags on a given text; the result shows like variants. */
  textAction(input: { action: TextAction; text: string; platform: Platform; style?: RewriteStyle; language?: string; provider?: string }): Promise<void>;
  generateImage(input: { prompt: string; size: string; count: number; provider?: string }): Promise<void>;
  /** Changes a library picture by a prompt (and a mask); results land in the library like generated ones. */
  editImage(input: { prompt: string; mediaId: string; maskMediaId?: string; size: string; count: number; provider?: string }): Promise<void>;
  /** The library's pictures, to choose one to edit (and a mask); null until first asked for. */
  pictures: MediaItem[] | null;
  loadPictures(): Promise<void>;
  generateSpeech(input: { text: string; voice: string; provider?: string }): Promise<void>;
  /** Queues a video; it is made in the background and followed through the history. */
  generateVideo(input: { prompt: string; seconds: VideoSeconds; size: string; provider?: string }): Promise<void>;
  /** Stops any running generation by id (a video runs as a job, after `running` ended). */
  cancel(generationId: string): Promise<void>;
  rerun(generationId: string): Promise<void>;
  /** A history entry to open in its form, prefilled, to change and run (text and pictures). */
  tweak: Generation | null;
  startTweak(g: Generation | null): void;
  stop(): Promise<void>;
  reload(): Promise<void>;
  /** Loads providers, settings and history, and follows the core's studio events; returns the function that stops. */
  start(): () => void;
}

export type StudioStore = StoreApi<StudioState>;

export function createStudioStore(api: Api, workspaceId: string): StudioStore {
  const store = createStore<StudioState>()((set, get) => {
    const run = async (call: () => Promise<Generation>) => {
      if (get().running) return;
      set({ running: true, error: null, live: {}, current: null });
      try {
        const g = await call();
        set({ current: g });
      } catch (failure) {
        set({ error: errorMessage(failure) });
      } finally {
        set({ running: false });
        void get().reload();
      }
    };
    return {
      workspaceId,
      providers: [],
      settings: null,
      history: [],
      loading: true,
      loadError: null,
      current: null,
      live: {},
      running: false,
      error: null,
      tweak: null,
      startTweak: (g) => set({ tweak: g }),
      generateText: (input) => run(() => api.call('studio.generateText', { workspaceId, ...input })),
      textAction: (input) => run(() => api.call('studio.textAction', { workspaceId, ...input })),
      generateImage: (input) => run(() => api.call('studio.generateImage', { workspaceId, ...input })),
      editImage: (input) => run(() => api.call('studio.editImage', { workspaceId, ...input })),
      pictures: null,
      async loadPictures() {
        try {
          set({ pictures: await api.call('media.list', { workspaceId, kind: 'image' }) });
        } catch (failure) {
          set({ pictures: [], error: errorMessage(failure) });
        }
      },
      generateSpeech: (input) => run(() => api.call('studio.generateSpeech', { workspaceId, ...input })),
      generateVideo: (input) => run(() => api.call('studio.generateVideo', { workspaceId, ...input })),
      async cancel(generationId) {
        try {
          await api.call('studio.cancel', { workspaceId, generationId });
        } catch (failure) {
          set({ error: errorMessage(failure) });
        }
      },
      rerun: (generationId) => run(() => api.call('studio.rerun', { workspaceId, generationId })),
      async stop() {
        const current = get().current;
        if (!current || current.state !== 'running') return;
        try {
          await api.call('studio.cancel', { workspaceId, generationId: current.id });
        } catch (failure) {
          set({ error: errorMessage(failure) });
        }
      },
      async reload() {
        try {
          const [providers, settings, history] = await Promise.all([
            api.call('ai.listProviders', { workspaceId }),
            api.call('ai.getSettings', { workspaceId }),
            api.call('studio.history', { workspaceId, limit: 50 }),
          ]);
          set({ providers, settings, history, loading: false, loadError: null });
        } catch (failure) {
          set({ loading: false, loadError: errorMessage(failure) });
        }
      },
      start() {
        void get().reload();
        const offDelta = api.on('studio.delta', (d) => {
          if (d.workspaceId !== workspaceId || get().current?.id !== d.generationId) return;
          const key = liveKey(d.platform, d.index);
          const live = get().live;
          set({ live: { ...live, [key]: d.restart ? '' : (live[key] ?? '') + d.delta } });
        });
        const offChanged = api.on('studio.changed', ({ workspaceId: ws, generation }) => {
          if (ws !== workspaceId) return;
          // The history shows a generation from its start, here or in another window.
          const history = get().history;
          const at = history.findIndex((g) => g.id === generation.id);
          set({ history: at >= 0 ? history.map((g, i) => (i === at ? generation : g)) : [generation, ...history] });
          // The first change of a generation this window started tells us its id (for Stop and the deltas).
          const current = get().current;
          if (get().running && (!current || current.id === generation.id)) set({ current: generation });
          else if (current?.id === generation.id) set({ current: generation });
        });
        // New pictures (an edit's results, an upload elsewhere) show up in the pickers once they are open.
        const offMedia = api.on('media.changed', ({ workspaceId: ws }) => {
          if (ws === workspaceId && get().pictures !== null) void get().loadPictures();
        });
        return () => {
          offDelta();
          offChanged();
          offMedia();
        };
      },
    };
  });
  return store;
}
