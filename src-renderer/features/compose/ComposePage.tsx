import '../../styles/compose.css';
import '../../styles/media.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import type { Account } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { useAccounts, useSession, useWorkspaces } from '../../app/session-context';
import { AccountPicker } from './AccountPicker';
import { type Autosave, readLocal, startAutosave } from './autosave';
import { platformsOf, sendBlockers, usesLibraryMedia } from './composer-logic';
import { createMediaStore } from '../../store/media';
import { currentUploader } from '../media/upload';
import { ComposerMediaProvider, createAttachmentsStore, useFollowLibrary, type ComposerMediaContext } from './composer-media';
import { createComposerStore, type ComposerStore } from './composer-store';
import { DraftsList } from './DraftsList';
import { DuplicateWarning } from './DuplicateWarning';
import { PlatformCounter } from './PlatformCounter';
import { PostPreview } from './PostPreview';
import { SaveStatusLine } from './SaveStatusLine';
import { ScheduleBar } from './ScheduleBar';
import { ScheduledConfirmation } from './ScheduledConfirmation';
import { useDuplicateCheck } from './useDuplicateCheck';
import { useQueueSlots } from './useQueueSlots';
import { VariantEditor } from './VariantEditor';
import { WhenPicker } from './WhenPicker';

const NO_ACCOUNTS: Account[] = [];

/** `#/compose?draft=post-7` → 'post-7'. */
function draftIdFromHash(hash: string): string | null {
  const query = hash.split('?')[1];
  return query ? new URLSearchParams(query).get('draft') : null;
}

/** Write a post once for several accounts, fit it to each network, and send it now, later or on repeat. */
export function ComposePage() {
  const workspaceId = useWorkspaces((s) => s.currentId);
  if (!workspaceId) return null;
  return <Composer key={workspaceId} workspaceId={workspaceId} />;
}

function createRestoredStore(...args: Parameters<typeof createComposerStore>): ComposerStore {
  const store = createComposerStore(...args);
  // Whatever this device kept (the app closed or crashed mid-sentence) comes back first.
  const local = readLocal(args[1]);
  if (local) store.getState().replace({ draftId: local.draftId, draft: local.draft, ...(local.when ? { when: local.when } : {}), dirty: local.dirty });
  return store;
}

