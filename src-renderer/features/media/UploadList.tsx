import type { UploadRow } from '../../store/media';
import { Button } from '../../components/Button';
import { bytesText, KIND_WORDS } from './media-words';

export interface UploadListProps {
  uploads: readonly UploadRow[];
  onCancel: (id: string) => void;
  onDismiss: (id: string) => void;
  onClearFinished: () => void;
  onShow: (mediaId: string) => void;
}

const percentOf = (row: UploadRow) => (row.total > 0 ? Math.min(100, Math.round((row.loaded / row.total) * 100)) : 0);

/** One row per file: a progress bar while it goes, then what it became or why it was refused. */
export function UploadList({ uploads, onCancel, onDismiss, onClearFinished, onShow }: UploadListProps) {
  if (uploads.length === 0) return null;
  const finished = uploads.filter((u) => u.state !== 'waiting' && u.state !== 'sending').length;
  return (
    <section className="media-uploads" aria-labelledby="media-uploads-title">
      <div className="media-uploads__head">
        <h2 id="media-uploads-title" className="media-section-title">
          Uploads
        </h2>
        {finished > 1 ? (
          <Button variant="ghost" onClick={onClearFinished}>
            Dismiss finished
          </Button>
        ) : null}
      </div>
      <ul className="boxed-list media-uploads__list">
        {uploads.map((row) => (
          <li key={row.id} className={`media-upload media-upload--${row.state}`}>
            <div className="media-upload__line">
              <span className="media-upload__name">{row.fileName}</span>
              <UploadStatus row={row} />
            </div>
            {row.state === 'sending' || row.state === 'waiting' ? (
              <progress className="media-progress" max={100} value={percentOf(row)} aria-label={`Uploading ${row.fileName}`}>
                {percentOf(row)}%
              </progress>
            ) : null}
            {row.state === 'refused' || row.state === 'cancelled' ? <p className={row.state === 'refused' ? 'inline-message inline-message--error' : 'muted'}>{row.message}</p> : null}
            <div className="media-upload__actions">
              {row.state === 'added' && row.item ? <Button onClick={() => onShow((row.item as NonNullable<typeof row.item>).id)}>Show</Button> : null}
              {row.state === 'sending' || row.state === 'waiting' ? (
                <Button variant="ghost" onClick={() => onCancel(row.id)} aria-label={`Cancel uploading ${row.fileName}`}>
                  Cancel
                </Button>
              ) : (
                <Button variant="ghost" onClick={() => onDismiss(row.id)} aria-label={`Dismiss ${row.fileName}`}>
                  Dismiss
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function UploadStatus({ row }: { row: UploadRow }) {
  switch (row.state) {
    case 'waiting':
      return <span className="media-upload__status muted">Waiting · {bytesText(row.total)}</span>;
    case 'sending':
      return (
        <span className="media-upload__status">
          {percentOf(row)}% · {bytesText(row.loaded)} of {bytesText(row.total)}
        </span>
      );
    case 'added':
      return (
        <span className="media-upload__status media-upload__status--ok">
          {row.deduplicated ? 'Already in the library' : `Added${row.item ? ` as ${KIND_WORDS[row.item.kind]}` : ''}`}
        </span>
      );
    case 'refused':
      return <span className="media-upload__status media-upload__status--fail">Not added</span>;
    case 'cancelled':
      return <span className="media-upload__status muted">Cancelled</span>;
    default:
      return null;
  }
}
