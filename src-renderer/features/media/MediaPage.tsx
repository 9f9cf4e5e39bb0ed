import { EmptyState } from '../../components/EmptyState';
import { MediaIcon } from '../../components/icons';

export function MediaPage() {
  return (
    <EmptyState
      title="Media"
      icon={<MediaIcon />}
      notAvailable
      summary="One library for this workspace’s pictures, video and audio. Trimming, resizing and captions run on this machine with ffmpeg; nothing is uploaded to process them."
    >
      <h2>What to set up first</h2>
      <p>
        Media processing needs ffmpeg. Run the System check in <a href="#/settings">Settings</a> to see whether PromoGPT found it.
      </p>
    </EmptyState>
  );
}