function Composer({ workspaceId }: { workspaceId: string }) {
  const { api } = useSession();
  const accounts = useAccounts((s) => (s.workspaceId === workspaceId ? s.accounts : NO_ACCOUNTS));
  const [store] = useState(() => createRestoredStore(api, workspaceId));
  // The library, for attachments chosen from it and the reformats the composer offers.
  const [mediaContext] = useState<ComposerMediaContext>(() => ({ workspaceId, media: createMediaStore(api, workspaceId, currentUploader()), attachments: createAttachmentsStore() }));
  // Only a post with library items needs the library's list and render events.
  const usesLibrary = useStore(store, (s) => usesLibraryMedia(s.draft));
  useEffect(() => (usesLibrary ? mediaContext.media.getState().start() : undefined), [mediaContext, usesLibrary]);
  useFollowLibrary(mediaContext, store);
  const autosave = useRef<Autosave | null>(null);
  const [pageMessage, setPageMessage] = useState<string | null>(null);

  const draft = useStore(store, (s) => s.draft);
  const whenKind = useStore(store, (s) => s.when.kind);
  const timeZone = useStore(store, (s) => s.when.timeZone);
  const duplicates = useStore(store, (s) => s.duplicates);
  const draftId = useStore(store, (s) => s.draftId);
  const submit = useStore(store, (s) => s.submit);

  const platforms = platformsOf(accounts, draft.accountIds);
  const chosen = accounts.filter((a) => draft.accountIds.includes(a.id));
  const queues = useQueueSlots(api, workspaceId, draft.accountIds, whenKind === 'nextSlot');
  useDuplicateCheck(store, api, queues);

  useEffect(() => {
    const saver = startAutosave(store, api);
    autosave.current = saver;
    return () => saver.stop();
  }, [store, api]);

  /** Opens another draft, once the text in the composer is safely saved. */
  const openDraft = useCallback(
    async (id: string) => {
      setPageMessage(null);
      if (!(await autosave.current?.flush())) {
        setPageMessage('The text in the composer could not be saved yet, so it stays open here; the draft was not opened. Try again in a moment.');
        return;
      }
      try {
        const post = await api.call('post.get', { workspaceId, postId: id });
        if (post.status !== 'draft' || !post.draft) {
          setPageMessage('That post is not a draft any more: it was scheduled. Find it in the calendar.');
          return;
        }
        const { when, ...content } = post.draft;
        store.getState().replace({ draftId: post.id, draft: content, ...(when ? { when } : {}) });
      } catch (failure) {
        setPageMessage(`Could not open the draft: ${errorMessage(failure)}`);
      }
    },
    [api, store, workspaceId],
  );

  const newPost = async () => {
    setPageMessage(null);
    if (!(await autosave.current?.flush())) {
      setPageMessage('The text in the composer could not be saved yet, so it stays here. Try again in a moment.');
      return;
    }
    store.getState().reset();
    store.setState({ submit: { state: 'idle' } });
  };

  // `#/compose?draft=<id>` opens that draft (from the calendar or a link).
  useEffect(() => {
    const follow = () => {
      const requested = draftIdFromHash(window.location.hash);
      if (!requested) return;
      // Drop the query so a reload does not open the draft again over later edits.
      window.history.replaceState(null, '', '#/compose');
      if (requested !== store.getState().draftId) void openDraft(requested);
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [openDraft, store]);

  const schedule = async (allowDuplicate = false) => {
    setPageMessage(null);
    // The draft this post comes from must be the core's latest, so it is replaced, not left behind.
    await autosave.current?.flush();
    await store.getState().schedule(allowDuplicate);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      // The shortcut refuses what the button refuses: the core does not check lengths until publishing.
      const { draft: current, when } = store.getState();
      if (sendBlockers(current, when, accounts, new Date(), mediaContext.media.getState().byId).length > 0) return;
      void schedule(false);
    }
  };

  return (
    <ComposerMediaProvider value={mediaContext}>
      <div className="page compose" onKeyDown={onKeyDown}>
        <header className="compose__header">
          <h1 id="page-title" className="page-title" tabIndex={-1}>
            Compose
          </h1>
          <SaveStatusLine store={store} />
          <button type="button" className="button button--ghost" onClick={() => void newPost()}>
            New post
          </button>
        </header>
        {pageMessage ? <p className="inline-message inline-message--error" role="alert">{pageMessage}</p> : null}
        {submit.state === 'done' ? <ScheduledConfirmation post={submit.post} when={submit.when} /> : null}
        <div className="compose__columns">
          <div className="compose__main">
            <AccountPicker accounts={accounts} selected={draft.accountIds} onToggle={(id) => store.getState().toggleAccount(id)} />
            <VariantEditor store={store} platforms={platforms} counter={<PlatformCounter draft={draft} platforms={platforms} accounts={accounts} />} />
            <WhenPicker store={store} accounts={chosen} queues={queues} />
            <DuplicateWarning clashes={duplicates} timeZone={timeZone} />
            <ScheduleBar store={store} accounts={accounts} onSchedule={(allow) => void schedule(allow)} />
          </div>
          <aside className="compose__side">
            <PostPreview draft={draft} accounts={accounts} />
            <DraftsList
              api={api}
              workspaceId={workspaceId}
              openDraftId={draftId}
              onOpen={(id) => void openDraft(id)}
              onDeleted={(id) => {
                // The user deleted the draft being edited: they meant its text too.
                if (store.getState().draftId === id) store.getState().reset();
              }}
            />
          </aside>
        </div>
      </div>
    </ComposerMediaProvider>
  );
}
