// The Mastodon connector (platforms.md §9). The session's apiBase is the instance origin; the
// app's client id and secret (registered per instance) travel in session.extras.
import { AppError } from '../../../../src-shared/errors';
import { createLogger } from '../../platform/logger';
import type { AccountMetrics, Connector, ConnectorDescription, PostMetrics, RemoteComment, RemotePostRef, Session } from '../types';
import { normalizeInstanceUrl } from './instance';
import { publishStatus, statusRef } from './publish';
import { AccountSchema, bearer, ContextSchema, htmlToText, mastodonFetch, parseBody, StatusSchema, type MastodonDeps, type MastodonStatus } from './wire';

/** Keys of Session.extras this connector reads. */
export const MASTODON_EXTRAS = { instanceUrl: 'instanceUrl', clientId: 'clientId', clientSecret: 'clientSecret' } as const;

const log = createLogger('connectors.mastodon');

const DESCRIPTION: ConnectorDescription = {
  platform: 'mastodon',
  auth: 'oauth2-pkce',
  needsUserClientId: false,
  capabilities: { maxImages: 4, video: true, altText: true, threads: true, metrics: true, comments: true, revoke: true },
};

export function createMastodonConnector(deps: MastodonDeps): Connector {
  const base = (session: Session) => normalizeInstanceUrl(session.apiBase);
  const auth = (session: Session) => bearer(session.tokens.accessToken);

  const getStatus = async (session: Session, id: string): Promise<MastodonStatus | null> => {
    try {
      const res = await mastodonFetch(deps, { method: 'GET', url: `${base(session)}/api/v1/statuses/${encodeURIComponent(id)}`, headers: auth(session) });
      return parseBody(StatusSchema, res.body, 'the post');
    } catch (error) {
      if (error instanceof AppError && error.name === 'PlatformRejected' && error.details?.status === 404) return null;
      throw error;
    }
  };

  return {
    describe: () => DESCRIPTION,

    // Mastodon tokens never expire and there is no refresh token: only a rejected token (401,
    // revoked) ends the session; any other failure leaves it as it is for the next call to meet.
    async refresh(session) {
      try {
        await mastodonFetch(deps, { method: 'GET', url: `${base(session)}/api/v1/accounts/verify_credentials`, headers: auth(session) });
      } catch (error) {
        if (error instanceof AppError && error.name === 'AuthExpired') throw error;
        log.warn('could not check the Mastodon token; keeping it', { error });
      }
      return session;
    },

    async revoke(session) {
      const clientId = session.extras[MASTODON_EXTRAS.clientId];
      const clientSecret = session.extras[MASTODON_EXTRAS.clientSecret];
      if (!clientId || !clientSecret) {
        throw new AppError('ValidationError', 'This Mastodon account has no app credentials stored, so its sign-in cannot be revoked from PromoGPT. Revoke it in the server\'s settings.');
      }
      await mastodonFetch(deps, {
        method: 'POST',
        url: `${base(session)}/oauth/revoke`,
        form: { client_id: clientId, client_secret: clientSecret, token: session.tokens.accessToken },
      });
      return true;
    },

    publish: (session, input, hooks) => publishStatus(deps, { ...session, apiBase: base(session) }, input, hooks),

    async status(session, ref): Promise<RemotePostRef | null> {
      const s = await getStatus(session, ref.id);
      return s ? statusRef(s) : null;
    },

    /** Posts that no longer exist are left out. */
    async fetchPostMetrics(session, refs): Promise<PostMetrics[]> {
      const out: PostMetrics[] = [];
      for (const ref of refs) {
        const s = await getStatus(session, ref.id);
        if (!s) continue;
        out.push({
          ref: statusRef(s),
          values: {
            replies: s.replies_count ?? 0,
            reposts: s.reblogs_count ?? 0,
            likes: s.favourites_count ?? 0,
            ...(s.quotes_count === undefined ? {} : { quotes: s.quotes_count }),
          },
          raw: s,
        });
      }
      return out;
    },

    async fetchAccountMetrics(session): Promise<AccountMetrics> {
      const res = await mastodonFetch(deps, { method: 'GET', url: `${base(session)}/api/v1/accounts/verify_credentials`, headers: auth(session) });
      const acc = parseBody(AccountSchema, res.body, 'the account');
      return {
        values: {
          ...(acc.followers_count === undefined ? {} : { followers: acc.followers_count }),
          ...(acc.following_count === undefined ? {} : { following: acc.following_count }),
          ...(acc.statuses_count === undefined ? {} : { posts: acc.statuses_count }),
        },
        raw: acc,
      };
    },

    async fetchComments(session, ref): Promise<RemoteComment[]> {
      const res = await mastodonFetch(deps, { method: 'GET', url: `${base(session)}/api/v1/statuses/${encodeURIComponent(ref.id)}/context`, headers: auth(session) });
      const { descendants } = parseBody(ContextSchema, res.body, 'the replies');
      const host = new URL(base(session)).host;
      return descendants.map((s) => ({
        id: s.id,
        url: s.url ?? s.uri,
        authorHandle: s.account.acct.includes('@') ? `@${s.account.acct}` : `@${s.account.acct}@${host}`,
        ...(s.account.display_name ? { authorName: s.account.display_name } : {}),
        text: htmlToText(s.content),
        createdAt: s.created_at,
        inReplyToId: s.in_reply_to_id ?? ref.id,
      }));
    },
  };
}
