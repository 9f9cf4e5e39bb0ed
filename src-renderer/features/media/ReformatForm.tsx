import { useState } from 'react';
import { ASPECTS, type Aspect, type MediaItem, type ReformatRequest, type RenderStatus } from '../../../src-shared/domain';
import { PLATFORM_NAMES, PLATFORMS, type Platform } from '../../../src-shared/platforms/platform';
import { SelectField } from '../../components/SelectField';
import type { MediaStore } from '../../store/media';
import { ASPECT_LABELS } from './media-words';
import { RenderDialog } from './RenderDialog';
import { Segmented } from './Segmented';

export interface ItemFormProps {
  workspaceId: string;
  item: MediaItem;
  store: MediaStore;
  onQueued: (render: RenderStatus) => void;
  onClose: () => void;
}

/** Fits a video to a platform's rules: shape, length, size, codec and frame rate. */
export function ReformatForm({ item, store, onQueued, onClose }: ItemFormProps) {
  const [platform, setPlatform] = useState<Platform>('bluesky');
  const [aspect, setAspect] = useState<Aspect | ''>('');
  const [fit, setFit] = useState<'pad-blur' | 'crop'>('pad-blur');
  const request: ReformatRequest = { kind: 'reformat', videoId: item.id, platform, ...(aspect ? { aspect } : {}), fit };
  return (
    <RenderDialog
      title={`Reformat ${item.fileName}`}
      intro="Makes a copy the platform accepts; the original stays as it is."
      request={request}
      blocker={null}
      submitLabel={`Reformat for ${PLATFORM_NAMES[platform]}`}
      submit={(r) => store.getState().render(r)}
      onQueued={onQueued}
      onClose={onClose}
    >
      <Segmented<Platform> legend="Platform" name="platform" value={platform} options={PLATFORMS.map((p) => ({ value: p, label: PLATFORM_NAMES[p] }))} onChange={setPlatform} />
      <SelectField
        label="Shape"
        value={aspect}
        options={[{ value: '', label: 'Keep its shape where the platform takes it' }, ...ASPECTS.map((a) => ({ value: a, label: ASPECT_LABELS[a] }))]}
        onChange={(e) => setAspect(e.target.value as Aspect | '')}
      />
      <Segmented<'pad-blur' | 'crop'>
        legend="To reach another shape"
        name="fit"
        value={fit}
        options={[
          { value: 'pad-blur', label: 'Pad with a blurred copy' },
          { value: 'crop', label: 'Crop the middle' },
        ]}
        onChange={setFit}
      />
    </RenderDialog>
  );
}
