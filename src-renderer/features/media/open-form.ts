import type { MediaItem } from '../../../src-shared/domain';

/** Which render form is open: pictures into a video, or one of the forms about one item. */
export type OpenForm =
  | { kind: 'image-to-video'; imageIds: string[] }
  | { kind: 'enhance' | 'reformat' | 'captions' | 'trim' | 'frame' | 'watermark'; item: MediaItem };
