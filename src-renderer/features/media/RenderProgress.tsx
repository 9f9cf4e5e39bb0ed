import type { RenderStatus } from '../../../src-shared/domain';
import { etaText, RENDER_STATE_LABELS, renderTitle, speedText } from './media-words';

/** Where a render is: waiting, a real progress bar with time left and speed, or how it ended. */
export function RenderProgress({ render }: { render: RenderStatus }) {
  const percent = render.progress === null ? null : Math.round(Math.min(1, Math.max(0, render.progress)) * 100);
  const facts: string[] = [];
  if (render.state === 'running') {
    if (percent !== null) facts.push(`${percent}%`);
    if (render.etaSeconds !== null) facts.push(etaText(render.etaSeconds));
    if (render.speed !== null) facts.push(speedText(render.speed));
  }
  return (
    <div className={`render-progress render-progress--${render.state}`}>
      <p className="render-progress__state">
        <span className="render-progress__label">{RENDER_STATE_LABELS[render.state]}</span>
        {facts.length > 0 ? <span className="render-progress__facts"> · {facts.join(' · ')}</span> : null}
        {render.state === 'queued' ? <span className="render-progress__facts"> · starts when the renders before it finish</span> : null}
      </p>
      {render.state === 'running' || render.state === 'queued' ? (
        // No value while it has not started: an indeterminate bar, never a made-up number.
        <progress className="media-progress" max={1} {...(render.progress !== null ? { value: render.progress } : {})} aria-label={`${renderTitle(render)} progress`} />
      ) : null}
      {render.state === 'failed' ? (
        <p className="inline-message inline-message--error">
          {render.error?.message ?? 'The render failed without saying why. Try it again.'}
        </p>
      ) : null}
    </div>
  );
}
