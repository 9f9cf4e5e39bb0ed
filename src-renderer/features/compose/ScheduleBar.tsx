import { useStore } from 'zustand';
import type { Account } from '../../../src-shared/domain';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { sendBlockers, type WhenState } from './composer-logic';
import { useLibraryItems } from './composer-media';
import type { ComposerStore } from './composer-store';

const ACTION: Record<WhenState['kind'], string> = {
  now: 'Post now',
  at: 'Schedule',
  nextSlot: 'Add to queue',
  recurring: 'Schedule repeats',
};

/** The one button that sends the post, what still stands in its way, and the core's answer. */
export function ScheduleBar({ store, accounts, onSchedule }: { store: ComposerStore; accounts: readonly Account[]; onSchedule: (allowDuplicate: boolean) => void }) {
  const draft = useStore(store, (s) => s.draft);
  const when = useStore(store, (s) => s.when);
  const submit = useStore(store, (s) => s.submit);
  const duplicates = useStore(store, (s) => s.duplicates);
  const library = useLibraryItems();

  const blockers = sendBlockers(draft, when, accounts, new Date(), library);

  const busy = submit.state === 'scheduling';
  const needsAnyway = duplicates.length > 0 || (submit.state === 'failed' && submit.duplicate);
  const blocked = blockers.length > 0;

  return (
    <div className="compose-actions">
      <div className="compose-actions__buttons">
        {needsAnyway ? (
          <Button variant="danger" inactive={busy || blocked} onClick={() => onSchedule(true)}>
            {busy ? 'Scheduling…' : 'Schedule anyway'}
          </Button>
        ) : (
          <Button variant="primary" inactive={busy || blocked} onClick={() => onSchedule(false)} aria-keyshortcuts="Control+Enter Meta+Enter">
            {busy ? 'Scheduling…' : ACTION[when.kind]}
          </Button>
        )}
      </div>
      {needsAnyway && !blocked ? <p className="field__hint">Change the text or the time to clear the warning, or send it anyway.</p> : null}
      {blocked ? (
        <ul className="compose-actions__blockers" aria-label="Before you can send">
          {blockers.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      ) : null}
      {submit.state === 'failed' ? <InlineMessage tone="error">{`Not scheduled: ${submit.message} Your post is still here.`}</InlineMessage> : null}
    </div>
  );
}
