// A fake X (API v2) written from platforms.md §1 (the wire contract), not from our connector:
// OAuth 2.0 authorization code + PKCE for public and confidential clients with a 30 s code,
// 2 h access tokens and rotating refresh tokens, the chunked media upload with processing
// states, posts with weighted character counting and media rules, lookups with public and
// non-public metrics and partial errors, recent search by conversation, the own timeline,
// x-rate-limit-* headers on every API response (plus the 24-hour posting headers) and the
// documented 401/403/429 bodies.
import {
  basicAuth,
  bearerToken,
  field,
  jsonResponse,
  randomToken,
  s256,
  startFakeHttp,
  systemFakeClock,
  type FakeClock,
  type FakeHttpServer,
  type FakeRequest,
  type FakeResponse,
  type Fault,
} from '../fake-http';

export const X_KNOWN_SCOPES = [
  'tweet.read',
  'tweet.write',
  'tweet.moderate.write',
  'users.read',
  'users.email',
  'follows.read',
  'follows.write',
  'offline.access',
  'space.read',
  'mute.read',
  'mute.write',
  'like.read',
  'like.write',
  'list.read',
  'list.write',
  'block.read',
  'block.write',
  'bookmark.read',
  'bookmark.write',
  'media.write',
  'dm.read',
  'dm.write',
];

export type XEndpoint = 'tweets.create' | 'tweets.lookup' | 'users.me' | 'users.tweets' | 'search.recent' | 'media.upload';

export interface XProcessing {
  /** Seconds from finalize until a video/GIF is processed (by the fake's clock). */
  durationSec: number;
  /** The check_after_secs the fake asks for (capped by what is left). */
  checkAfterSecs: number;
  fail: boolean;
}

export interface XFakeOptions {
  clock?: FakeClock;
  accessTokenTtlSec?: number;
  codeTtlSec?: number;
  /** The body of a rejected code or refresh token: X's observed invalid_request shape, or invalid_grant. */
  tokenErrorShape?: 'invalid_request' | 'invalid_grant';
  /** UserPublicMetrics names the post count post_count (openapi 2.167) or tweet_count (older). */
  postCountField?: 'post_count' | 'tweet_count';
  processing?: Partial<XProcessing>;
  /** Per user and endpoint, in 15-minute windows (configurable: the docs disagree). */
  limits?: Partial<Record<XEndpoint, number>>;
  windowSec?: number;
  /** Posts per user per 24 h (x-user-limit-24hour-*). */
  userPostsPer24h?: number;
  maxWeightedLength?: number;
}

export interface XUser {
  id: string;
  username: string;
  name: string;
  followers: number;
  following: number;
  listed: number;
  likes: number;
  createdAt: string;
}

export interface XTweet {
  id: string;
  authorId: string;
  text: string;
  createdAt: number;
  conversationId: string;
  inReplyToTweetId: string | null;
  inReplyToUserId: string | null;
  mediaKeys: string[];
  metrics: { retweet_count: number; reply_count: number; like_count: number; quote_count: number; bookmark_count: number; impression_count: number };
  nonPublic: { impression_count: number; url_link_clicks: number; user_profile_clicks: number; engagements: number };
  deleted: boolean;
}

interface Client {
  clientId: string;
  clientSecret: string | null;
  redirectUris: string[];
}

interface Code {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  userId: string;
  challenge: string;
  method: 'S256' | 'plain';
  expiresAt: number;
  used: boolean;
}

interface Grant {
  id: string;
  clientId: string;
  userId: string;
  scopes: string[];
}

interface Token {
  value: string;
  kind: 'access' | 'refresh';
  grant: Grant;
  expiresAt: number | null;
  state: 'active' | 'rotated' | 'revoked';
}

interface Upload {
  id: string;
  key: string;
  userId: string;
  mediaType: string;
  category: string;
  totalBytes: number;
  segments: Map<number, number>;
  finalizedAt: number | null;
  expiresAt: number;
}

