// The safe-retry recipe of each platform (platforms.md §0.1 item 6) for a part whose create may
// already have happened: Bluesky's record key is fixed and the connector checks it with
// getRecord before creating; Mastodon replays a status for the same Idempotency-Key within an
// hour; X has no such guarantee, so a create whose outcome is unknown is looked up, never repeated.
import { missingCaseError } from '../../../src-shared/assert';
import type { Platform } from '../../../src-shared/platforms/platform';
import { postUri, recordKeyFor } from '../connectors/bluesky';
import type { Connector, RemotePostRef, Session } from '../connectors/types';
import type { XConnector } from '../connectors/x';
import { cpKey, type Checkpoints } from './target-store';
import type { VariantPart } from './variant';

/** Mastodon keeps an Idempotency-Key for 1 hour; the margin covers clocks that disagree a little. */
export const MASTODON_IDEMPOTENCY_WINDOW_MS = 55 * 60_000;
/** How far before the first send an X lookup starts (X's clock and ours may differ). */
const X_LOOKUP_SLACK_MS = 5 * 60_000;

/** The part's idempotency key: stable per (target, part), so every attempt sends the same one. */
export function partKey(targetKey: string, index: number): string {
  return `${targetKey}:${index}`;
}

function sentAt(checkpoints: Checkpoints, i: number): number | undefined {
  const raw = checkpoints[cpKey.sending(i)];
  const t = raw ? Date.parse(raw) : NaN;
  return Number.isFinite(t) ? t : undefined;
}

/** Whether a Mastodon create first sent at the part's `sending` instant is still covered by its Idempotency-Key. */
export function withinMastodonWindow(checkpoints: Checkpoints, i: number, now: Date): boolean {
  const t = sentAt(checkpoints, i);
  return t !== undefined && now.getTime() - t < MASTODON_IDEMPOTENCY_WINDOW_MS;
}

/**
 * Whether X may have received the create of part i. The connector sends POST /2/tweets only
 * after every media upload, and checkpoints `media:<n>` when upload n starts; so while the last
 * upload has not started, the create has not been sent. Without any media checkpoint there is
 * no such evidence, and the create counts as possibly sent.
 */
export function xCreateMayHaveBeenSent(checkpoints: Checkpoints, part: VariantPart): boolean {
  const i = part.index;
  if (checkpoints[cpKey.sending(i)] === undefined) return false;
  const count = part.media.length;
  if (count === 0) return true;
  const mediaPrefix = cpKey.step(i, 'media:');
  if (!Object.keys(checkpoints).some((k) => k.startsWith(mediaPrefix))) return true;
  return checkpoints[cpKey.step(i, `media:${count - 1}`)] !== undefined;
}

/** What to do with a part an earlier attempt started and did not finish. */
export type Resume = 'rerun' | 'lookup' | 'in-doubt';

export function resumeFor(platform: Platform, checkpoints: Checkpoints, part: VariantPart, now: Date): Resume {
  switch (platform) {
    case 'bluesky':
      return 'rerun';
    case 'mastodon':
      return withinMastodonWindow(checkpoints, part.index, now) ? 'rerun' : 'in-doubt';
    case 'x':
      return xCreateMayHaveBeenSent(checkpoints, part) ? 'lookup' : 'rerun';
    default:
      throw missingCaseError(platform);
  }
}

/** After a failure whose outcome is unknown: whether running the same part again cannot post it twice. */
export function safeToRepeat(platform: Platform, checkpoints: Checkpoints, i: number, now: Date): boolean {
  switch (platform) {
    case 'bluesky':
      return true;
    case 'mastodon':
      return withinMastodonWindow(checkpoints, i, now);
    case 'x':
      return false;
    default:
      throw missingCaseError(platform);
  }
}

export type Lookup = { found: RemotePostRef } | { absent: true } | { cannotTell: true };

function isXConnector(connector: Connector): connector is XConnector {
  return typeof (connector as Partial<XConnector>).findRecentPost === 'function';
}

/**
 * Looks a part up on the platform without posting anything: by its remote id when a checkpoint
 * has it, by its record key on Bluesky, by text among the account's recent posts on X. Mastodon
 * has no lookup without the id: only its Idempotency-Key (re-running) can tell, within the hour.
 */
export async function lookUpPart(input: {
  platform: Platform;
  connector: Connector;
  session: Session;
  checkpoints: Checkpoints;
  part: VariantPart;
  targetKey: string;
  now: Date;
}): Promise<Lookup> {
  const { platform, connector, session, checkpoints, part } = input;
  const i = part.index;
  const postId = checkpoints[cpKey.post(i)];
  if (postId) {
    const ref = await connector.status(session, { id: postId, url: '' });
    // An id the platform gave back proves the create happened, even if the post is gone now.
    return { found: ref ?? { id: postId, url: '' } };
  }
  switch (platform) {
    case 'bluesky': {
      const rkey = checkpoints[cpKey.rkey(i)] ?? recordKeyFor(partKey(input.targetKey, i));
      const ref = await connector.status(session, { id: postUri(session.identity.platformUserId, rkey), url: '' });
      return ref ? { found: ref } : { absent: true };
    }
    case 'x': {
      if (!isXConnector(connector)) return { cannotTell: true };
      const since = (sentAt(checkpoints, i) ?? input.now.getTime() - 24 * 3600_000) - X_LOOKUP_SLACK_MS;
      const ref = await connector.findRecentPost(session, { text: part.text, since: new Date(since).toISOString() });
      return ref ? { found: ref } : { absent: true };
    }
    case 'mastodon':
      return { cannotTell: true };
    default:
      throw missingCaseError(platform);
  }
}
