// The composer's side of the media library: the items its attachments point at (for names,
// thumbnails and the rules' sizes and lengths), and "Make a version for <Platform>" reformats,
// followed until they end and then put into that platform's own version of the post.

import { createContext, useContext, useEffect } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ComposerDraft } from '../../../src-shared/domain';
import type { Platform } from '../../../src-shared/platforms/platform';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/error-message';
import type { MediaStore } from '../../store/media';
import { isLibrary, variantFor, type LibraryItems } from './composer-logic';
import type { ComposerStore } from './composer-store';

/** One "Make a version for <Platform>" the user asked for. */
export interface ReformatJob {
  platform: Platform;
  videoId: string;
  /** Null until the core queued it. */
  renderId: string | null;
  /** Why the core refused to start it. */
  error: string | null;
  /** The new item is in the platform's version. */
  applied: boolean;
}

interface AttachmentsState {
  jobs: ReformatJob[];
  /** Library items that could not be loaded (removed): why, in a sentence. */
  missing: Record<string, string>;
}

export interface ComposerMediaContext {
  workspaceId: string;
  media: MediaStore;
  attachments: StoreApi<AttachmentsState>;
}

const Context = createContext<ComposerMediaContext | null>(null);
export const ComposerMediaProvider = Context.Provider;

export function createAttachmentsStore(): StoreApi<AttachmentsState> {
  return createStore<AttachmentsState>()(() => ({ jobs: [], missing: {} }));
}

export function useComposerMedia(): ComposerMediaContext {
  const context = useContext(Context);
  if (!context) throw new Error('useComposerMedia outside ComposerMediaProvider');
  return context;
}

const NO_ITEMS: LibraryItems = new Map();

/** The library items known so far, by id; empty outside a composer. */
export function useLibraryItems(): LibraryItems {
  const context = useContext(Context);
  const items = useStore(context?.media ?? EMPTY_MEDIA, (s) => s.byId);
  return context ? items : NO_ITEMS;
}

// A stand-in so the hook above is called unconditionally.
const EMPTY_MEDIA = createStore(() => ({ byId: NO_ITEMS })) as unknown as MediaStore;

const sameJob = (job: ReformatJob, platform: Platform, videoId: string) => job.platform === platform && job.videoId === videoId;

export function useReformatJob(platform: Platform, videoId: string): ReformatJob | undefined {
  const { attachments } = useComposerMedia();
  return useStore(attachments, (s) => s.jobs.find((j) => sameJob(j, platform, videoId)));
}

/** Asks the core for a reformat of `videoId` for `platform`; a refusal is kept to show next to the button. */
export async function startReformat(context: ComposerMediaContext, platform: Platform, videoId: string): Promise<void> {
  const { attachments, media } = context;
  const put = (job: ReformatJob) => attachments.setState((s) => ({ jobs: [...s.jobs.filter((j) => !sameJob(j, platform, videoId)), job] }));
  put({ platform, videoId, renderId: null, error: null, applied: false });
  try {
    const render = await media.getState().render({ kind: 'reformat', videoId, platform });
    put({ platform, videoId, renderId: render.id, error: null, applied: false });
  } catch (failure) {
    put({ platform, videoId, renderId: null, error: errorMessage(failure), applied: false });
  }
}

/** Every library id the draft points at, main post and versions. */
function mediaIdsOf(draft: ComposerDraft): string[] {
  const all = [draft.media, ...Object.values(draft.variants).map((v) => v?.media ?? [])].flat();
  return [...new Set(all.flatMap((m) => (isLibrary(m) ? [m.mediaId] : [])))];
}

/**
 * Keeps the composer's library side up to date: loads items the draft points at that are not known
 * yet (an opened draft), and puts each finished reformat into its platform's version, in place of
 * the original, so the main post keeps the original for the other networks.
 */
export function useFollowLibrary(context: ComposerMediaContext, composer: ComposerStore): void {
  const { media, attachments } = context;
  const draft = useStore(composer, (s) => s.draft);
  const byId = useStore(media, (s) => s.byId);
  const renders = useStore(media, (s) => s.renders);
  const jobs = useStore(attachments, (s) => s.jobs);

  useEffect(() => {
    const { missing } = attachments.getState();
    for (const id of mediaIdsOf(draft)) {
      if (byId.has(id) || missing[id]) continue;
      media
        .getState()
        .get(id)
        .catch((failure: unknown) => {
          const message =
            failure instanceof ApiError && failure.info.name === 'NotFound'
              ? 'This item is no longer in the library. Remove it and choose the file again.'
              : `Could not load this item: ${errorMessage(failure)}`;
          attachments.setState((s) => ({ missing: { ...s.missing, [id]: message } }));
        });
    }
  }, [draft, byId, media, attachments]);

  useEffect(() => {
    for (const job of jobs) {
      if (job.applied || !job.renderId) continue;
      const render = renders.find((r) => r.id === job.renderId);
      if (render?.state !== 'succeeded' || !render.outputMediaId) continue;
      const output = render.outputMediaId;
      const attached = variantFor(composer.getState().draft, job.platform).media;
      // The user took the video out meanwhile: nothing to replace, and no version to make up.
      if (attached.some((m) => isLibrary(m) && m.mediaId === job.videoId)) {
        composer.getState().setVariant(job.platform, { media: attached.map((m) => (isLibrary(m) && m.mediaId === job.videoId ? { ...m, mediaId: output } : m)) });
      }
      attachments.setState((s) => ({ jobs: s.jobs.map((j) => (j === job ? { ...j, applied: true } : j)) }));
      if (!media.getState().byId.has(output)) void media.getState().get(output).catch(() => undefined);
    }
  }, [jobs, renders, composer, media, attachments]);
}
