import { useState } from 'react';
import type { MediaItem, RenderStatus } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { isRenderActive } from '../../store/media';
import { renderTitle, sourceIdsOf } from './media-words';
import { RenderProgress } from './RenderProgress';

export interface RendersPanelProps {
  renders: readonly RenderStatus[];
  error: string | null;
  known: ReadonlyMap<string, MediaItem>;
  onCancel: (renderId: string) => Promise<unknown>;
  onShow: (mediaId: string) => void;
}

/** Every render of the workspace, newest first: live progress, time left and cancel, then the new item or what went wrong. */
export function RendersPanel({ renders, error, known, onCancel, onShow }: RendersPanelProps) {
  const [cancelErrors, setCancelErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [cancelling, setCancelling] = useState<ReadonlySet<string>>(new Set());

  const cancel = async (id: string) => {
    setCancelling((s) => new Set(s).add(id));
    setCancelErrors((m) => {
      const next = new Map(m);
      next.delete(id);
      return next;
    });
    try {
      await onCancel(id);
    } catch (failure) {
      setCancelErrors((m) => new Map(m).set(id, errorMessage(failure)));
    } finally {
      setCancelling((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      });
    }
  };

  const active = renders.filter(isRenderActive).length;
  return (
    <section className="media-renders" aria-labelledby="media-renders-title">
      <h2 id="media-renders-title" className="media-section-title">
        Renders{active > 0 ? ` (${active} going)` : ''}
      </h2>
      {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
      {renders.length === 0 && !error ? <p className="muted">Nothing rendered yet. Select an item and choose what to make from it; renders run here in the background.</p> : null}
      {renders.length > 0 ? (
        <ul className="boxed-list media-renders__list" aria-label="Renders, newest first">
          {renders.map((render) => {
            const source = known.get(sourceIdsOf(render.request)[0] ?? '');
            const title = `${renderTitle(render)}${source ? ` of ${source.fileName}` : ''}`;
            const output = render.outputMediaId ? known.get(render.outputMediaId) : undefined;
            return (
              <li key={render.id} className="media-render" aria-labelledby={`render-title-${render.id}`}>
                <p id={`render-title-${render.id}`} className="media-render__title">
                  {title}
                </p>
                <RenderProgress render={render} />
                {cancelErrors.get(render.id) ? <InlineMessage tone="error">{cancelErrors.get(render.id)}</InlineMessage> : null}
                <div className="media-render__actions">
                  {isRenderActive(render) ? (
                    <Button variant="ghost" inactive={cancelling.has(render.id)} onClick={() => void cancel(render.id)} aria-label={`Cancel ${title}`}>
                      {cancelling.has(render.id) ? 'Cancelling…' : 'Cancel'}
                    </Button>
                  ) : null}
                  {render.state === 'succeeded' && render.outputMediaId ? (
                    <button type="button" className="link-button" onClick={() => onShow(render.outputMediaId as string)}>
                      Show {output ? output.fileName : 'the new item'}
                    </button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
