import { useState } from 'react';
import { WATERMARK_POSITIONS, type WatermarkPosition, type WatermarkRequest } from '../../../src-shared/domain';
import { InlineMessage } from '../../components/InlineMessage';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { WATERMARK_POSITION_LABELS } from './media-words';
import { parseNumber } from './number-input';
import { RenderDialog } from './RenderDialog';
import type { ItemFormProps } from './ReformatForm';
import { useKindList } from './useKindList';

/** A logo over the video: which picture, where, how visible, how big. */
export function WatermarkForm({ workspaceId, item, store, onQueued, onClose }: ItemFormProps) {
  const pictures = useKindList(workspaceId, 'image');
  const [imageId, setImageId] = useState('');
  const [position, setPosition] = useState<WatermarkPosition>('bottom-right');
  const [opacity, setOpacity] = useState('80');
  const [scale, setScale] = useState('15');
  const o = parseNumber(opacity);
  const s = parseNumber(scale);
  const blocker = !imageId
    ? 'Choose the picture to put over the video.'
    : o === null || o < 10 || o > 100
      ? 'Opacity is between 10% and 100%.'
      : s === null || s < 5 || s > 50
        ? 'The logo’s width is between 5% and 50% of the video’s.'
        : null;
  const request: WatermarkRequest | null =
    blocker || o === null || s === null ? null : { kind: 'watermark', videoId: item.id, imageId, position, opacity: o / 100, scale: s / 100 };
  return (
    <RenderDialog
      title={`Watermark ${item.fileName}`}
      request={request}
      blocker={blocker}
      submitLabel="Add the watermark"
      submit={(r) => store.getState().render(r)}
      onQueued={onQueued}
      onClose={onClose}
    >
      <SelectField
        label="Picture"
        value={imageId}
        options={[{ value: '', label: pictures.loading ? 'Loading pictures…' : 'Choose a picture' }, ...pictures.items.map((p) => ({ value: p.id, label: p.fileName }))]}
        hint={!pictures.loading && pictures.items.length === 0 ? 'The library has no pictures yet: add your logo first.' : 'A PNG with a transparent background looks best.'}
        onChange={(e) => setImageId(e.target.value)}
      />
      {pictures.error ? <InlineMessage tone="error">{pictures.error}</InlineMessage> : null}
      <SelectField
        label="Position"
        value={position}
        options={WATERMARK_POSITIONS.map((p) => ({ value: p, label: WATERMARK_POSITION_LABELS[p] }))}
        onChange={(e) => setPosition(e.target.value as WatermarkPosition)}
      />
      <div className="media-form__row">
        <TextField className="field--short" label="Opacity (%)" type="number" min={10} max={100} step={5} value={opacity} onChange={(e) => setOpacity(e.target.value)} />
        <TextField className="field--short" label="Width (% of the video)" type="number" min={5} max={50} step={1} value={scale} onChange={(e) => setScale(e.target.value)} />
      </div>
    </RenderDialog>
  );
}
