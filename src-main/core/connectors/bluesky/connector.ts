// The Bluesky connector: app-password sessions, posts with facets, images or a video with its
// caption files, threads and a
// record key chosen up front, and metrics/replies read through the PDS (which proxies
// app.bsky.* to the AppView). Wire contract: platforms.md §8.
import path from 'node:path';
import { AppError } from '../../../../src-shared/errors';
import { createLogger } from '../../platform/logger';
import type {
  AccountMetrics,
  Connector,
  ConnectorDeps,
  ConnectorDescription,
  PostMetrics,
  PublishHooks,
  PublishInput,
  RemoteComment,
  RemotePostRef,
  Session,
} from '../types';
import { checkImages, imageEmbedEntry, MAX_IMAGES, uploadBlob } from './media';
import { checkVideo, videoEmbed } from './video';
import { createRecord, getRecord, parseAtUri, POST_COLLECTION, postUri, postUrl, refFor, rootOf, type StrongRef } from './records';
import { buildPostText, checkText } from './richtext';
import { endSession, login, sessionFromServer, type LoginInput } from './session';
import { recordKeyFor } from './tid';
import { bodyOf, xrpc, xrpcErrorName } from './xrpc';

const log = createLogger('bluesky');

/** app.bsky.feed.getPosts takes at most 25 URIs per call. */
const GET_POSTS_MAX = 25;
const MAX_COMMENTS = 1000;

export interface BlueskyConnector extends Connector {
  /** Signs in with a handle and an app password (session.ts `login`). */
  connect(input: LoginInput): Promise<Session>;
}

