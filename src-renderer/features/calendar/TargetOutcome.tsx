import { useState } from 'react';
import type { Post, PostTarget } from '../../../src-shared/domain';
import { PLATFORM_NAMES } from '../../../src-shared/platforms/platform';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/error-message';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ExternalLink } from '../../components/ExternalLink';
import { InlineMessage } from '../../components/InlineMessage';
import { AttemptHistory } from './AttemptHistory';
import { STATUS_LABELS, statusOfTarget, type EntryStatus } from './calendar-entries';
import { whenText } from './date-grid';
import { StatusGlyph } from './EntryChip';

const TONES: Record<EntryStatus, BadgeTone> = {
  draft: 'neutral',
  scheduled: 'info',
  publishing: 'info',
  published: 'ok',
  failed: 'fail',
  needs_attention: 'warn',
  cancelled: 'neutral',
};

/** The core refused a plain retry because an earlier create may have reached the platform. */
const outcomeUnknown = (error: unknown) => error instanceof ApiError && error.info.details?.reason === 'outcome_unknown';

export interface TargetOutcomeProps {
  post: Post;
  target: PostTarget;
  zone: string;
  retry: (targetId: string, confirmNotPosted?: boolean) => Promise<Post>;
  check: (targetId: string) => Promise<Post>;
}

/** What publishing to one account came to: its state, what happened and what to do, the live link, and every attempt. */
export function TargetOutcome({ post, target, zone, retry, check }: TargetOutcomeProps) {
  const platform = target.platform ? PLATFORM_NAMES[target.platform] : 'the platform';
  const status = statusOfTarget(target.state);
  const [busy, setBusy] = useState<'retry' | 'check' | 'anyway' | null>(null);
  const [note, setNote] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  // Only the user can settle a doubt the platform could not: offered after a check or a refused retry.
  const [offerPostAnyway, setOfferPostAnyway] = useState(false);

  const run = async (kind: 'retry' | 'check' | 'anyway') => {
    if (busy) return;
    setBusy(kind);
    setNote(null);
    try {
      if (kind === 'check') {
        const after = (await check(target.id)).targets.find((t) => t.id === target.id);
        const state = after?.state;
        if (state === 'published') {
          setOfferPostAnyway(false);
          setNote({ tone: 'success', text: `Found on ${platform}: it is marked published.` });
        } else if (state === 'queued' || state === 'publishing') {
          setOfferPostAnyway(false);
          setNote({ tone: 'success', text: `It is not on ${platform}, so posting it cannot make a copy: PromoGPT posts it now.` });
        } else {
          setOfferPostAnyway(true);
          setNote({ tone: 'error', text: `PromoGPT could not tell whether it is on ${platform}. Look for it there; if it is not there, post it anyway.` });
        }
      } else {
        await retry(target.id, kind === 'anyway');
        setOfferPostAnyway(false);
        setNote({ tone: 'success', text: `Back in the queue: PromoGPT posts it to ${target.handle} now.` });
      }
    } catch (failure) {
      if (kind === 'retry' && outcomeUnknown(failure)) setOfferPostAnyway(true);
      setNote({ tone: 'error', text: errorMessage(failure) });
    } finally {
      setBusy(null);
    }
  };

  const ownTime = target.scheduledAt && target.scheduledAt !== post.scheduledAt ? target.scheduledAt : null;
  const canRetry = target.action === 'retry' && (target.state === 'failed' || target.state === 'needs_attention' || target.state === 'queued');

  return (
    <li className="target" aria-label={`${target.handle} on ${platform}`}>
      <div className="target__head">
        <span className="target__handle">{target.handle}</span>
        <span className="target__platform">{platform}</span>
        <span className={`target__badge target__badge--${status}`}>
          <Badge tone={TONES[status]}>
            <StatusGlyph status={status} /> {STATUS_LABELS[status]}
          </Badge>
        </span>
      </div>
      {target.text !== post.text ? <p className="target__text">Its own version: {target.text || '(no text)'}</p> : null}
      {ownTime ? <p className="target__time">Goes out {whenText(ownTime, zone)} (this account’s own queue slot).</p> : null}
      {target.state === 'published' && target.publishedAt ? <p className="target__time">Published {whenText(target.publishedAt, zone)}.</p> : null}
      {target.message ? <p className={`target__message target__message--${status}`}>{target.message}</p> : null}
      <div className="target__actions">
        {target.state === 'published' && target.remoteUrl ? <ExternalLink href={target.remoteUrl}>View on {platform}</ExternalLink> : null}
        {canRetry ? (
          <Button variant="primary" inactive={busy !== null} onClick={() => void run('retry')}>
            {busy === 'retry' ? 'Retrying…' : 'Retry'}
          </Button>
        ) : null}
        {target.action === 'check' && target.state === 'needs_attention' ? (
          <Button variant="primary" inactive={busy !== null} onClick={() => void run('check')}>
            {busy === 'check' ? `Checking on ${platform}…` : `Check on ${platform}`}
          </Button>
        ) : null}
        {target.action === 'reconnect' ? (
          <a className="button button--primary" href="#/accounts">
            Reconnect {target.handle}
          </a>
        ) : null}
        {offerPostAnyway && target.state === 'needs_attention' ? (
          <Button variant="danger" inactive={busy !== null} onClick={() => void run('anyway')}>
            {busy === 'anyway' ? 'Posting…' : `It is not on ${platform}: post anyway`}
          </Button>
        ) : null}
      </div>
      {note ? <InlineMessage tone={note.tone}>{note.text}</InlineMessage> : null}
      <AttemptHistory attempts={target.attempts} handle={target.handle} zone={zone} />
    </li>
  );
}
