// The X connector (platforms.md §1). session.apiBase defaults to https://api.x.com; the user's
// own client id (a Native App) travels in session.extras.clientId.
import { z } from 'zod';
import { AppError } from '../../../../src-shared/errors';
import type { AccountMetrics, Connector, ConnectorDescription, PostMetrics, RemoteComment, RemotePostRef, Session } from '../types';
import { uploadMedia } from './media';
import { refreshXTokens, revokeXTokens } from './oauth';
import { ApiErrorSchema, apiBaseOf, bearer, isNotFound, parseBody, TweetSchema, tweetUrl, UserSchema, xFetch, type Tweet, type XDeps } from './wire';

const DESCRIPTION: ConnectorDescription = {
  platform: 'x',
  auth: 'oauth2-pkce',
  needsUserClientId: true,
  // Alt text needs POST /2/media/metadata, which platforms.md §1 does not cover yet.
  capabilities: { maxImages: 4, video: true, altText: false, threads: true, metrics: true, comments: true, revoke: true },
};

export interface XConnector extends Connector {
  /**
   * After a create whose outcome is unknown: the account's own post with this text since
   * `since` (GET /2/users/:id/tweets), or null. URLs are compared loosely (X rewrites them to t.co).
   */
  findRecentPost(session: Session, input: { text: string; since: string }): Promise<RemotePostRef | null>;
}

const CreatedSchema = z.object({ data: z.object({ id: z.string(), text: z.string().optional() }) });
const LookupSchema = z.object({ data: z.array(TweetSchema).optional(), errors: z.array(ApiErrorSchema).optional() });
const SingleSchema = z.object({ data: TweetSchema.optional(), errors: z.array(ApiErrorSchema).optional() });
const SearchSchema = z.object({
  data: z.array(TweetSchema).optional(),
  includes: z.object({ users: z.array(UserSchema).optional() }).optional(),
  meta: z.object({ next_token: z.string().optional(), result_count: z.number().optional() }).optional(),
});

const METRIC_FIELDS = 'public_metrics,non_public_metrics';
const MAX_COMMENT_PAGES = 10;

const looseText = (s: string) => s.replace(/https?:\/\/\S+/g, 'URL').replace(/\s+/g, ' ').trim();

function metricValues(t: Tweet) {
  const p = t.public_metrics ?? {};
  const impressions = t.non_public_metrics?.impression_count ?? p.impression_count;
  const v = { impressions, likes: p.like_count, reposts: p.retweet_count, replies: p.reply_count, quotes: p.quote_count, bookmarks: p.bookmark_count };
  return Object.fromEntries(Object.entries(v).filter(([, n]) => n !== undefined)) as PostMetrics['values'];
}

