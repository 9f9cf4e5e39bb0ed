// X API v2 wire shapes (platforms.md §1) and the one request helper every call goes through.
import { z } from 'zod';
import { AppError } from '../../../../src-shared/errors';
import { platformFetch, platformMessage, type PlatformRequest, type PlatformResponse } from '../http';
import type { ConnectorDeps, Session, TokenSet } from '../types';

export const X_API_BASE = 'https://api.x.com';
export const X_AUTH_BASE = 'https://x.com';

export interface XDeps extends ConnectorDeps {
  /**
   * Refreshes the session's tokens (rotating: the result carries the new refresh token). Inject
   * the OAuth engine's here; the default calls X's token endpoint itself.
   */
  refreshTokens?: (session: Session) => Promise<TokenSet>;
  /** Base of /2/media/upload; default: session.extras.uploadBase, else the session's apiBase. */
  uploadBase?: string;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** Each media chunk; default 2 min. */
  uploadTimeoutMs?: number;
  /** Chunk size of the chunked upload; default 1 MiB (as Postiz and twitter-api-v2). */
  chunkBytes?: number;
  /** Waits between media STATUS polls; tests pass one that moves a fake clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** How long to wait in total for one media item to finish processing; default 10 min. */
  mediaMaxWaitMs?: number;
}

/** Keys of Session.extras this connector reads. */
export const X_EXTRAS = { clientId: 'clientId', uploadBase: 'uploadBase', tokenEndpoint: 'tokenEndpoint', revocationEndpoint: 'revocationEndpoint' } as const;

const Count = z.number().optional();
export const TweetSchema = z.object({
  id: z.string(),
  text: z.string().optional(),
  author_id: z.string().optional(),
  created_at: z.string().optional(),
  conversation_id: z.string().optional(),
  in_reply_to_user_id: z.string().optional(),
  referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).optional(),
  public_metrics: z
    .object({ retweet_count: Count, reply_count: Count, like_count: Count, quote_count: Count, bookmark_count: Count, impression_count: Count })
    .optional(),
  non_public_metrics: z.object({ impression_count: Count, url_link_clicks: Count, user_profile_clicks: Count, engagements: Count }).optional(),
});
export type Tweet = z.infer<typeof TweetSchema>;

/** Partial errors that may come with a 200 (platforms.md §1.4). */
export const ApiErrorSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  type: z.string().optional(),
  value: z.string().optional(),
  resource_id: z.string().optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().optional(),
  profile_image_url: z.string().optional(),
  public_metrics: z
    .object({ followers_count: Count, following_count: Count, post_count: Count, tweet_count: Count, listed_count: Count, like_count: Count, media_count: Count })
    .optional(),
});

export const isNotFound = (e: ApiError) => e.title === 'Not Found Error' || (e.type ?? '').endsWith('/resource-not-found');

export function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError('PlatformRejected', `X answered ${what} in a shape PromoGPT does not understand.`);
  return parsed.data;
}

export function bearer(accessToken: string): Record<string, string> {
  return { Authorization: `Bearer ${accessToken}` };
}

// X answers some content problems with 403 (platforms.md §1.4): they are the post's fault, not a permission.
const CONTENT_REJECTIONS = [/duplicate content/i, /maximum of \d+ items/i, /maximum of one cashtag/i, /invalid URL/i, /not allowed to post a video longer/i, /too long/i];

async function bodyOf(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function allText(body: unknown): string {
  if (!body || typeof body !== 'object') return typeof body === 'string' ? body : '';
  const b = body as Record<string, unknown>;
  const errors = Array.isArray(b.errors) ? b.errors : [];
  return [b.title, b.detail, b.type, ...errors.flatMap((e) => (e && typeof e === 'object' ? [(e as Record<string, unknown>).message, (e as Record<string, unknown>).detail] : []))]
    .filter((v): v is string => typeof v === 'string')
    .join(' | ');
}

/** Refines http.ts's mapping with what only X's body and headers tell. */
async function refine(error: AppError, res: Response): Promise<AppError> {
  const body = await bodyOf(res);
  const text = allText(body);
  const said = platformMessage(body);
  if (res.status === 429) {
    // When the 24-hour posting cap is the one hit, the 15-minute reset is too early.
    for (const prefix of ['x-user-limit-24hour', 'x-app-limit-24hour']) {
      const reset = res.headers.get(`${prefix}-reset`);
      if (res.headers.get(`${prefix}-remaining`) === '0' && reset && /^\d+$/.test(reset)) {
        const at = new Date(Number(reset) * 1000).toISOString();
        return new AppError('RateLimited', `X's daily posting limit is reached for this account until ${at}. PromoGPT waits and tries again.`, {
          ...error.details,
          resetAt: at,
          window: '24h',
        });
      }
    }
    return error;
  }
  if (res.status === 403 && /unsupported authentication/i.test(text)) {
    return new AppError('AuthExpired', `X did not accept this account's sign-in. Reconnect the account.`, { ...error.details, status: 403 });
  }
  if (res.status === 403 && CONTENT_REJECTIONS.some((r) => r.test(text))) {
    return new AppError('PlatformRejected', `X rejected the post.${said ? ` X said: "${said}"` : ''}`, { status: 403, ...(said ? { platformMessage: said } : {}) });
  }
  return error;
}

/** Every X call: platformFetch's timeout and error names, refined with X's own signals. */
export async function xFetch(deps: XDeps, req: PlatformRequest): Promise<PlatformResponse> {
  let failed: Response | undefined;
  const spy: typeof fetch = async (input, init) => {
    const res = await deps.fetch(input, init);
    if (res.status >= 400) failed = res.clone();
    return res;
  };
  try {
    return await platformFetch({ fetch: spy, clock: deps.clock }, 'x', { ...req, timeoutMs: req.timeoutMs ?? deps.timeoutMs ?? 30_000 });
  } catch (error) {
    if (error instanceof AppError && failed) throw await refine(error, failed);
    throw error;
  }
}

export { sleep as defaultSleep } from '../../platform/sleep';

export function apiBaseOf(session: Session): string {
  return (session.apiBase || X_API_BASE).replace(/\/+$/, '');
}

export function tweetUrl(session: Session, id: string, username?: string): string {
  const name = (username ?? session.identity.handle).replace(/^@/, '');
  return name ? `https://x.com/${encodeURIComponent(name)}/status/${id}` : `https://x.com/i/web/status/${id}`;
}
