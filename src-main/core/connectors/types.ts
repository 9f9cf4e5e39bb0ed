import type { CaptionTrack } from '../../../src-shared/domain';
import type { Platform } from '../../../src-shared/platforms/platform';
import type { Clock } from '../platform/clock';

/**
 * Secret material of one connected account. Lives only in the OS keychain (as one JSON entry,
 * so a rotated refresh token is saved atomically with its access token), never in SQLite.
 */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** ISO instant; absent when the platform gives no expiry (Mastodon). */
  expiresAt?: string;
  refreshExpiresAt?: string;
  scopes?: string[];
}

/** Who the account is on the platform: safe to store in SQLite and show. */
export interface AccountIdentity {
  platformUserId: string; // X user id, Mastodon account id, Bluesky DID
  handle: string; // @name or name.bsky.social
  displayName?: string;
  avatarUrl?: string;
  profileUrl?: string;
}

/** Everything a connector needs to act for one account. `extras` are non-secret (PDS URL, instance URL, DID). */
export interface Session {
  tokens: TokenSet;
  identity: AccountIdentity;
  /** The API base this account talks to: a PDS, a Mastodon instance, X's API. Configurable for tests and proxies. */
  apiBase: string;
  extras: Record<string, string>;
}

export interface MediaFile {
  path: string;
  mimeType: string;
  altText?: string;
  /** Known for library items: the size some platforms want declared (Bluesky's aspectRatio). */
  width?: number;
  height?: number;
  /** A video's caption files (WebVTT), for platforms that take them beside the video. */
  captions?: CaptionTrack[];
}

export interface PublishInput {
  text: string;
  media: MediaFile[];
  /** Reply to this post (threads, first comments). */
  replyTo?: RemotePostRef;
  /** Stable per (post, account, part): Mastodon's Idempotency-Key, and the seed of Bluesky's record key. */
  idempotencyKey: string;
}

export interface RemotePostRef {
  /** The platform's id: X tweet id, Mastodon status id, Bluesky at:// URI. */
  id: string;
  url: string;
  /** Platform extras, e.g. Bluesky's cid and root reference for replies. */
  extras?: Record<string, string>;
}

/**
 * A publish reports each remote id the moment it exists (uploaded media, an upload session,
 * a chosen record key), so the caller can persist it before the next irreversible step.
 */
export interface PublishHooks {
  checkpoint?(step: string, value: string): void;
  progress?(fraction: number): void;
  signal?: AbortSignal;
}

/** Canonical metric names (platforms.md §11); the raw payload is kept beside them. */
export interface MetricValues {
  impressions?: number;
  likes?: number;
  reposts?: number;
  replies?: number;
  quotes?: number;
  bookmarks?: number;
  followers?: number;
  following?: number;
  posts?: number;
}

export interface PostMetrics {
  ref: RemotePostRef;
  values: MetricValues;
  raw: unknown;
}

export interface AccountMetrics {
  values: MetricValues;
  raw: unknown;
}

export interface RemoteComment {
  id: string;
  url: string;
  authorHandle: string;
  authorName?: string;
  text: string;
  createdAt: string;
  inReplyToId: string;
}

export interface ConnectorDescription {
  platform: Platform;
  auth: 'app-password' | 'oauth2-pkce';
  /** OAuth platforms where the user registers their own developer app (X). */
  needsUserClientId: boolean;
  capabilities: {
    maxImages: number;
    video: boolean;
    altText: boolean;
    threads: boolean;
    metrics: boolean;
    comments: boolean;
    revoke: boolean;
  };
}

export interface ConnectorDeps {
  fetch: typeof fetch;
  clock: Clock;
}

/** One per platform (DESIGN.md §5). Errors are AppErrors with the shared names. */
export interface Connector {
  describe(): ConnectorDescription;
  /** Refreshes the session's tokens; throws AuthExpired (reason invalid_grant) when the user must reconnect. */
  refresh(session: Session): Promise<Session>;
  /** Revokes the tokens at the platform, where it can; false when the platform has no revocation. */
  revoke(session: Session): Promise<boolean>;
  publish(session: Session, input: PublishInput, hooks?: PublishHooks): Promise<RemotePostRef>;
  /** Whether a post exists (after an unknown outcome): the ref, or null when it does not. */
  status(session: Session, ref: RemotePostRef): Promise<RemotePostRef | null>;
  fetchPostMetrics(session: Session, refs: RemotePostRef[]): Promise<PostMetrics[]>;
  fetchAccountMetrics(session: Session): Promise<AccountMetrics>;
  fetchComments(session: Session, ref: RemotePostRef): Promise<RemoteComment[]>;
}
