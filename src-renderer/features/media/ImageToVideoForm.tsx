import { useState } from 'react';
import { ASPECTS, MOTIONS, type Aspect, type ImageToVideoRequest, type MediaItem, type Motion, type RenderStatus } from '../../../src-shared/domain';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import type { MediaStore } from '../../store/media';
import { ASPECT_LABELS, MOTION_LABELS, slideshowSeconds } from './media-words';
import { thumbnailUrl } from './media-url';
import { parseNumber, secondsText } from './number-input';
import { RenderDialog } from './RenderDialog';
import { Segmented } from './Segmented';
import { useKindList } from './useKindList';

export interface ImageToVideoFormProps {
  workspaceId: string;
  store: MediaStore;
  /** Pictures already chosen, in order (the picture whose "Make a video" was pressed). */
  preselected: readonly string[];
  onQueued: (render: RenderStatus) => void;
  onClose: () => void;
}

const MAX_PICTURES = 50;

/** The options as a request, or why they are not one yet. */
export function imageToVideoRequest(form: {
  imageIds: readonly string[];
  aspect: Aspect;
  seconds: string;
  motion: Motion;
  transition: 'fade' | 'none';
  musicId: string;
  voiceId: string;
}): { request: ImageToVideoRequest | null; blocker: string | null } {
  const seconds = parseNumber(form.seconds);
  if (form.imageIds.length === 0) return { request: null, blocker: 'Choose at least one picture.' };
  if (form.imageIds.length > MAX_PICTURES) return { request: null, blocker: `Choose at most ${MAX_PICTURES} pictures.` };
  if (seconds === null || seconds < 1 || seconds > 30) return { request: null, blocker: 'Each picture shows for 1 to 30 seconds.' };
  return {
    request: {
      kind: 'image-to-video',
      imageIds: [...form.imageIds],
      aspect: form.aspect,
      secondsPerImage: seconds,
      motion: form.motion,
      transition: form.transition,
      ...(form.musicId ? { musicId: form.musicId } : {}),
      ...(form.voiceId ? { voiceId: form.voiceId } : {}),
    },
    blocker: null,
  };
}

