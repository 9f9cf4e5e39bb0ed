import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { ComposerDraft, DuplicateWarning, Post, VariantOverride } from '../../../src-shared/domain';
import type { Platform } from '../../../src-shared/platforms/platform';
import type { Api } from '../../api/client';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/error-message';
import { cleanVariants, defaultWhen, EMPTY_DRAFT, mediaInput, whenInput, type WhenState } from './composer-logic';

export type SaveStatus = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; at: string } | { state: 'failed'; reason: string };

export type SubmitStatus =
  | { state: 'idle' }
  | { state: 'scheduling' }
  /** `duplicate`: the core's duplicate guard refused; "Schedule anyway" sends it again. */
  | { state: 'failed'; message: string; duplicate: boolean }
  | { state: 'done'; post: Post; when: WhenState };

export type ComposerTab = 'all' | Platform;

/** What the composer holds; everything but the status fields is kept on this device at every change. */
export interface ComposerState {
  workspaceId: string;
  /** The core's draft this text is saved as, once saved. */
  draftId: string | null;
  draft: ComposerDraft;
  when: WhenState;
  tab: ComposerTab;
  /** Changed since the core last saved it. */
  dirty: boolean;
  /** Counts replacements of the whole content (a draft opened, a post scheduled): late answers about older content are dropped. */
  epoch: number;
  save: SaveStatus;
  duplicates: DuplicateWarning[];
  submit: SubmitStatus;

  update(patch: Partial<Omit<ComposerDraft, 'variants'>>): void;
  /** Sets (a value) or drops (undefined) fields of one platform's override. */
  setVariant(platform: Platform, patch: { [K in keyof VariantOverride]?: VariantOverride[K] | undefined }): void;
  toggleAccount(accountId: string): void;
  setWhen(patch: Partial<WhenState>): void;
  setTab(tab: ComposerTab): void;
  /** Puts other content in (a restored copy, an opened draft). */
  replace(content: { draftId: string | null; draft: ComposerDraft; when?: WhenState; dirty?: boolean }): void;
  /** An empty composer; the caller makes sure the old content is saved first. */
  reset(): void;
  schedule(allowDuplicate?: boolean): Promise<Post | null>;
}

export type ComposerStore = StoreApi<ComposerState>;

export function createComposerStore(api: Api, workspaceId: string): ComposerStore {
  return createStore<ComposerState>()((set, get) => {
    const edit = (draft: ComposerDraft) =>
      set((s) => ({ draft, dirty: true, submit: s.submit.state === 'scheduling' ? s.submit : { state: 'idle' } }));

    return {
      workspaceId,
      draftId: null,
      draft: EMPTY_DRAFT,
      when: defaultWhen(),
      tab: 'all',
      dirty: false,
      epoch: 0,
      save: { state: 'idle' },
      duplicates: [],
      submit: { state: 'idle' },

      update(patch) {
        edit({ ...get().draft, ...patch });
      },

      setVariant(platform, patch) {
        const { draft } = get();
        const merged: VariantOverride = { ...draft.variants[platform], ...patch };
        edit({ ...draft, variants: cleanVariants({ ...draft.variants, [platform]: merged }) });
      },

      toggleAccount(accountId) {
        const { draft } = get();
        const accountIds = draft.accountIds.includes(accountId) ? draft.accountIds.filter((id) => id !== accountId) : [...draft.accountIds, accountId];
        edit({ ...draft, accountIds });
      },

      setWhen(patch) {
        set((s) => ({ when: { ...s.when, ...patch }, submit: s.submit.state === 'scheduling' ? s.submit : { state: 'idle' } }));
      },

      setTab(tab) {
        set({ tab });
      },

      replace({ draftId, draft, when, dirty = false }) {
        set((s) => ({
          draftId,
          draft: { ...EMPTY_DRAFT, ...draft, variants: cleanVariants(draft.variants ?? {}) },
          when: when ?? s.when,
          tab: 'all',
          dirty,
          epoch: s.epoch + 1,
          save: { state: 'idle' },
          duplicates: [],
          submit: { state: 'idle' },
        }));
      },

      reset() {
        set((s) => ({
          draftId: null,
          draft: EMPTY_DRAFT,
          when: defaultWhen(),
          tab: 'all',
          dirty: false,
          epoch: s.epoch + 1,
          save: { state: 'idle' },
          duplicates: [],
        }));
      },

      async schedule(allowDuplicate = false) {
        const { draft, when, draftId, submit } = get();
        if (submit.state === 'scheduling') return null;
        set({ submit: { state: 'scheduling' } });
        try {
          const post = await api.call('post.create', {
            workspaceId,
            accountIds: draft.accountIds,
            text: draft.text,
            media: mediaInput(draft.media),
            thread: draft.thread,
            ...(draft.firstComment?.trim() ? { firstComment: draft.firstComment } : {}),
            variants: draft.variants,
            when: whenInput(when),
            ...(allowDuplicate ? { allowDuplicate: true } : {}),
            ...(draftId ? { draftId } : {}),
          });
          // Only now, with the post safely in the core, does the composer let go of the text.
          get().reset();
          set({ submit: { state: 'done', post, when } });
          return post;
        } catch (failure) {
          // Only the duplicate guard's Conflict (it lists the clashes) can be overridden with "anyway".
          const duplicate = failure instanceof ApiError && failure.info.name === 'Conflict' && Array.isArray(failure.info.details?.duplicates);
          set({ submit: { state: 'failed', message: errorMessage(failure), duplicate } });
          return null;
        }
      },
    };
  });
}