export function blueskyConnector(deps: ConnectorDeps): BlueskyConnector {
  // One refresh in flight per refresh token: a concurrent double refresh burns the rotation.
  const refreshing = new Map<string, Promise<Session>>();

  const auth = (session: Session) => session.tokens.accessToken;

  async function replyRefs(session: Session, replyTo: RemotePostRef): Promise<{ root: StrongRef; parent: StrongRef }> {
    const at = parseAtUri(replyTo.id);
    const e = replyTo.extras ?? {};
    if (e.cid && e.rootUri && e.rootCid) return { parent: { uri: replyTo.id, cid: e.cid }, root: { uri: e.rootUri, cid: e.rootCid } };
    // A ref without its cid or root (e.g. from a URL): read the parent to learn both.
    const parent = await getRecord(deps, session, at);
    if (!parent) throw new AppError('NotFound', 'The post to reply to no longer exists on Bluesky.', { uri: replyTo.id });
    return { parent: { uri: parent.uri, cid: parent.cid }, root: rootOf(parent) };
  }

  async function publish(session: Session, input: PublishInput, hooks: PublishHooks = {}): Promise<RemotePostRef> {
    const { signal } = hooks;
    signal?.throwIfAborted();
    if (!input.idempotencyKey) throw new AppError('Internal', 'A Bluesky publish needs an idempotency key (the seed of its record key).');
    await checkText(input.text);
    if (!input.text.trim() && input.media.length === 0) throw new AppError('ValidationError', 'The post is empty: add text or an image.', { field: 'text' });
    const video = input.media.some((m) => m.mimeType.startsWith('video/')) ? await checkVideo(input.media) : null;
    const images = video ? [] : await checkImages(input.media);

    const did = session.identity.platformUserId;
    const rkey = recordKeyFor(input.idempotencyKey);
    hooks.checkpoint?.('rkey', rkey);

    // A retry of a publish that already landed: return that post instead of a second one.
    const existing = await getRecord(deps, session, { repo: did, collection: POST_COLLECTION, rkey });
    if (existing) {
      log.info('Bluesky post already exists; not posting again', { uri: existing.uri });
      hooks.progress?.(1);
      return refFor(session, existing);
    }

    const reply = input.replyTo ? await replyRefs(session, input.replyTo) : undefined;
    const { text, facets } = await buildPostText(deps, session, input.text);

    const embedImages: Record<string, unknown>[] = [];
    for (const [i, image] of images.entries()) {
      signal?.throwIfAborted();
      const blob = await uploadBlob(deps, session, image.bytes, image.info.mimeType, `image ${path.basename(image.file.path)}`);
      hooks.checkpoint?.(`blob:${i}`, blob.ref.$link);
      hooks.progress?.((i + 1) / (images.length + 1));
      embedImages.push(imageEmbedEntry(image, blob));
    }

    const embed = video
      ? await videoEmbed(deps, session, video, hooks)
      : embedImages.length
        ? { $type: 'app.bsky.embed.images', images: embedImages }
        : undefined;
    const record: Record<string, unknown> = {
      $type: POST_COLLECTION,
      text,
      createdAt: deps.clock.now().toISOString(),
      ...(facets ? { facets } : {}),
      ...(embed ? { embed } : {}),
      ...(reply ? { reply } : {}),
    };

    signal?.throwIfAborted();
    const uri = postUri(did, rkey);
    let created: { uri: string; cid: string };
    try {
      created = await createRecord(deps, session, rkey, record);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.details?.outcomeUnknown) {
        throw new AppError('Transient', 'Bluesky did not answer in time; the post may or may not exist. PromoGPT checks before trying again.', {
          ...error.details,
          outcomeUnknown: true,
          uri,
          rkey,
        });
      }
      // Someone (an earlier attempt) created this record key meanwhile: that is our post.
      const again = await getRecord(deps, session, { repo: did, collection: POST_COLLECTION, rkey }).catch(() => null);
      if (again) return refFor(session, again);
      throw error;
    }
    hooks.progress?.(1);
    const root = reply?.root ?? created;
    return {
      id: created.uri,
      url: postUrl(session.identity.handle || did, rkey),
      extras: { cid: created.cid, rootUri: root.uri, rootCid: root.cid, rkey },
    };
  }

  async function doRefresh(session: Session): Promise<Session> {
    const refreshToken = session.tokens.refreshToken;
    if (!refreshToken) {
      throw new AppError('AuthExpired', 'This Bluesky account has no refresh token. Reconnect it with an app password.', { reason: 'invalid_grant' });
    }
    try {
      const res = await xrpc(deps, { base: session.apiBase, method: 'POST', nsid: 'com.atproto.server.refreshSession', bearer: refreshToken });
      return sessionFromServer(bodyOf(res), session.extras.service ?? session.apiBase, session);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const name = xrpcErrorName(error);
      const status = error.details?.status;
      if (error.name === 'AuthExpired' || status === 401 || name === 'ExpiredToken' || name === 'InvalidToken') {
        throw new AppError('AuthExpired', 'Bluesky no longer accepts this account\'s sign-in (it expired or was revoked). Reconnect it with an app password.', {
          ...error.details,
          reason: 'invalid_grant',
        });
      }
      throw error;
    }
  }

  return {
    describe(): ConnectorDescription {
      return {
        platform: 'bluesky',
        auth: 'app-password',
        needsUserClientId: false,
        capabilities: { maxImages: MAX_IMAGES, video: true, altText: true, threads: true, metrics: true, comments: true, revoke: true },
      };
    },

    connect: (input) => login(input, deps),

    refresh(session: Session): Promise<Session> {
      const key = session.tokens.refreshToken ?? '';
      const inFlight = refreshing.get(key);
      if (inFlight) return inFlight;
      const p = doRefresh(session).finally(() => refreshing.delete(key));
      refreshing.set(key, p);
      return p;
    },

    async revoke(session: Session): Promise<boolean> {
      try {
        await endSession(deps, session.apiBase, session.tokens.refreshToken);
      } catch (error) {
        // A token the server no longer knows is as revoked as it gets.
        if (error instanceof AppError && error.name === 'AuthExpired') return true;
        throw error;
      }
      return true;
    },

    publish,

    async status(session: Session, ref: RemotePostRef): Promise<RemotePostRef | null> {
      const post = await getRecord(deps, session, parseAtUri(ref.id));
      return post ? refFor(session, post) : null;
    },

    async fetchPostMetrics(session: Session, refs: RemotePostRef[]): Promise<PostMetrics[]> {
      const out: PostMetrics[] = [];
      for (let i = 0; i < refs.length; i += GET_POSTS_MAX) {
        const batch = refs.slice(i, i + GET_POSTS_MAX);
        const res = await xrpc(deps, {
          base: session.apiBase,
          method: 'GET',
          nsid: 'app.bsky.feed.getPosts',
          query: { uris: batch.map((r) => r.id) },
          bearer: auth(session),
        });
        const posts = Array.isArray(bodyOf(res).posts) ? (bodyOf(res).posts as Record<string, unknown>[]) : [];
        const byUri = new Map(posts.filter((p) => p && typeof p.uri === 'string').map((p) => [p.uri as string, p]));
        for (const ref of batch) {
          const p = byUri.get(ref.id);
          if (!p) continue; // deleted or hidden: no numbers to report
          out.push({
            ref,
            values: {
              likes: count(p.likeCount),
              reposts: count(p.repostCount),
              replies: count(p.replyCount),
              quotes: count(p.quoteCount),
              bookmarks: count(p.bookmarkCount),
            },
            raw: p,
          });
        }
      }
      return out;
    },

    async fetchAccountMetrics(session: Session): Promise<AccountMetrics> {
      const res = await xrpc(deps, {
        base: session.apiBase,
        method: 'GET',
        nsid: 'app.bsky.actor.getProfile',
        query: { actor: session.identity.platformUserId },
        bearer: auth(session),
      });
      const p = bodyOf(res);
      return { values: { followers: count(p.followersCount), following: count(p.followsCount), posts: count(p.postsCount) }, raw: p };
    },

    async fetchComments(session: Session, ref: RemotePostRef): Promise<RemoteComment[]> {
      let thread: unknown;
      try {
        const res = await xrpc(deps, {
          base: session.apiBase,
          method: 'GET',
          nsid: 'app.bsky.feed.getPostThread',
          query: { uri: ref.id, depth: 10, parentHeight: 0 },
          bearer: auth(session),
        });
        thread = bodyOf(res).thread;
      } catch (error) {
        if (xrpcErrorName(error) === 'NotFound') throw new AppError('NotFound', 'That post no longer exists on Bluesky.', { uri: ref.id });
        throw error;
      }
      const out: RemoteComment[] = [];
      const walk = (node: unknown) => {
        const replies = (node as { replies?: unknown })?.replies;
        if (!Array.isArray(replies)) return;
        for (const r of replies) {
          if (out.length >= MAX_COMMENTS) return;
          const c = toComment(r);
          if (!c) continue; // not found, blocked, or not a post view
          out.push(c);
          walk(r);
        }
      };
      walk(thread);
      return out;
    },
  };
}

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** A reply in a getPostThread tree as a RemoteComment, or undefined when it is not a readable post. */
function toComment(node: unknown): RemoteComment | undefined {
  const post = (node as { post?: Record<string, unknown> })?.post;
  if (!post || typeof post.uri !== 'string') return undefined;
  const author = (post.author ?? {}) as Record<string, unknown>;
  const record = (post.record ?? {}) as Record<string, unknown>;
  const parent = (record.reply as { parent?: { uri?: unknown } } | undefined)?.parent;
  const handle = typeof author.handle === 'string' ? author.handle : typeof author.did === 'string' ? author.did : 'unknown';
  let rkey: string;
  try {
    rkey = parseAtUri(post.uri).rkey;
  } catch {
    return undefined;
  }
  const name = typeof author.displayName === 'string' && author.displayName.trim() ? author.displayName.trim() : undefined;
  return {
    id: post.uri,
    url: postUrl(handle, rkey),
    authorHandle: handle,
    ...(name ? { authorName: name } : {}),
    text: typeof record.text === 'string' ? record.text : '',
    createdAt: typeof record.createdAt === 'string' ? record.createdAt : typeof post.indexedAt === 'string' ? post.indexedAt : '',
    inReplyToId: typeof parent?.uri === 'string' ? parent.uri : '',
  };
}
