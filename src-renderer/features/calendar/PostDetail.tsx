import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { Post } from '../../../src-shared/domain';
import { utcToZoned } from '../../../src-shared/schedule/zoned-time';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { InlineMessage } from '../../components/InlineMessage';
import type { PostsStore } from '../../store/posts';
import { isMovable, type CalendarEntry } from './calendar-entries';
import { whenText } from './date-grid';
import { recurrenceText } from './recurrence-text';
import { TargetOutcome } from './TargetOutcome';

export interface PostDetailProps {
  /** The entry that was opened: the post and the time it was shown at. */
  entry: CalendarEntry;
  store: PostsStore;
  zone: string;
  onMove: (entry: CalendarEntry) => void;
  onClose: () => void;
}

const cancellable = (post: Post) =>
  post.status === 'scheduled' &&
  !post.targets.some((t) => t.state === 'publishing') &&
  post.targets.some((t) => t.state === 'queued' || t.state === 'failed' || t.state === 'needs_attention');

/** One post: its text, when and in which zone, its series, and per account what happened and what can be done. */
export function PostDetail({ entry, store, zone, onMove, onClose }: PostDetailProps) {
  const { api } = useSession();
  const fromStore = useStore(store, (s) => s.posts.get(entry.postId));
  // What an action returned, for a post that has left the period shown (a retry moves it to now).
  const [latest, setLatest] = useState<Post | null>(null);
  const post = fromStore ?? latest;
  const [series, setSeries] = useState<Post | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const workspaceId = store.getState().workspaceId;
  const seriesId = post?.seriesId ?? null;

  useEffect(() => {
    if (!seriesId || !workspaceId) return;
    let live = true;
    api.call('post.get', { workspaceId, postId: seriesId }).then(
      (found) => live && setSeries(found),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, seriesId, workspaceId]);

  const [poolError, setPoolError] = useState<string | null>(null);
  const togglePool = async (current: Post) => {
    if (!workspaceId) return;
    setPoolError(null);
    try {
      await api.call(current.evergreen ? 'evergreen.remove' : 'evergreen.add', { workspaceId, postId: current.id });
      setLatest(await api.call('post.get', { workspaceId, postId: current.id }));
    } catch (failure) {
      setPoolError(errorMessage(failure));
    }
  };

  const keep = async (action: Promise<Post>) => {
    const result = await action;
    setLatest(result);
    return result;
  };

  const cancel = async () => {
    if (!post || cancelling) return;
    setCancelling(true);
    setCancelError(null);
    try {
      await keep(store.getState().cancel(post.id));
      setConfirmCancel(false);
    } catch (failure) {
      setCancelError(errorMessage(failure));
    } finally {
      setCancelling(false);
    }
  };

  const title = `Post for ${whenText(post?.scheduledAt ?? entry.at, zone)}`;
  if (!post) {
    return (
      <Dialog title={title} onClose={onClose}>
        <p className="dialog__text">This post is no longer in this workspace.</p>
        <div className="form__actions">
          <Button onClick={onClose}>Close</Button>
        </div>
      </Dialog>
    );
  }

  const at = post.scheduledAt ?? entry.at;
  const ownZone = post.timeZone !== zone ? utcToZoned(at, post.timeZone) : null;
  const movableTarget = post.targets.find((t) => t.id === entry.targetId) ?? post.targets.find((t) => t.state === 'queued') ?? null;
  const movable = isMovable(post, movableTarget);

  return (
    <Dialog title={title} onClose={onClose}>
      <div className="post-detail">
        <p className="post-detail__text">{post.text || '(no text)'}</p>
        <dl className="facts">
          <dt>When</dt>
          <dd>
            {whenText(at, zone)} ({zone})
            {ownZone ? `; scheduled as ${ownZone.date} ${ownZone.time} in ${post.timeZone}` : ''}
          </dd>
          {post.seriesId ? (
            <>
              <dt>Series</dt>
              <dd>
                One occurrence of a repeating post.
                {series?.recurrence ? ` ${recurrenceText(series.recurrence)}` : ''} Moving or cancelling it changes this one only.
              </dd>
            </>
          ) : null}
          {post.evergreen ? (
            <>
              <dt>Evergreen</dt>
              <dd>In the evergreen pool: PromoGPT posts it again from time to time.</dd>
            </>
          ) : null}
          {post.status === 'cancelled' ? (
            <>
              <dt>Status</dt>
              <dd>Cancelled: what had not gone out will not; what was published stays published.</dd>
            </>
          ) : null}
        </dl>
        <h3 className="post-detail__heading">Accounts</h3>
        <ul className="boxed-list targets">
          {post.targets.map((target) => (
            <TargetOutcome
              key={target.id}
              post={post}
              target={target}
              zone={zone}
              retry={(targetId, confirmNotPosted) => keep(store.getState().retry(targetId, confirmNotPosted))}
              check={(targetId) => keep(store.getState().check(targetId))}
            />
          ))}
        </ul>
        {confirmCancel ? (
          <div className="confirm-box" role="group" aria-label="Cancel this post?">
            <p>Cancel this post? What has not gone out will not be posted; what is already published stays published.</p>
            {cancelError ? <InlineMessage tone="error">{cancelError}</InlineMessage> : null}
            <div className="form__actions">
              <Button onClick={() => setConfirmCancel(false)}>Keep it</Button>
              <Button variant="danger" inactive={cancelling} onClick={() => void cancel()} data-autofocus>
                {cancelling ? 'Cancelling…' : 'Cancel post'}
              </Button>
            </div>
          </div>
        ) : null}
        {poolError ? <InlineMessage tone="error">{poolError}</InlineMessage> : null}
        <div className="form__actions">
          {movable ? <Button onClick={() => onMove({ ...entry, movable: true })}>Move…</Button> : null}
          {post.status === 'scheduled' && post.targets.length > 0 ? (
            <Button onClick={() => void togglePool(post)}>{post.evergreen ? 'Remove from evergreen pool' : 'Add to evergreen pool'}</Button>
          ) : null}
          {cancellable(post) && !confirmCancel ? (
            <Button variant="danger" onClick={() => setConfirmCancel(true)}>
              Cancel post…
            </Button>
          ) : null}
          <Button onClick={onClose}>Close</Button>
        </div>
      </div>
    </Dialog>
  );
}