/** Pictures into a video: which and in what order, its shape, pace, motion, and an optional music bed and voiceover. */
export function ImageToVideoForm({ workspaceId, store, preselected, onQueued, onClose }: ImageToVideoFormProps) {
  const pictures = useKindList(workspaceId, 'image');
  const audio = useKindList(workspaceId, 'audio');
  const [imageIds, setImageIds] = useState<string[]>(() => [...preselected]);
  const [aspect, setAspect] = useState<Aspect>('9:16');
  const [seconds, setSeconds] = useState('3');
  const [motion, setMotion] = useState<Motion>('auto');
  const [transition, setTransition] = useState<'fade' | 'none'>('fade');
  const [musicId, setMusicId] = useState('');
  const [voiceId, setVoiceId] = useState('');

  const byId = new Map(pictures.items.map((p) => [p.id, p]));
  const nameOf = (id: string) => byId.get(id)?.fileName ?? 'a picture';
  const { request, blocker } = imageToVideoRequest({ imageIds, aspect, seconds, motion, transition, musicId, voiceId });
  const perPicture = parseNumber(seconds);
  const total = perPicture !== null && imageIds.length > 0 ? slideshowSeconds(imageIds.length, perPicture, transition) : null;

  const move = (index: number, by: -1 | 1) =>
    setImageIds((ids) => {
      const next = [...ids];
      const [id] = next.splice(index, 1);
      if (id !== undefined) next.splice(index + by, 0, id);
      return next;
    });

  const audioOptions = [{ value: '', label: 'None' }, ...audio.items.map((a) => ({ value: a.id, label: a.fileName }))];
  const unchosen = pictures.items.filter((p) => !imageIds.includes(p.id));

  return (
    <RenderDialog
      title="Make a video from pictures"
      request={request}
      blocker={blocker}
      submitLabel="Make the video"
      submit={(r) => store.getState().render(r)}
      onQueued={onQueued}
      onClose={onClose}
    >
      <fieldset className="media-form__group">
        <legend className="media-form__legend">Pictures, in order</legend>
        {imageIds.length === 0 ? <p className="muted">No pictures chosen yet: add them from the list below.</p> : null}
        <ol className="boxed-list media-order">
          {imageIds.map((id, index) => (
            <li key={id} className="media-order__item">
              <Thumb workspaceId={workspaceId} item={byId.get(id)} />
              <span className="media-order__name">
                {index + 1}. {nameOf(id)}
              </span>
              <Button variant="ghost" disabled={index === 0} onClick={() => move(index, -1)} aria-label={`Move ${nameOf(id)} up`}>
                ↑
              </Button>
              <Button variant="ghost" disabled={index === imageIds.length - 1} onClick={() => move(index, 1)} aria-label={`Move ${nameOf(id)} down`}>
                ↓
              </Button>
              <Button variant="ghost" onClick={() => setImageIds((ids) => ids.filter((x) => x !== id))} aria-label={`Take out ${nameOf(id)}`}>
                Take out
              </Button>
            </li>
          ))}
        </ol>
        {pictures.error ? <InlineMessage tone="error">{pictures.error}</InlineMessage> : null}
        {pictures.loading ? <p className="muted">Loading pictures…</p> : null}
        {!pictures.loading && pictures.items.length === 0 && !pictures.error ? <p className="muted">The library has no pictures yet: add some first.</p> : null}
        {unchosen.length > 0 ? (
          <details className="media-pick">
            <summary className="button">Add pictures ({unchosen.length} more in the library)</summary>
            <ul className="media-pick__list">
              {unchosen.map((p) => (
                <li key={p.id}>
                  <Button variant="ghost" className="media-pick__item" onClick={() => setImageIds((ids) => [...ids, p.id])} aria-label={`Add ${p.fileName}`}>
                    <Thumb workspaceId={workspaceId} item={p} />
                    {p.fileName}
                  </Button>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </fieldset>
      <Segmented<Aspect> legend="Shape" name="aspect" value={aspect} options={ASPECTS.map((a) => ({ value: a, label: ASPECT_LABELS[a] }))} onChange={setAspect} />
      <div className="media-form__row">
        <TextField
          className="field--short"
          label="Seconds per picture"
          type="number"
          min={1}
          max={30}
          step={0.5}
          value={seconds}
          onChange={(event) => setSeconds(event.target.value)}
        />
        <SelectField label="Motion" value={motion} options={MOTIONS.map((m) => ({ value: m, label: MOTION_LABELS[m] }))} onChange={(event) => setMotion(event.target.value as Motion)} />
      </div>
      <Segmented<'fade' | 'none'>
        legend="Between pictures"
        name="transition"
        value={transition}
        options={[
          { value: 'fade', label: 'Fade' },
          { value: 'none', label: 'Cut' },
        ]}
        onChange={setTransition}
      />
      <div className="media-form__row">
        <SelectField label="Music" value={musicId} options={audioOptions} onChange={(event) => setMusicId(event.target.value)} />
        <SelectField
          label="Voiceover"
          value={voiceId}
          options={audioOptions}
          hint={musicId && voiceId ? 'The music is turned down while the voice speaks.' : undefined}
          onChange={(event) => setVoiceId(event.target.value)}
        />
      </div>
      {audio.error ? <InlineMessage tone="error">{audio.error}</InlineMessage> : null}
      <p className="media-form__total" aria-live="polite">
        {total !== null
          ? `Total length: ${secondsText(total)}${transition === 'fade' && imageIds.length > 1 ? ' (each fade overlaps two pictures by 0.5 s)' : ''}.`
          : 'Total length: choose pictures first.'}
      </p>
    </RenderDialog>
  );
}

function Thumb({ workspaceId, item }: { workspaceId: string; item: MediaItem | undefined }) {
  if (!item?.hasThumbnail) return <span className="media-thumb-small" aria-hidden="true" />;
  return <img className="media-thumb-small" src={thumbnailUrl(workspaceId, item.id)} alt="" />;
}