export interface XFake {
  url: string;
  log: FakeHttpServer['log'];
  fail(fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
  faults: {
    expired(): Fault;
    forbidden(detail?: string): Fault;
    rateLimited(resetEpochSec: number): Fault;
    serverError(status?: number): Fault;
    notFound(): Fault;
  };
  configure(options: Omit<XFakeOptions, 'clock'>): void;
  /** A Native App (public, PKCE only) by default; confidential with a secret when asked. */
  registerClient(input: { redirectUris: string[]; confidential?: boolean }): { clientId: string; clientSecret: string | null };
  addUser(input: { username: string; name?: string; followers?: number; following?: number }): XUser;
  /** The user /i/oauth2/authorize approves as (the first user by default). */
  signIn(userId: string): void;
  /** Tokens without the OAuth dance, for tests that are not about OAuth. */
  issueTokens(userId: string, scopes?: string[]): { accessToken: string; refreshToken: string; clientId: string };
  tokenState(token: string): 'active' | 'rotated' | 'revoked' | 'expired' | 'unknown';
  /** Posts this user really created. */
  createdTweets(userId: string): number;
  tweet(id: string): XTweet | undefined;
  reply(tweetId: string, fromUserId: string, text: string, at?: Date): XTweet;
  engage(tweetId: string, metrics: Partial<XTweet['metrics']>, nonPublic?: Partial<XTweet['nonPublic']>): void;
  deleteTweet(id: string): void;
  /** Media STATUS polls that came before the check_after_secs the fake asked for. */
  earlyStatusPolls(): number;
  upload(id: string): { totalBytes: number; segments: number[]; finalized: boolean; category: string } | undefined;
}

const PROBLEM = 'https://api.x.com/2/problems';
const UNAUTHORIZED = { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' };
const FORBIDDEN = { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'Forbidden' };
const RATE_LIMITED = { errors: [{ code: 88, message: 'Rate limit exceeded' }] };
const DEFAULT_LIMITS: Record<XEndpoint, number> = {
  'tweets.create': 100,
  'tweets.lookup': 900,
  'users.me': 75,
  'users.tweets': 900,
  'search.recent': 300,
  'media.upload': 500,
};
const SIZE_LIMITS: Record<string, number> = { tweet_image: 5 * 1024 * 1024, tweet_gif: 15 * 1024 * 1024, tweet_video: 512 * 1024 * 1024, amplify_video: 512 * 1024 * 1024 };
const TWEET_BODY_KEYS = new Set([
  'text',
  'media',
  'reply',
  'quote_tweet_id',
  'poll',
  'reply_settings',
  'community_id',
  'share_with_followers',
  'made_with_ai',
  'paid_partnership',
  'nullcast',
  'geo',
  'for_super_followers_only',
  'card_uri',
  'edit_options',
]);
const RECENT_SEARCH_MS = 7 * 24 * 3600_000;
const NON_PUBLIC_MS = 30 * 24 * 3600_000;

const invalidRequest = (message: string, status = 400): FakeResponse =>
  jsonResponse(status, { errors: [{ message }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: `${PROBLEM}/invalid-request` });
const forbidden = (detail: string): FakeResponse => jsonResponse(403, { detail, type: 'about:blank', title: 'Forbidden', status: 403 });

/** twitter-text v3: weight 1 for Latin and common punctuation ranges, 2 otherwise; emoji 2; every URL 23. */
export function weightedLength(text: string): number {
  const withoutUrls = text.replace(/https?:\/\/\S+/g, '');
  const urls = (text.match(/https?:\/\/\S+/g) ?? []).length;
  let weight = urls * 23;
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(withoutUrls)) {
    if (/\p{Extended_Pictographic}/u.test(segment)) {
      weight += 2;
      continue;
    }
    for (const ch of segment) {
      const cp = ch.codePointAt(0) ?? 0;
      const light = cp <= 4351 || (cp >= 8192 && cp <= 8205) || (cp >= 8208 && cp <= 8223) || (cp >= 8242 && cp <= 8247);
      weight += light ? 1 : 2;
    }
  }
  return weight;
}

export async function startXFake(options: XFakeOptions = {}): Promise<XFake> {
  const clock = options.clock ?? systemFakeClock;
  let cfg = {
    accessTokenTtlSec: options.accessTokenTtlSec ?? 7200,
    codeTtlSec: options.codeTtlSec ?? 30,
    tokenErrorShape: options.tokenErrorShape ?? 'invalid_request',
    postCountField: options.postCountField ?? 'post_count',
    processing: { durationSec: 3, checkAfterSecs: 1, fail: false, ...options.processing } as XProcessing,
    limits: { ...DEFAULT_LIMITS, ...options.limits } as Record<XEndpoint, number>,
    windowSec: options.windowSec ?? 900,
    userPostsPer24h: options.userPostsPer24h ?? 2400,
    maxWeightedLength: options.maxWeightedLength ?? 280,
  };

  const clients = new Map<string, Client>();
  const codes = new Map<string, Code>();
  const tokens = new Map<string, Token>();
  const users = new Map<string, XUser>();
  const tweets = new Map<string, XTweet>();
  const uploads = new Map<string, Upload>();
  const creates = new Map<string, number>();
  const windows = new Map<string, { start: number; count: number }>();
  const dailyPosts = new Map<string, { start: number; count: number }>();
  const statusAsk = new Map<string, number>(); // media id → the earliest time the fake said to check again
  let early = 0;
  let signedIn: string | null = null;
  let nextUserId = 1_500_000_000_000_000_001n;
  let nextTweetId = 1_860_000_000_000_000_001n;
  let nextMediaId = 1_870_000_000_000_000_001n;
  const now = () => clock.now().getTime();
  const epoch = (ms: number) => Math.floor(ms / 1000);

  const tokenError = () =>
    cfg.tokenErrorShape === 'invalid_grant'
      ? jsonResponse(400, { error: 'invalid_grant', error_description: 'Value passed for the token was invalid.' })
      : jsonResponse(400, { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' });

  // ---- OAuth --------------------------------------------------------------------------

  const authorize = (req: FakeRequest): FakeResponse => {
    const q = req.query;
    const page = (msg: string): FakeResponse => ({ status: 400, text: `<h1>Something went wrong</h1><p>${msg}</p>` });
    const client = clients.get(q.get('client_id') ?? '');
    if (!client) return page('You weren’t able to give access to the App.');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!client.redirectUris.includes(redirectUri)) return page('Callback URL does not match a registered callback.');
    const back = (params: Record<string, string>): FakeResponse => {
      const to = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) to.searchParams.set(k, v);
      return { status: 302, headers: { location: to.toString() } };
    };
    const state = q.get('state') ?? '';
    if (q.get('response_type') !== 'code') return back({ error: 'unsupported_response_type', state });
    if (!state || state.length > 500) return page('state is required (at most 500 characters).');
    const scopes = (q.get('scope') ?? '').split(/[\s+]+/).filter(Boolean);
    if (scopes.length === 0 || scopes.some((s) => !X_KNOWN_SCOPES.includes(s))) return back({ error: 'invalid_scope', state });
    const challenge = q.get('code_challenge') ?? '';
    const method = q.get('code_challenge_method') ?? 'plain';
    if (!challenge || (method !== 'S256' && method !== 'plain')) return back({ error: 'invalid_request', error_description: 'Missing or invalid code_challenge', state });
    if (!signedIn) return { status: 200, text: '<p>Log in to X</p>' };
    const code = randomToken(48);
    codes.set(code, { clientId: client.clientId, redirectUri, scopes, userId: signedIn, challenge, method, expiresAt: now() + cfg.codeTtlSec * 1000, used: false });
    return back({ state, code });
  };

  /** Public clients send client_id in the body; confidential ones must use HTTP Basic. */
  const clientOf = (req: FakeRequest): Client | FakeResponse => {
    const basic = basicAuth(req);
    const id = basic?.user ?? field(req, 'client_id');
    const client = clients.get(id ?? '');
    if (!client) return jsonResponse(401, { error: 'unauthorized_client', error_description: 'Missing valid authorization header' });
    if (client.clientSecret !== null && basic?.password !== client.clientSecret) {
      return jsonResponse(401, { error: 'unauthorized_client', error_description: 'Missing valid authorization header' });
    }
    return client;
  };

  const grantTokens = (grant: Grant): FakeResponse => {
    const access: Token = { value: randomToken(40), kind: 'access', grant, expiresAt: now() + cfg.accessTokenTtlSec * 1000, state: 'active' };
    tokens.set(access.value, access);
    const body: Record<string, unknown> = { token_type: 'bearer', expires_in: cfg.accessTokenTtlSec, access_token: access.value, scope: grant.scopes.join(' ') };
    if (grant.scopes.includes('offline.access')) {
      const refresh: Token = { value: randomToken(40), kind: 'refresh', grant, expiresAt: null, state: 'active' };
      tokens.set(refresh.value, refresh);
      body.refresh_token = refresh.value;
    }
    return jsonResponse(200, body);
  };

  const tokenEndpoint = (req: FakeRequest): FakeResponse => {
    if (!req.form) return jsonResponse(400, { error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' });
    const client = clientOf(req);
    if ('status' in client) return client;
    const grantType = field(req, 'grant_type');
    if (grantType === 'authorization_code') {
      const code = codes.get(field(req, 'code') ?? '');
      const verifier = field(req, 'code_verifier') ?? '';
      if (!code || code.used || code.expiresAt < now() || code.clientId !== client.clientId || code.redirectUri !== field(req, 'redirect_uri')) return tokenError();
      if ((code.method === 'S256' ? s256(verifier) : verifier) !== code.challenge) return tokenError();
      code.used = true;
      return grantTokens({ id: randomToken(8), clientId: client.clientId, userId: code.userId, scopes: code.scopes });
    }
    if (grantType === 'refresh_token') {
      const t = tokens.get(field(req, 'refresh_token') ?? '');
      if (!t || t.kind !== 'refresh' || t.state !== 'active' || t.grant.clientId !== client.clientId) return tokenError();
      t.state = 'rotated';
      return grantTokens(t.grant);
    }
    return jsonResponse(400, { error: 'unsupported_grant_type', error_description: 'Grant type is not supported' });
  };

  const revokeEndpoint = (req: FakeRequest): FakeResponse => {
    if (!req.form) return jsonResponse(400, { error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' });
    const client = clientOf(req);
    if ('status' in client) return client;
    const t = tokens.get(field(req, 'token') ?? '');
    if (t && t.grant.clientId === client.clientId) {
      // Revoking the refresh token ends the grant (RFC 7009 §2.1); an access token ends alone.
      if (t.kind === 'refresh') for (const other of tokens.values()) if (other.grant.id === t.grant.id) other.state = 'revoked';
      t.state = 'revoked';
    }
    return jsonResponse(200, { revoked: true });
  };

  // ---- API plumbing -------------------------------------------------------------------

  type Ctx = { user: XUser; grant: Grant; headers: Record<string, string> };

  const authenticate = (req: FakeRequest, scopes: string[]): Omit<Ctx, 'headers'> | FakeResponse => {
    const t = tokens.get(bearerToken(req) ?? '');
    if (!t || t.kind !== 'access' || t.state !== 'active' || (t.expiresAt !== null && t.expiresAt <= now())) return jsonResponse(401, UNAUTHORIZED);
    if (!scopes.every((s) => t.grant.scopes.includes(s))) return jsonResponse(403, FORBIDDEN);
    const user = users.get(t.grant.userId);
    if (!user) return jsonResponse(401, UNAUTHORIZED);
    return { user, grant: t.grant };
  };

  /** Fixed windows that start at a user's first call to the endpoint. */
  const consume = (userId: string, endpoint: XEndpoint): { headers: Record<string, string>; limited: boolean } => {
    const key = `${userId}:${endpoint}`;
    const limit = cfg.limits[endpoint];
    let w = windows.get(key);
    if (!w || now() >= w.start + cfg.windowSec * 1000) {
      w = { start: now(), count: 0 };
      windows.set(key, w);
    }
    w.count++;
    return {
      headers: {
        'x-rate-limit-limit': String(limit),
        'x-rate-limit-remaining': String(Math.max(0, limit - w.count)),
        'x-rate-limit-reset': String(epoch(w.start + cfg.windowSec * 1000)),
      },
      limited: w.count > limit,
    };
  };

  const withApi = async (req: FakeRequest, endpoint: XEndpoint, scopes: string[], handle: (ctx: Ctx) => FakeResponse | Promise<FakeResponse>): Promise<FakeResponse> => {
    const auth = authenticate(req, scopes);
    if ('status' in auth) return auth;
    const rate = consume(auth.user.id, endpoint);
    if (rate.limited) return jsonResponse(429, RATE_LIMITED, rate.headers);
    const res = await handle({ ...auth, headers: rate.headers });
    return { ...res, headers: { ...rate.headers, ...res.headers } };
  };

  // ---- media --------------------------------------------------------------------------

  const processingInfo = (u: Upload) => {
    if (u.finalizedAt === null || (u.category !== 'tweet_video' && u.category !== 'tweet_gif' && u.category !== 'amplify_video')) return undefined;
    const elapsed = (now() - u.finalizedAt) / 1000;
    const p = cfg.processing;
    if (elapsed >= p.durationSec) {
      return p.fail
        ? { state: 'failed', progress_percent: 100, error: { code: 1, name: 'InvalidMedia', message: 'Unsupported video format' } }
        : { state: 'succeeded', progress_percent: 100 };
    }
    const checkAfter = Math.max(1, Math.min(p.checkAfterSecs, Math.ceil(p.durationSec - elapsed)));
    return { state: elapsed === 0 ? 'pending' : 'in_progress', check_after_secs: checkAfter, progress_percent: Math.floor((elapsed / p.durationSec) * 100) };
  };
  const usable = (u: Upload) => u.finalizedAt !== null && (processingInfo(u)?.state ?? 'succeeded') === 'succeeded';

  /** The media object; when it asks the client to check again later, remembers when (to catch early polls). */
  const mediaJson = (u: Upload) => {
    const info = processingInfo(u);
    if (info?.check_after_secs !== undefined) statusAsk.set(u.id, now() + info.check_after_secs * 1000);
    return { id: u.id, media_key: u.key, size: u.totalBytes, expires_after_secs: Math.max(0, epoch(u.expiresAt - now())), ...(info ? { processing_info: info } : {}) };
  };

  const initUpload = (user: XUser, mediaType: string | undefined, totalBytes: number, category: string | undefined): FakeResponse => {
    if (!mediaType || !/^(image\/(jpeg|png|gif|webp)|video\/(mp4|quicktime)|text\/srt|text\/vtt)$/.test(mediaType)) return invalidRequest('The media_type parameter is invalid.');
    const cat = category ?? (mediaType === 'image/gif' ? 'tweet_gif' : mediaType.startsWith('video/') ? 'tweet_video' : 'tweet_image');
    const max = SIZE_LIMITS[cat];
    if (max === undefined) return invalidRequest('The media_category parameter is invalid.');
    if (!Number.isInteger(totalBytes) || totalBytes <= 0) return invalidRequest('The total_bytes parameter is invalid.');
    if (totalBytes > max) return invalidRequest(`File size exceeds ${max} bytes.`);
    const id = (nextMediaId++).toString();
    const prefix = cat === 'tweet_image' ? '3' : cat === 'tweet_gif' ? '16' : '7';
    const u: Upload = { id, key: `${prefix}_${id}`, userId: user.id, mediaType, category: cat, totalBytes, segments: new Map(), finalizedAt: null, expiresAt: now() + 86_400_000 };
    uploads.set(id, u);
    return jsonResponse(200, { data: { id, media_key: u.key, expires_after_secs: 86_400 } });
  };

  const ownUpload = (user: XUser, id: string | undefined): Upload | FakeResponse => {
    const u = uploads.get(id ?? '');
    if (!u || u.userId !== user.id) return invalidRequest('The media_id parameter is invalid.');
    return u;
  };

  const appendUpload = async (req: FakeRequest, user: XUser, id: string | undefined): Promise<FakeResponse> => {
    const u = ownUpload(user, id);
    if ('status' in u) return u;
    if (u.finalizedAt !== null) return invalidRequest('Media has already been finalized.');
    const index = Number(field(req, 'segment_index'));
    if (!Number.isInteger(index) || index < 0 || index > 999) return invalidRequest('The segment_index parameter is invalid.');
    const media = req.multipart?.get('media');
    let size: number;
    if (media && typeof media !== 'string') size = (await media.arrayBuffer()).byteLength;
    else if (typeof field(req, 'media_data') === 'string') size = Buffer.from(field(req, 'media_data') ?? '', 'base64').length;
    else return invalidRequest('The media parameter is missing.');
    if (size === 0) return invalidRequest('The media parameter is missing.');
    u.segments.set(index, size);
    return jsonResponse(200, { data: { expires_at: epoch(u.expiresAt) } });
  };

  const finalizeUpload = (user: XUser, id: string | undefined): FakeResponse => {
    const u = ownUpload(user, id);
    if ('status' in u) return u;
    if (u.finalizedAt === null) {
      const indexes = [...u.segments.keys()].sort((a, b) => a - b);
      if (indexes.some((v, i) => v !== i)) return invalidRequest('Segments are missing.');
      const sum = [...u.segments.values()].reduce((a, b) => a + b, 0);
      if (sum !== u.totalBytes) return invalidRequest(`File size mismatch: received ${sum} of ${u.totalBytes} bytes.`);
      u.finalizedAt = now();
    }
    return jsonResponse(200, { data: mediaJson(u) });
  };

  const statusUpload = (user: XUser, id: string | undefined): FakeResponse => {
    const u = ownUpload(user, id);
    if ('status' in u) return u;
    if (u.finalizedAt === null) return invalidRequest('Media has not been finalized.');
    const ask = statusAsk.get(u.id);
    if (ask !== undefined && now() < ask) early++;
    return jsonResponse(200, { data: mediaJson(u) });
  };

  /** The v2 paths, plus the older single-endpoint `command=INIT|APPEND|FINALIZE|STATUS` form. */
  const media = async (req: FakeRequest, path: string): Promise<FakeResponse | undefined> => {
    const m = /^\/2\/media\/upload(?:\/(initialize)|\/([^/]+)\/(append|finalize))?$/.exec(path);
    if (!m) return undefined;
    return withApi(req, 'media.upload', ['media.write'], async ({ user }) => {
      if (m[1] && req.method === 'POST') {
        const body = (req.json ?? {}) as Record<string, unknown>;
        return initUpload(user, typeof body.media_type === 'string' ? body.media_type : undefined, Number(body.total_bytes), typeof body.media_category === 'string' ? body.media_category : undefined);
      }
      if (m[2] && m[3] === 'append' && req.method === 'POST') return appendUpload(req, user, decodeURIComponent(m[2]));
      if (m[2] && m[3] === 'finalize' && req.method === 'POST') return finalizeUpload(user, decodeURIComponent(m[2]));
      if (!m[1] && !m[2]) {
        const command = req.method === 'GET' ? req.query.get('command') : field(req, 'command');
        const mediaId = req.method === 'GET' ? (req.query.get('media_id') ?? undefined) : field(req, 'media_id');
        if (req.method === 'GET' && command === 'STATUS') return statusUpload(user, mediaId);
        if (req.method === 'POST' && command === 'INIT') return initUpload(user, field(req, 'media_type'), Number(field(req, 'total_bytes')), field(req, 'media_category'));
        if (req.method === 'POST' && command === 'APPEND') return appendUpload(req, user, mediaId);
        if (req.method === 'POST' && command === 'FINALIZE') return finalizeUpload(user, mediaId);
        if (req.method === 'POST' && !command) {
          // Simple upload: the whole file at once.
          const file = req.multipart?.get('media');
          if (!file || typeof file === 'string') return invalidRequest('The media parameter is missing.');
          const bytes = (await file.arrayBuffer()).byteLength;
          const init = initUpload(user, file.type || field(req, 'media_type'), bytes, field(req, 'media_category'));
          if (init.status !== 200) return init;
          const id = (init.json as { data: { id: string } }).data.id;
          const u = uploads.get(id);
          if (u) u.segments.set(0, bytes);
          return finalizeUpload(user, id);
        }
      }
      return invalidRequest('The command parameter is invalid.');
    });
  };

  // ---- posts --------------------------------------------------------------------------

  const tweetJson = (t: XTweet, fields: Set<string>, viewer: XUser): { data?: Record<string, unknown>; error?: Record<string, unknown> } => {
    const out: Record<string, unknown> = { id: t.id, text: t.text, edit_history_post_ids: [t.id] };
    if (fields.has('author_id')) out.author_id = t.authorId;
    if (fields.has('created_at')) out.created_at = new Date(t.createdAt).toISOString();
    if (fields.has('conversation_id')) out.conversation_id = t.conversationId;
    if (fields.has('in_reply_to_user_id') && t.inReplyToUserId) out.in_reply_to_user_id = t.inReplyToUserId;
    if (fields.has('referenced_tweets') && t.inReplyToTweetId) out.referenced_tweets = [{ type: 'replied_to', id: t.inReplyToTweetId }];
    if (fields.has('attachments') && t.mediaKeys.length) out.attachments = { media_keys: t.mediaKeys };
    if (fields.has('public_metrics')) out.public_metrics = { ...t.metrics };
    if (fields.has('non_public_metrics')) {
      if (t.authorId !== viewer.id || now() - t.createdAt > NON_PUBLIC_MS) {
        return {
          error: {
            value: t.id,
            detail: `Sorry, you are not authorized to access 'non_public_metrics' on the Tweet with ids: [${t.id}].`,
            title: 'Field Authorization Error',
            resource_type: 'tweet',
            field: 'non_public_metrics',
            parameter: 'tweet.fields',
            resource_id: t.id,
            section: 'data',
            type: `${PROBLEM}/not-authorized-for-field`,
          },
        };
      }
      out.non_public_metrics = { ...t.nonPublic };
    }
    return { data: out };
  };
  const notFound = (id: string) => ({
    value: id,
    detail: `Could not find tweet with id: [${id}].`,
    title: 'Not Found Error',
    resource_type: 'tweet',
    parameter: 'id',
    resource_id: id,
    type: `${PROBLEM}/resource-not-found`,
  });
  const fieldsOf = (req: FakeRequest) => new Set((req.query.get('tweet.fields') ?? '').split(',').filter(Boolean));
  const live = (id: string) => {
    const t = tweets.get(id);
    return t && !t.deleted ? t : undefined;
  };

  const newTweet = (authorId: string, text: string, parent: XTweet | undefined, mediaKeys: string[], at = now()): XTweet => {
    const id = (nextTweetId++).toString();
    const t: XTweet = {
      id,
      authorId,
      text,
      createdAt: at,
      conversationId: parent ? parent.conversationId : id,
      inReplyToTweetId: parent?.id ?? null,
      inReplyToUserId: parent?.authorId ?? null,
      mediaKeys,
      metrics: { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0, bookmark_count: 0, impression_count: 0 },
      nonPublic: { impression_count: 0, url_link_clicks: 0, user_profile_clicks: 0, engagements: 0 },
      deleted: false,
    };
    tweets.set(id, t);
    if (parent) parent.metrics.reply_count++;
    creates.set(authorId, (creates.get(authorId) ?? 0) + 1);
    return t;
  };

  const createTweet = (req: FakeRequest, ctx: Ctx): FakeResponse => {
    const user = ctx.user;
    if (!req.json || typeof req.json !== 'object' || Array.isArray(req.json)) return invalidRequest('The request body must be a JSON object.');
    const body = req.json as Record<string, unknown>;
    for (const key of Object.keys(body)) if (!TWEET_BODY_KEYS.has(key)) return invalidRequest(`[#/] extraneous key [${key}] is not permitted`);
    const text = typeof body.text === 'string' ? body.text : '';
    const mediaBody = body.media as { media_ids?: unknown } | undefined;
    const mediaIds = Array.isArray(mediaBody?.media_ids) ? mediaBody.media_ids.map(String) : [];
    if (!text && mediaIds.length === 0) return invalidRequest('One of text, media, poll or quote_tweet_id is required.');
    if (weightedLength(text) > cfg.maxWeightedLength) return forbidden('Your Tweet text is too long.');

    // 24-hour posting window per user, reported on every create.
    let day = dailyPosts.get(user.id);
    if (!day || now() >= day.start + 86_400_000) {
      day = { start: now(), count: 0 };
      dailyPosts.set(user.id, day);
    }
    const dayHeaders = (count: number) => ({
      'x-user-limit-24hour-limit': String(cfg.userPostsPer24h),
      'x-user-limit-24hour-remaining': String(Math.max(0, cfg.userPostsPer24h - count)),
      'x-user-limit-24hour-reset': String(epoch(day.start + 86_400_000)),
      'x-app-limit-24hour-limit': '10000',
      'x-app-limit-24hour-remaining': '9999',
      'x-app-limit-24hour-reset': String(epoch(day.start + 86_400_000)),
    });
    if (day.count >= cfg.userPostsPer24h) return jsonResponse(429, RATE_LIMITED, dayHeaders(day.count));

    if (mediaIds.length > 4) return invalidRequest('Your media IDs are invalid.');
    const attached: Upload[] = [];
    for (const id of mediaIds) {
      const u = uploads.get(id);
      if (!u || u.userId !== user.id || !usable(u)) return invalidRequest('Your media IDs are invalid.');
      attached.push(u);
    }
    if (attached.length > 1 && attached.some((u) => u.category !== 'tweet_image')) return invalidRequest('Your media IDs are invalid.');

    let parent: XTweet | undefined;
    const reply = body.reply as { in_reply_to_tweet_id?: unknown } | undefined;
    if (reply) {
      parent = live(String(reply.in_reply_to_tweet_id ?? ''));
      if (!parent) return forbidden('You attempted to reply to a Tweet that is deleted or not visible to you.');
    }
    if ([...tweets.values()].some((t) => !t.deleted && t.authorId === user.id && t.text === text && text !== '')) {
      return forbidden('You are not allowed to create a Tweet with duplicate content.');
    }
    const t = newTweet(user.id, text, parent, attached.map((u) => u.key));
    day.count++;
    return jsonResponse(201, { data: { id: t.id, text: t.text, edit_history_post_ids: [t.id] } }, dayHeaders(day.count));
  };

  const userJson = (u: XUser, fields: Set<string>) => {
    const out: Record<string, unknown> = { id: u.id, name: u.name, username: u.username };
    if (fields.has('created_at')) out.created_at = u.createdAt;
    if (fields.has('profile_image_url')) out.profile_image_url = `https://pbs.twimg.com/profile_images/${u.id}/normal.jpg`;
    if (fields.has('public_metrics')) {
      const posts = [...tweets.values()].filter((t) => t.authorId === u.id && !t.deleted).length;
      out.public_metrics = {
        followers_count: u.followers,
        following_count: u.following,
        [cfg.postCountField]: posts,
        listed_count: u.listed,
        like_count: u.likes,
        media_count: [...tweets.values()].filter((t) => t.authorId === u.id && !t.deleted && t.mediaKeys.length).length,
      };
    }
    return out;
  };

  const search = (req: FakeRequest, ctx: Ctx): FakeResponse => {
    const query = req.query.get('query') ?? '';
    const m = /^conversation_id:(\d+)$/.exec(query.trim());
    if (!m) return invalidRequest(`Invalid query: ${query.slice(0, 100)}. This fake supports conversation_id:<id>.`);
    const max = Number(req.query.get('max_results') ?? '10');
    if (!Number.isInteger(max) || max < 10 || max > 100) return invalidRequest('The `max_results` query parameter value is not between 10 and 100');
    const offset = req.query.get('next_token') ? Number(Buffer.from(req.query.get('next_token') ?? '', 'base64url').toString()) : 0;
    const matching = [...tweets.values()]
      .filter((t) => !t.deleted && t.conversationId === m[1] && now() - t.createdAt <= RECENT_SEARCH_MS)
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const page = matching.slice(offset, offset + max);
    const fields = fieldsOf(req);
    const data = page.map((t) => tweetJson(t, fields, ctx.user).data);
    const expandUsers = (req.query.get('expansions') ?? '').split(',').includes('author_id');
    const userFields = new Set((req.query.get('user.fields') ?? '').split(',').filter(Boolean));
    const authors = [...new Set(page.map((t) => t.authorId))].map((id) => users.get(id)).filter((u): u is XUser => !!u);
    const nextToken = offset + max < matching.length ? Buffer.from(String(offset + max)).toString('base64url') : undefined;
    if (page.length === 0) return jsonResponse(200, { meta: { result_count: 0 } });
    return jsonResponse(200, {
      data,
      ...(expandUsers ? { includes: { users: authors.map((u) => userJson(u, userFields)) } } : {}),
      meta: { newest_id: page[0]?.id, oldest_id: page.at(-1)?.id, result_count: page.length, ...(nextToken ? { next_token: nextToken } : {}) },
    });
  };

  const route = async (req: FakeRequest): Promise<FakeResponse> => {
    const { method, path } = req;
    if (method === 'GET' && path === '/i/oauth2/authorize') return authorize(req);
    if (method === 'POST' && path === '/2/oauth2/token') return tokenEndpoint(req);
    if (method === 'POST' && path === '/2/oauth2/revoke') return revokeEndpoint(req);

    const mediaRes = await media(req, path);
    if (mediaRes) return mediaRes;

    if (method === 'GET' && path === '/2/users/me') {
      return withApi(req, 'users.me', ['users.read', 'tweet.read'], ({ user }) =>
        jsonResponse(200, { data: userJson(user, new Set((req.query.get('user.fields') ?? '').split(',').filter(Boolean))) }),
      );
    }
    if (method === 'POST' && path === '/2/tweets') return withApi(req, 'tweets.create', ['tweet.write', 'users.read', 'tweet.read'], (ctx) => createTweet(req, ctx));
    if (method === 'GET' && path === '/2/tweets/search/recent') return withApi(req, 'search.recent', ['tweet.read', 'users.read'], (ctx) => search(req, ctx));
    if (method === 'GET' && path === '/2/tweets') {
      return withApi(req, 'tweets.lookup', ['tweet.read', 'users.read'], ({ user }) => {
        const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
        if (ids.length === 0 || ids.length > 100 || ids.some((id) => !/^\d{1,19}$/.test(id))) return invalidRequest('The `ids` query parameter value is invalid.');
        const fields = fieldsOf(req);
        const data: unknown[] = [];
        const errors: unknown[] = [];
        for (const id of ids) {
          const t = live(id);
          if (!t) {
            errors.push(notFound(id));
            continue;
          }
          const r = tweetJson(t, fields, user);
          if (r.data) data.push(r.data);
          if (r.error) errors.push(r.error);
        }
        return jsonResponse(200, { ...(data.length ? { data } : {}), ...(errors.length ? { errors } : {}) });
      });
    }
    let m = /^\/2\/tweets\/([^/]+)$/.exec(path);
    if (method === 'GET' && m?.[1]) {
      const id = decodeURIComponent(m[1]);
      return withApi(req, 'tweets.lookup', ['tweet.read', 'users.read'], ({ user }) => {
        if (!/^\d{1,19}$/.test(id)) return invalidRequest(`The \`id\` query parameter value [${id.slice(0, 40)}] is not valid`);
        const t = live(id);
        if (!t) return jsonResponse(200, { errors: [notFound(id)] });
        const r = tweetJson(t, fieldsOf(req), user);
        return jsonResponse(200, r.data ? { data: r.data } : { errors: [r.error] });
      });
    }
    m = /^\/2\/users\/([^/]+)\/tweets$/.exec(path);
    if (method === 'GET' && m?.[1]) {
      const id = decodeURIComponent(m[1]);
      return withApi(req, 'users.tweets', ['tweet.read', 'users.read'], ({ user }) => {
        if (!users.has(id)) return jsonResponse(200, { errors: [{ ...notFound(id), title: 'Not Found Error', resource_type: 'user', detail: `Could not find user with id: [${id}].` }] });
        const max = Number(req.query.get('max_results') ?? '10');
        if (!Number.isInteger(max) || max < 5 || max > 100) return invalidRequest('The `max_results` query parameter value is not between 5 and 100');
        const start = req.query.get('start_time') ? Date.parse(req.query.get('start_time') ?? '') : 0;
        const list = [...tweets.values()]
          .filter((t) => !t.deleted && t.authorId === id && t.createdAt >= start)
          .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
          .slice(0, max);
        const fields = fieldsOf(req);
        if (list.length === 0) return jsonResponse(200, { meta: { result_count: 0 } });
        return jsonResponse(200, { data: list.map((t) => tweetJson(t, fields, user).data), meta: { result_count: list.length, newest_id: list[0]?.id, oldest_id: list.at(-1)?.id } });
      });
    }
    return jsonResponse(404, { title: 'Not Found Error', detail: 'Sorry, that page does not exist.', type: 'about:blank', status: 404 });
  };

  const http = await startFakeHttp(route);

  const addUser: XFake['addUser'] = (input) => {
    const u: XUser = {
      id: (nextUserId++).toString(),
      username: input.username,
      name: input.name ?? input.username,
      followers: input.followers ?? 0,
      following: input.following ?? 0,
      listed: 0,
      likes: 0,
      createdAt: clock.now().toISOString(),
    };
    users.set(u.id, u);
    signedIn ??= u.id;
    return u;
  };

  return {
    url: http.url,
    log: http.log,
    fail: http.fail,
    clearFaults: http.clearFaults,
    close: http.close,
    faults: {
      expired: () => ({ status: 401, body: UNAUTHORIZED }),
      forbidden: (detail = 'You are not permitted to perform this action.') => ({ status: 403, body: { detail, type: 'about:blank', title: 'Forbidden', status: 403 } }),
      rateLimited: (resetEpochSec) => ({
        status: 429,
        headers: { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(resetEpochSec) },
        body: RATE_LIMITED,
      }),
      serverError: (status = 503) => ({ status, body: { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank', status } }),
      notFound: () => ({ status: 404, body: { title: 'Not Found Error', detail: 'Sorry, that page does not exist.', type: 'about:blank', status: 404 } }),
    },
    configure: (o) => {
      cfg = {
        ...cfg,
        ...(o.accessTokenTtlSec !== undefined ? { accessTokenTtlSec: o.accessTokenTtlSec } : {}),
        ...(o.codeTtlSec !== undefined ? { codeTtlSec: o.codeTtlSec } : {}),
        ...(o.tokenErrorShape ? { tokenErrorShape: o.tokenErrorShape } : {}),
        ...(o.postCountField ? { postCountField: o.postCountField } : {}),
        ...(o.processing ? { processing: { ...cfg.processing, ...o.processing } } : {}),
        ...(o.limits ? { limits: { ...cfg.limits, ...o.limits } } : {}),
        ...(o.windowSec !== undefined ? { windowSec: o.windowSec } : {}),
        ...(o.userPostsPer24h !== undefined ? { userPostsPer24h: o.userPostsPer24h } : {}),
        ...(o.maxWeightedLength !== undefined ? { maxWeightedLength: o.maxWeightedLength } : {}),
      };
    },
    registerClient: ({ redirectUris, confidential }) => {
      const c: Client = { clientId: randomToken(24), clientSecret: confidential ? randomToken(36) : null, redirectUris };
      clients.set(c.clientId, c);
      return { clientId: c.clientId, clientSecret: c.clientSecret };
    },
    addUser,
    signIn: (userId) => {
      signedIn = userId;
    },
    issueTokens: (userId, scopes = ['tweet.read', 'tweet.write', 'users.read', 'offline.access', 'media.write']) => {
      let client = [...clients.values()].find((c) => c.redirectUris.includes('http://127.0.0.1:1/callback'));
      if (!client) {
        client = { clientId: randomToken(24), clientSecret: null, redirectUris: ['http://127.0.0.1:1/callback'] };
        clients.set(client.clientId, client);
      }
      const res = grantTokens({ id: randomToken(8), clientId: client.clientId, userId, scopes });
      const body = res.json as { access_token: string; refresh_token: string };
      return { accessToken: body.access_token, refreshToken: body.refresh_token, clientId: client.clientId };
    },
    tokenState: (value) => {
      const t = tokens.get(value);
      if (!t) return 'unknown';
      if (t.state === 'active' && t.expiresAt !== null && t.expiresAt <= now()) return 'expired';
      return t.state;
    },
    createdTweets: (userId) => creates.get(userId) ?? 0,
    tweet: (id) => tweets.get(id),
    reply: (tweetId, fromUserId, text, at) => {
      const parent = tweets.get(tweetId);
      if (!parent) throw new Error(`no tweet ${tweetId}`);
      return newTweet(fromUserId, text, parent, [], at?.getTime());
    },
    engage: (tweetId, metrics, nonPublic) => {
      const t = tweets.get(tweetId);
      if (!t) throw new Error(`no tweet ${tweetId}`);
      Object.assign(t.metrics, metrics);
      if (nonPublic) Object.assign(t.nonPublic, nonPublic);
    },
    deleteTweet: (id) => {
      const t = tweets.get(id);
      if (t) t.deleted = true;
    },
    earlyStatusPolls: () => early,
    upload: (id) => {
      const u = uploads.get(id);
      return u ? { totalBytes: u.totalBytes, segments: [...u.segments.keys()].sort((a, b) => a - b), finalized: u.finalizedAt !== null, category: u.category } : undefined;
    },
  };
}
