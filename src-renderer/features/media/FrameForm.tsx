import { useState } from 'react';
import type { FrameRequest } from '../../../src-shared/domain';
import { TextField } from '../../components/TextField';
import { mediaUrl } from './media-url';
import { parseNumber, secondsText } from './number-input';
import { RenderDialog } from './RenderDialog';
import type { ItemFormProps } from './ReformatForm';

/** One frame as a picture: a cover or a thumbnail. */
export function FrameForm({ workspaceId, item, store, onQueued, onClose }: ItemFormProps) {
  const [at, setAt] = useState('0');
  const seconds = parseNumber(at);
  const duration = item.durationSeconds;
  const blocker =
    seconds === null || seconds < 0
      ? 'Enter the time of the frame, in seconds (0 or more).'
      : duration !== null && seconds >= duration
        ? `The video is ${secondsText(duration)} long: choose an earlier time.`
        : null;
  const request: FrameRequest | null = blocker || seconds === null ? null : { kind: 'frame', videoId: item.id, atSeconds: seconds };
  return (
    <RenderDialog
      title={`Extract a frame from ${item.fileName}`}
      intro="Saves the frame at a time as a picture in the library. Play the video to the frame you want and use its time."
      request={request}
      blocker={blocker}
      submitLabel="Extract the frame"
      submit={(r) => store.getState().render(r)}
      onQueued={onQueued}
      onClose={onClose}
    >
      <FrameTimeFromVideo src={mediaUrl(workspaceId, item.id)} onTime={(t) => setAt(String(Math.round(t * 10) / 10))} />
      <TextField className="field--short" label="At (seconds)" type="number" min={0} step={0.1} value={at} onChange={(e) => setAt(e.target.value)} />
    </RenderDialog>
  );
}

function FrameTimeFromVideo({ src, onTime }: { src: string; onTime: (seconds: number) => void }) {
  return (
    <video
      className="media-form__video"
      controls
      preload="metadata"
      src={src}
      aria-label="The video: pausing it sets the time"
      onPause={(e) => onTime(e.currentTarget.currentTime)}
      onSeeked={(e) => onTime(e.currentTarget.currentTime)}
    />
  );
}
