import { useStore } from 'zustand';
import { PLATFORM_NAMES, type Platform } from '../../../src-shared/platforms/platform';
import { Button } from '../../components/Button';
import { isRenderActive } from '../../store/media';
import { RenderProgress } from '../media/RenderProgress';
import { startReformat, useComposerMedia, useReformatJob } from './composer-media';

/**
 * "Make a version for <Platform>" next to a video problem: a reformat render, its progress here,
 * and on success the new video in that network's own version (the main post keeps the original).
 */
export function ReformatOffer({ platform, videoId }: { platform: Platform; videoId: string }) {
  const context = useComposerMedia();
  const found = useReformatJob(platform, videoId);
  // A reformat already put in place is history: the offer starts afresh.
  const job = found?.applied ? undefined : found;
  const render = useStore(context.media, (s) => (job?.renderId ? s.renders.find((r) => r.id === job.renderId) : undefined));
  const name = PLATFORM_NAMES[platform];
  const starting = job !== undefined && job.renderId === null && job.error === null;
  const busy = starting || (render !== undefined && isRenderActive(render));
  return (
    <div className="compose-reformat">
      {busy ? (
        render ? (
          <Button variant="ghost" onClick={() => void context.media.getState().cancelRender(render.id).catch(() => undefined)}>
            Cancel the version for {name}
          </Button>
        ) : null
      ) : (
        <Button onClick={() => void startReformat(context, platform, videoId)}>
          Make a version for {name}
        </Button>
      )}
      {busy ? (
        <span className="compose-reformat__note">PromoGPT makes a copy that fits {name} (length, size and format); when it is ready it replaces this video in the {name} version only.</span>
      ) : null}
      {render && render.state !== 'succeeded' && render.state !== 'cancelled' ? <RenderProgress render={render} /> : null}
      {render?.state === 'failed' ? <p className="inline-message">Nothing in the post changed.</p> : null}
      {render?.state === 'cancelled' ? <p className="inline-message">The version for {name} was cancelled; nothing changed.</p> : null}
      {job?.error ? <p className="inline-message inline-message--error">{job.error}</p> : null}
    </div>
  );
}
