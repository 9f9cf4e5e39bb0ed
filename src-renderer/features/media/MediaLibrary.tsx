import '../../styles/media.css';
import { useEffect, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { MediaItem, RenderStatus } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { PlusIcon } from '../../components/icons';
import { createMediaStore } from '../../store/media';
import { CaptionsForm } from './CaptionsForm';
import { EnhanceForm } from './EnhanceForm';
import { FilterBar } from './FilterBar';
import { FrameForm } from './FrameForm';
import { ImageToVideoForm } from './ImageToVideoForm';
import { MediaDetail } from './MediaDetail';
import { MediaGrid } from './MediaGrid';
import { missingCase, renderTitle, sourceIdsOf } from './media-words';
import type { OpenForm } from './open-form';
import { ReformatForm } from './ReformatForm';
import { RendersPanel } from './RendersPanel';
import { TrimForm } from './TrimForm';
import { currentUploader } from './upload';
import { UploadList } from './UploadList';
import { WatermarkForm } from './WatermarkForm';

const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');

/** The library of one workspace: drop or pick files, find them, open one, make new ones, follow the renders. */
export function MediaLibrary({ workspaceId }: { workspaceId: string }) {
  const { api } = useSession();
  const [store] = useState(() => createMediaStore(api, workspaceId, currentUploader()));
  const { items, loading, error, filters, knownTags, uploads, renders, rendersError, byId } = useStore(
    store,
    useShallow((s) => ({
      items: s.items,
      loading: s.loading,
      error: s.error,
      filters: s.filters,
      knownTags: s.knownTags,
      uploads: s.uploads,
      renders: s.renders,
      rendersError: s.rendersError,
      byId: s.byId,
    })),
  );
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [selectError, setSelectError] = useState<string | null>(null);
  const [form, setForm] = useState<OpenForm | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [dragDepth, setDragDepth] = useState(0);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => store.getState().start(), [store]);

  const selected = selectedId ? byId.get(selectedId) : undefined;
  useEffect(() => {
    if (!selectedId || byId.has(selectedId)) return;
    setSelectError(null);
    store
      .getState()
      .get(selectedId)
      .catch((failure: unknown) => setSelectError(errorMessage(failure)));
  }, [selectedId, byId, store]);

  const select = (mediaId: string) => {
    setSelectedId(mediaId);
    setSelectError(null);
    // The detail's heading takes focus, so a keyboard user lands on what they opened.
    requestAnimationFrame(() => document.getElementById('media-detail-title')?.focus());
  };

  const queued = (render: RenderStatus) => {
    setForm(null);
    const source = byId.get(sourceIdsOf(render.request)[0] ?? '');
    setNote(`${renderTitle(render)}${source ? ` of ${source.fileName}` : ''} is queued. Follow it under Renders; you can keep working meanwhile.`);
  };

  const addFiles = (files: FileList | null | undefined) => {
    const list = Array.from(files ?? []);
    if (list.length > 0) store.getState().upload(list);
  };

  const filtered = filters.kind !== null || filters.tag !== null || filters.search.trim() !== '';
  const libraryEmpty = !loading && !error && items.length === 0 && !filtered;
  const nothingMatches = !loading && !error && items.length === 0 && filtered;

  return (
    <div
      className={`page media-page${dragDepth > 0 ? ' media-page--dropping' : ''}`}
      onDragEnter={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDragDepth((d) => d + 1);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        if (hasFiles(event)) setDragDepth((d) => Math.max(0, d - 1));
      }}
      onDrop={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDragDepth(0);
        addFiles(event.dataTransfer.files);
      }}
    >
      <div className="media-header">
        <h1 id="page-title" className="page-title" tabIndex={-1}>
          Media
        </h1>
        <div className="media-header__actions">
          <Button onClick={() => setForm({ kind: 'image-to-video', imageIds: [] })}>Make a video…</Button>
          <Button variant="primary" onClick={() => fileInput.current?.click()}>
            <PlusIcon />
            Add files
          </Button>
          <input
            ref={fileInput}
            className="visually-hidden"
            type="file"
            multiple
            accept="image/*,video/*,audio/*"
            tabIndex={-1}
            aria-label="Files to add to the library"
            onChange={(event) => {
              addFiles(event.target.files);
              event.target.value = '';
            }}
          />
        </div>
      </div>
      <p className="muted media-intro">Pictures, video and audio for this workspace. Drop files anywhere on this page, or use Add files; everything stays on this machine.</p>
      {dragDepth > 0 ? (
        <div className="media-dropzone" aria-hidden="true">
          Drop to add to the library
        </div>
      ) : null}
      {note ? (
        <div className="media-note" role="status">
          <p>{note}</p>
          <Button variant="ghost" onClick={() => setNote(null)}>
            Dismiss
          </Button>
        </div>
      ) : null}
      <UploadList
        uploads={uploads}
        onCancel={(id) => store.getState().cancelUpload(id)}
        onDismiss={(id) => store.getState().dismissUpload(id)}
        onClearFinished={() => store.getState().clearFinishedUploads()}
        onShow={select}
      />
      <div className="media-layout">
        <div className="media-layout__main">
          <FilterBar filters={filters} knownTags={knownTags} onChange={(patch) => void store.getState().setFilters(patch)} />
          {error ? (
            <div className="load-error">
              <InlineMessage tone="error">{error}</InlineMessage>
              <Button onClick={() => void store.getState().reload()}>Try again</Button>
            </div>
          ) : null}
          {loading && items.length === 0 ? <p className="muted">Loading the library…</p> : null}
          {libraryEmpty ? (
            <div className="empty-note">
              <p className="empty-note__title">The library is empty</p>
              <p>
                Drag pictures, videos or audio onto this page, or choose <strong>Add files</strong>. Then tag them, give pictures alt text, and make videos from
                them here.
              </p>
            </div>
          ) : null}
          {nothingMatches ? (
            <div className="empty-note">
              <p className="empty-note__title">Nothing matches these filters</p>
              <Button onClick={() => void store.getState().setFilters({ kind: null, tag: null, search: '' })}>Clear filters</Button>
            </div>
          ) : null}
          {items.length > 0 ? <MediaGrid workspaceId={workspaceId} items={items} selectedId={selectedId} onSelect={(item: MediaItem) => select(item.id)} /> : null}
        </div>
        <div className="media-layout__side">
          <RendersPanel renders={renders} error={rendersError} known={byId} onCancel={(id) => store.getState().cancelRender(id)} onShow={select} />
          {selectedId && selectError ? (
            <div className="media-detail">
              <InlineMessage tone="error">{selectError}</InlineMessage>
              <Button onClick={() => setSelectedId(null)}>Close</Button>
            </div>
          ) : null}
          {selected ? (
            <MediaDetail
              key={selected.id}
              workspaceId={workspaceId}
              item={selected}
              store={store}
              known={byId}
              onSelect={select}
              onOpenForm={setForm}
              onQueued={queued}
              onRemoved={(item) => {
                setSelectedId(null);
                setNote(`Removed ${item.fileName} from the library.`);
              }}
              onClose={() => setSelectedId(null)}
            />
          ) : null}
          {!selectedId ? <p className="muted media-side__hint">Select an item to see it, edit its alt text and tags, and make something from it.</p> : null}
        </div>
      </div>
      {form ? <FormDialog form={form} workspaceId={workspaceId} store={store} onQueued={queued} onClose={() => setForm(null)} /> : null}
    </div>
  );
}

function FormDialog({
  form,
  ...common
}: {
  form: OpenForm;
  workspaceId: string;
  store: ReturnType<typeof createMediaStore>;
  onQueued: (render: RenderStatus) => void;
  onClose: () => void;
}) {
  switch (form.kind) {
    case 'image-to-video':
      return <ImageToVideoForm {...common} preselected={form.imageIds} />;
    case 'enhance':
      return <EnhanceForm {...common} item={form.item} />;
    case 'reformat':
      return <ReformatForm {...common} item={form.item} />;
    case 'captions':
      return <CaptionsForm {...common} item={form.item} />;
    case 'trim':
      return <TrimForm {...common} item={form.item} />;
    case 'frame':
      return <FrameForm {...common} item={form.item} />;
    case 'watermark':
      return <WatermarkForm {...common} item={form.item} />;
    default:
      return missingCase(form);
  }
}
