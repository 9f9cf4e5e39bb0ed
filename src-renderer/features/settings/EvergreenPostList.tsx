import { useId, useState } from 'react';
import type { EvergreenPool } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { slotWords } from '../../components/when-words';
import { systemTimeZone } from '../../../src-shared/schedule/zoned-time';

const EXCERPT = 90;

/** The first line of a post, cut to fit one row. */
export function excerpt(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > EXCERPT ? `${line.slice(0, EXCERPT - 1).trimEnd()}…` : line || '(no text)';
}

type Entry = EvergreenPool['entries'][number];

/** The posts in the pool, each with when it was last queued and a way to take it out. */
export function EvergreenPostList({ workspaceId, pool, onChanged }: { workspaceId: string; pool: EvergreenPool; onChanged: (pool: EvergreenPool) => void }) {
  const { api } = useSession();
  const [removing, setRemoving] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const remove = async (postId: string) => {
    if (removing) return;
    setRemoving(postId);
    setError(null);
    try {
      onChanged(await api.call('evergreen.remove', { workspaceId, postId }));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setRemoving(null);
    }
  };

  if (pool.entries.length === 0) return <p className="muted">No posts in the pool yet.</p>;
  return (
    <div className="form">
      <ul className="boxed-list evergreen-posts" aria-label="Posts in the evergreen pool">
        {pool.entries.map((entry) => (
          <EvergreenPostRow key={entry.postId} entry={entry} removing={removing === entry.postId} onRemove={() => void remove(entry.postId)} />
        ))}
      </ul>
      {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
    </div>
  );
}

function EvergreenPostRow({ entry, removing, onRemove }: { entry: Entry; removing: boolean; onRemove: () => void }) {
  const textId = useId();
  return (
    <li className="evergreen-post" aria-labelledby={textId}>
      <div className="evergreen-post__body">
        <p id={textId} className="evergreen-post__text">
          {excerpt(entry.text)}
        </p>
        <p className="evergreen-post__meta">{entry.lastQueuedAt ? `Last queued ${slotWords(entry.lastQueuedAt, systemTimeZone())}` : 'Not queued yet'}</p>
      </div>
      <Button variant="ghost" aria-describedby={textId} inactive={removing} onClick={onRemove}>
        {removing ? 'Removing…' : 'Remove'}
      </Button>
    </li>
  );
}
