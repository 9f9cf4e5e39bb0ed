import { useState } from 'react';
import type { MediaItem, RenderRequest, RenderStatus } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import type { MediaStore } from '../../store/media';
import { AltTextEditor } from './AltTextEditor';
import { CaptionFiles } from './CaptionFiles';
import { Lineage } from './Lineage';
import { bytesText, durationText, KIND_LABELS } from './media-words';
import { mediaUrl, thumbnailUrl } from './media-url';
import type { OpenForm } from './open-form';
import { TagsEditor } from './TagsEditor';

export interface MediaDetailProps {
  workspaceId: string;
  item: MediaItem;
  store: MediaStore;
  known: ReadonlyMap<string, MediaItem>;
  onSelect: (mediaId: string) => void;
  onOpenForm: (form: OpenForm) => void;
  onQueued: (render: RenderStatus) => void;
  onRemoved: (item: MediaItem) => void;
  onClose: () => void;
}

/** One item: the file itself, what probing found, its alt text and tags, where it came from, and what can be made from it. */
export function MediaDetail({ workspaceId, item, store, known, onSelect, onOpenForm, onQueued, onRemoved, onClose }: MediaDetailProps) {
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [queueing, setQueueing] = useState(false);

  const remove = async () => {
    if (removing) return;
    setRemoving(true);
    setRemoveError(null);
    try {
      await store.getState().remove(item.id);
      onRemoved(item);
    } catch (failure) {
      setRemoveError(errorMessage(failure));
      setRemoving(false);
    }
  };

  /** Renders that need no options start at once. */
  const queue = async (request: RenderRequest) => {
    if (queueing) return;
    setQueueing(true);
    setActionError(null);
    try {
      onQueued(await store.getState().render(request));
    } catch (failure) {
      setActionError(errorMessage(failure));
    } finally {
      setQueueing(false);
    }
  };

  const src = mediaUrl(workspaceId, item.id);
  return (
    <section className="media-detail" aria-labelledby="media-detail-title">
      <div className="media-detail__head">
        <h2 id="media-detail-title" className="media-detail__title" tabIndex={-1}>
          {item.fileName}
        </h2>
        <Button variant="ghost" onClick={onClose} aria-label="Close details">
          Close
        </Button>
      </div>
      <div className="media-detail__view">
        {item.kind === 'image' ? <img src={src} alt={item.altText ?? ''} /> : null}
        {item.kind === 'video' ? <video controls preload="metadata" src={src} aria-label={`Play ${item.fileName}`} /> : null}
        {item.kind === 'audio' ? (
          <>
            {item.hasThumbnail ? <img className="media-detail__waveform" src={thumbnailUrl(workspaceId, item.id)} alt="" /> : null}
            <audio controls preload="metadata" src={src} aria-label={`Play ${item.fileName}`} />
          </>
        ) : null}
      </div>
      <dl className="facts">
        <dt>Kind</dt>
        <dd>
          {KIND_LABELS[item.kind]} ({item.mimeType})
        </dd>
        <dt>Size</dt>
        <dd>{bytesText(item.bytes)}</dd>
        {item.width && item.height ? (
          <>
            <dt>Dimensions</dt>
            <dd>
              {item.width} × {item.height}
            </dd>
          </>
        ) : null}
        {item.durationSeconds !== null ? (
          <>
            <dt>Duration</dt>
            <dd>{durationText(item.durationSeconds, true)}</dd>
          </>
        ) : null}
        {item.videoCodec || item.audioCodec ? (
          <>
            <dt>{item.kind === 'image' ? 'Format' : 'Codecs'}</dt>
            <dd>
              {item.kind === 'image'
                ? item.videoCodec
                : [item.videoCodec ? `video ${item.videoCodec}` : null, item.audioCodec ? `audio ${item.audioCodec}` : null].filter(Boolean).join(', ')}
            </dd>
          </>
        ) : null}
        {item.frameRate !== null ? (
          <>
            <dt>Frame rate</dt>
            <dd>{Math.round(item.frameRate * 100) / 100} fps</dd>
          </>
        ) : null}
        {item.loudnessLufs !== null ? (
          <>
            <dt>Loudness</dt>
            <dd>{item.loudnessLufs.toFixed(1)} LUFS</dd>
          </>
        ) : null}
        <dt>Added</dt>
        <dd>{new Date(item.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</dd>
      </dl>
      {item.lineage ? <Lineage lineage={item.lineage} known={known} fetch={store.getState().get} onSelect={onSelect} /> : null}
      <AltTextEditor
          key={item.id}
          item={item}
          onSave={(altText) => store.getState().setAltText(item.id, altText)}
        />
      <TagsEditor
        key={`tags-${item.id}`}
        item={item}
        onSave={(tags) => store.getState().setTags(item.id, tags)}
      />
      {item.kind === 'video' ? (
        <CaptionFiles
          key={`captions-${item.id}`}
          item={item}
          onAttach={(lang, text) => store.getState().setCaptions(item.id, lang, text)}
          onRemove={(lang) => store.getState().removeCaptions(item.id, lang)}
          onTranscribe={(lang) => store.getState().transcribe(item.id, lang)}
        />
      ) : null}
      <div className="media-actions">
        <h3 className="media-detail__heading">Make something from it</h3>
        <p className="field__hint">Each one adds a new item and leaves this one as it is; follow it under Renders.</p>
        <div className="media-actions__buttons">
          {item.kind === 'image' ? <Button onClick={() => onOpenForm({ kind: 'image-to-video', imageIds: [item.id] })}>Make a video…</Button> : null}
          {item.kind === 'video' ? (
            <>
              <Button onClick={() => onOpenForm({ kind: 'enhance', item })}>Enhance…</Button>
              <Button onClick={() => onOpenForm({ kind: 'reformat', item })}>Reformat for a platform…</Button>
              <Button onClick={() => onOpenForm({ kind: 'captions', item })}>Captions…</Button>
              <Button onClick={() => onOpenForm({ kind: 'trim', item })}>Trim…</Button>
              <Button inactive={queueing} onClick={() => void queue({ kind: 'cut-silence', videoId: item.id })}>
                Cut silence
              </Button>
              <Button onClick={() => onOpenForm({ kind: 'frame', item })}>Extract a frame…</Button>
              <Button inactive={queueing} onClick={() => void queue({ kind: 'extract-audio', videoId: item.id })}>
                Extract audio
              </Button>
              <Button onClick={() => onOpenForm({ kind: 'watermark', item })}>Watermark…</Button>
            </>
          ) : null}
          {item.kind === 'audio' ? (
            <>
              <Button onClick={() => onOpenForm({ kind: 'trim', item })}>Trim…</Button>
              <Button inactive={queueing} onClick={() => void queue({ kind: 'cut-silence', videoId: item.id })}>
                Cut silence
              </Button>
            </>
          ) : null}
        </div>
        {actionError ? <InlineMessage tone="error">{actionError}</InlineMessage> : null}
      </div>
      {confirmRemove ? (
        <div className="confirm-box" role="group" aria-label={`Remove ${item.fileName}?`}>
          <p>Remove {item.fileName} from this workspace’s library? Items made from it stay.</p>
          {removeError ? <InlineMessage tone="error">{removeError}</InlineMessage> : null}
          <div className="form__actions">
            <Button onClick={() => setConfirmRemove(false)}>Keep it</Button>
            <Button variant="danger" inactive={removing} onClick={() => void remove()} autoFocus>
              {removing ? 'Removing…' : 'Remove'}
            </Button>
          </div>
        </div>
      ) : (
        <div className="form__actions">
          <Button variant="danger" onClick={() => setConfirmRemove(true)}>
            Remove from library…
          </Button>
        </div>
      )}
    </section>
  );
}