export function createXConnector(deps: XDeps): XConnector {
  const api = (session: Session) => apiBaseOf(session);
  const auth = (session: Session) => bearer(session.tokens.accessToken);
  const ref = (session: Session, id: string, username?: string): RemotePostRef => ({ id, url: tweetUrl(session, id, username) });

  /** One lookup batch (≤100 ids); tweets the metrics fields were refused for come back in `refused`. */
  const lookup = async (session: Session, ids: string[], fields: string) => {
    const res = await xFetch(deps, {
      method: 'GET',
      url: `${api(session)}/2/tweets?ids=${ids.map(encodeURIComponent).join(',')}&tweet.fields=${fields}`,
      headers: auth(session),
    });
    const body = parseBody(LookupSchema, res.body, 'the post metrics');
    const found = new Map((body.data ?? []).map((t) => [t.id, t]));
    const refused = ids.filter((id) => !found.has(id) && (body.errors ?? []).some((e) => (e.resource_id ?? e.value) === id && !isNotFound(e)));
    return { found, refused };
  };

  return {
    describe: () => DESCRIPTION,

    async refresh(session) {
      const tokens = await (deps.refreshTokens ?? ((s: Session) => refreshXTokens(deps, s)))(session);
      return { ...session, tokens };
    },

    revoke: (session) => revokeXTokens(deps, session),

    async publish(session, input, hooks = {}) {
      const steps = input.media.length + 1;
      const mediaIds: string[] = [];
      for (const [n, file] of input.media.entries()) {
        hooks.signal?.throwIfAborted();
        mediaIds.push(await uploadMedia(deps, session, file, n, hooks));
        hooks.progress?.((n + 1) / steps);
      }
      hooks.signal?.throwIfAborted();
      // No idempotency on X: a failure whose outcome is unknown propagates as is (outcomeUnknown),
      // and this connector never repeats the create.
      const res = await xFetch(deps, {
        method: 'POST',
        url: `${api(session)}/2/tweets`,
        headers: auth(session),
        json: {
          ...(input.text ? { text: input.text } : {}),
          ...(mediaIds.length ? { media: { media_ids: mediaIds } } : {}),
          ...(input.replyTo ? { reply: { in_reply_to_tweet_id: input.replyTo.id } } : {}),
        },
        creates: true,
      });
      const id = parseBody(CreatedSchema, res.body, 'the new post').data.id;
      hooks.checkpoint?.('post', id);
      hooks.progress?.(1);
      return ref(session, id);
    },

    async status(session, r) {
      let body;
      try {
        const res = await xFetch(deps, { method: 'GET', url: `${api(session)}/2/tweets/${encodeURIComponent(r.id)}?tweet.fields=author_id`, headers: auth(session) });
        body = parseBody(SingleSchema, res.body, 'the post');
      } catch (error) {
        if (error instanceof AppError && error.details?.status === 404) return null;
        throw error;
      }
      if (body.data) return ref(session, body.data.id);
      if ((body.errors ?? []).some(isNotFound)) return null;
      throw new AppError('PlatformRejected', 'X answered neither the post nor "not found". Try again later.');
    },

    /** Own posts get non_public_metrics (≤30 days old); where X refuses them, public_metrics only. Deleted posts are left out. */
    async fetchPostMetrics(session, refs): Promise<PostMetrics[]> {
      const out: PostMetrics[] = [];
      for (let i = 0; i < refs.length; i += 100) {
        const batch = refs.slice(i, i + 100);
        const ids = batch.map((r) => r.id);
        let found: Map<string, Tweet>;
        let refused: string[];
        try {
          ({ found, refused } = await lookup(session, ids, METRIC_FIELDS));
        } catch (error) {
          if (!(error instanceof AppError) || !['PermissionDenied', 'PlatformRejected'].includes(error.name)) throw error;
          ({ found, refused } = { found: new Map(), refused: ids });
        }
        if (refused.length) for (const [id, t] of (await lookup(session, refused, 'public_metrics')).found) found.set(id, t);
        for (const r of batch) {
          const t = found.get(r.id);
          if (t) out.push({ ref: r, values: metricValues(t), raw: t });
        }
      }
      return out;
    },

    async fetchAccountMetrics(session): Promise<AccountMetrics> {
      const res = await xFetch(deps, { method: 'GET', url: `${api(session)}/2/users/me?user.fields=public_metrics`, headers: auth(session) });
      const { data } = parseBody(z.object({ data: UserSchema }), res.body, 'the account');
      const p = data.public_metrics ?? {};
      const posts = p.post_count ?? p.tweet_count;
      return {
        values: {
          ...(p.followers_count === undefined ? {} : { followers: p.followers_count }),
          ...(p.following_count === undefined ? {} : { following: p.following_count }),
          ...(posts === undefined ? {} : { posts }),
        },
        raw: data,
      };
    },

    /** Replies in the post's conversation from recent search (about 7 days), oldest first. */
    async fetchComments(session, r): Promise<RemoteComment[]> {
      const comments: RemoteComment[] = [];
      let next: string | undefined;
      for (let page = 0; page < MAX_COMMENT_PAGES; page++) {
        const q = new URLSearchParams({
          query: `conversation_id:${r.id}`,
          'tweet.fields': 'author_id,created_at,in_reply_to_user_id,referenced_tweets,conversation_id',
          expansions: 'author_id',
          'user.fields': 'username,name',
          max_results: '100',
          ...(next ? { next_token: next } : {}),
        });
        const res = await xFetch(deps, { method: 'GET', url: `${api(session)}/2/tweets/search/recent?${q.toString()}`, headers: auth(session) });
        const body = parseBody(SearchSchema, res.body, 'the replies');
        const users = new Map((body.includes?.users ?? []).map((u) => [u.id, u]));
        for (const t of body.data ?? []) {
          if (t.id === r.id) continue;
          const user = t.author_id ? users.get(t.author_id) : undefined;
          comments.push({
            id: t.id,
            url: user ? tweetUrl(session, t.id, user.username) : `https://x.com/i/web/status/${t.id}`,
            authorHandle: user ? `@${user.username}` : (t.author_id ?? ''),
            ...(user?.name ? { authorName: user.name } : {}),
            text: t.text ?? '',
            createdAt: t.created_at ?? '',
            inReplyToId: t.referenced_tweets?.find((x) => x.type === 'replied_to')?.id ?? r.id,
          });
        }
        next = body.meta?.next_token;
        if (!next) break;
      }
      return comments.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },

    async findRecentPost(session, input) {
      const q = new URLSearchParams({ max_results: '100', start_time: new Date(input.since).toISOString(), 'tweet.fields': 'created_at' });
      const res = await xFetch(deps, {
        method: 'GET',
        url: `${api(session)}/2/users/${encodeURIComponent(session.identity.platformUserId)}/tweets?${q.toString()}`,
        headers: auth(session),
      });
      const body = parseBody(z.object({ data: z.array(TweetSchema).optional() }), res.body, 'the recent posts');
      const want = looseText(input.text);
      const hit = (body.data ?? []).find((t) => looseText(t.text ?? '') === want);
      return hit ? ref(session, hit.id) : null;
    },
  };
}
