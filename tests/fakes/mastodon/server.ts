// A fake Mastodon instance written from platforms.md §9 (the wire contract), not from our
// connector: per-instance app registration, Doorkeeper-style OAuth with PKCE S256, no token
// expiry, the 202 → 206 → 200 media lifecycle, Idempotency-Key replay for 1 h, instance
// configuration, rack-attack rate headers with an ISO reset, and the documented error bodies.
import {
  bearerToken,
  basicAuth,
  field,
  fieldList,
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

export interface MastodonInstanceConfig {
  maxCharacters: number;
  maxMediaAttachments: number;
  charactersReservedPerUrl: number;
  supportedMimeTypes: string[];
  imageSizeLimit: number;
  imageMatrixLimit: number;
  videoSizeLimit: number;
  videoFrameRateLimit: number;
  videoMatrixLimit: number;
  descriptionLimit: number;
}

export interface MastodonMediaProcessing {
  /** Which uploads answer 202 (still processing): none, only video/gif, or all. */
  async: 'none' | 'video' | 'all';
  /** GET /api/v1/media/:id answers 206 this many times before 200 (or 422 when failing). */
  pollsUntilReady: number;
  fail: boolean;
}

export interface RateWindow {
  limit: number;
  periodSec: number;
}

export interface MastodonFakeOptions {
  clock?: FakeClock;
  version?: string;
  instance?: Partial<MastodonInstanceConfig>;
  media?: Partial<MastodonMediaProcessing>;
  /** Per account (or per IP when anonymous), all API calls. Default 300 per 5 min. */
  rateLimit?: RateWindow;
  /** POST /api/v2/media per account. Default 30 per 30 min. */
  mediaRateLimit?: RateWindow;
}

export interface FakeAccount {
  id: string;
  username: string;
  displayName: string;
  followers: number;
  following: number;
  statuses: number;
  createdAt: string;
}

interface App {
  id: string;
  name: string;
  website: string | null;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  scopes: string[];
}

interface AuthCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  accountId: string;
  challenge?: string;
  expiresAt: number;
  used: boolean;
}

interface AccessToken {
  token: string;
  clientId: string;
  accountId: string | null;
  scopes: string[];
  revoked: boolean;
  createdAt: number;
}

interface Media {
  id: string;
  accountId: string;
  type: 'image' | 'gifv' | 'video' | 'audio' | 'unknown';
  mimeType: string;
  size: number;
  description: string | null;
  pollsLeft: number;
  failed: boolean;
  statusId: string | null;
}

export interface FakeStatus {
  id: string;
  accountId: string;
  text: string;
  createdAt: string;
  inReplyToId: string | null;
  visibility: string;
  sensitive: boolean;
  spoilerText: string;
  language: string | null;
  mediaIds: string[];
  repliesCount: number;
  reblogsCount: number;
  favouritesCount: number;
  quotesCount: number;
  deleted: boolean;
}

export interface MastodonFake {
  url: string;
  log: FakeHttpServer['log'];
  fail(fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
  /** Ready-made faults in Mastodon's own shapes. */
  faults: {
    invalidToken(): Fault;
    forbidden(message?: string): Fault;
    rateLimited(resetAt: Date, limit?: number): Fault;
    unavailable(status?: number): Fault;
  };
  configure(options: { instance?: Partial<MastodonInstanceConfig>; media?: Partial<MastodonMediaProcessing>; rateLimit?: RateWindow; mediaRateLimit?: RateWindow }): void;
  addAccount(input: { username: string; displayName?: string; followers?: number; following?: number }): FakeAccount;
  account(id: string): FakeAccount;
  /** The account /oauth/authorize approves as (the first account by default). */
  signIn(accountId: string): void;
  /** A token without the OAuth dance, for tests that are not about OAuth. */
  issueToken(accountId: string, scopes?: string[]): string;
  isTokenActive(token: string): boolean;
  apps(): { clientId: string; name: string; redirectUris: string[]; scopes: string[]; website: string | null }[];
  /** How many statuses this account really created (Idempotency-Key replays do not count). */
  createdStatuses(accountId: string): number;
  status(id: string): FakeStatus | undefined;
  media(id: string): { description: string | null; mimeType: string; size: number; statusId: string | null } | undefined;
  /** Another account replies: for /context and replies_count. */
  reply(statusId: string, fromAccountId: string, text: string): FakeStatus;
  engage(statusId: string, counts: { favourites?: number; reblogs?: number; quotes?: number }): void;
  deleteStatus(id: string): void;
}

const DEFAULT_INSTANCE: MastodonInstanceConfig = {
  maxCharacters: 500,
  maxMediaAttachments: 4,
  charactersReservedPerUrl: 23,
  supportedMimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/heic', 'image/avif', 'video/webm', 'video/mp4', 'video/quicktime', 'audio/mpeg', 'audio/ogg'],
  imageSizeLimit: 16_777_216,
  imageMatrixLimit: 33_177_600,
  videoSizeLimit: 103_809_024,
  videoFrameRateLimit: 120,
  videoMatrixLimit: 8_294_400,
  descriptionLimit: 1500,
};

const KNOWN_SCOPE = /^(read|write|follow|push|profile|admin:read|admin:write)(:[a-z_]+)?$/;
const INVALID_TOKEN = { error: 'The access token is invalid' };
const INVALID_GRANT = {
  error: 'invalid_grant',
  error_description:
    'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
};
const INVALID_CLIENT = {
  error: 'invalid_client',
  error_description: 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
};
const IDEMPOTENCY_TTL_MS = 3600_000;
const CODE_TTL_MS = 600_000;

/** Rails' `iso8601(6)`, the format rack-attack's X-RateLimit-Reset comes in. */
function railsIso(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Characters as Mastodon counts them: graphemes, with every URL counted as the reserved length. */
function countCharacters(text: string, perUrl: number): number {
  const withoutUrls = text.replace(/https?:\/\/[^\s]+/g, 'x'.repeat(perUrl));
  return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(withoutUrls)].length;
}

/** `read` grants every `read:*`, `write` every `write:*`; `profile` grants verify_credentials. */
function granted(scopes: string[], needed: string[]): boolean {
  return needed.some((n) => scopes.includes(n) || scopes.includes(n.split(':')[0] ?? n));
}

function mediaType(mime: string): Media['type'] {
  if (mime === 'image/gif') return 'gifv';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'unknown';
}

export async function startMastodonFake(options: MastodonFakeOptions = {}): Promise<MastodonFake> {
  const clock = options.clock ?? systemFakeClock;
  let instance: MastodonInstanceConfig = { ...DEFAULT_INSTANCE, ...options.instance };
  let processing: MastodonMediaProcessing = { async: 'video', pollsUntilReady: 2, fail: false, ...options.media };
  let rateLimit: RateWindow = options.rateLimit ?? { limit: 300, periodSec: 300 };
  let mediaRateLimit: RateWindow = options.mediaRateLimit ?? { limit: 30, periodSec: 1800 };

  const apps = new Map<string, App>();
  const codes = new Map<string, AuthCode>();
  const tokens = new Map<string, AccessToken>();
  const accounts = new Map<string, FakeAccount>();
  const medias = new Map<string, Media>();
  const statuses = new Map<string, FakeStatus>();
  const idempotency = new Map<string, { statusId: string; at: number }>();
  const creates = new Map<string, number>();
  const buckets = new Map<string, { start: number; count: number }>();
  let signedIn: string | null = null;
  let nextId = 109_000_000_000_000_001n;
  const newId = () => (nextId++).toString();

  let base = '';
  const host = () => new URL(base).host;

  const addAccount: MastodonFake['addAccount'] = (input) => {
    const acc: FakeAccount = {
      id: newId(),
      username: input.username,
      displayName: input.displayName ?? input.username,
      followers: input.followers ?? 0,
      following: input.following ?? 0,
      statuses: 0,
      createdAt: clock.now().toISOString(),
    };
    accounts.set(acc.id, acc);
    signedIn ??= acc.id;
    return acc;
  };

  const accountJson = (a: FakeAccount) => ({
    id: a.id,
    username: a.username,
    acct: a.username,
    display_name: a.displayName,
    locked: false,
    bot: false,
    discoverable: true,
    group: false,
    created_at: a.createdAt,
    note: '',
    url: `${base}/@${a.username}`,
    uri: `${base}/users/${a.username}`,
    avatar: `${base}/avatars/original/missing.png`,
    avatar_static: `${base}/avatars/original/missing.png`,
    header: `${base}/headers/original/missing.png`,
    header_static: `${base}/headers/original/missing.png`,
    followers_count: a.followers,
    following_count: a.following,
    statuses_count: a.statuses,
    last_status_at: null,
    emojis: [],
    fields: [],
  });

  const mediaJson = (m: Media) => {
    const ready = m.pollsLeft <= 0 && !m.failed;
    return {
      id: m.id,
      type: m.type,
      url: ready ? `${base}/system/media_attachments/files/${m.id}/original.bin` : null,
      preview_url: `${base}/system/media_attachments/files/${m.id}/small.png`,
      remote_url: null,
      text_url: null,
      meta: {},
      description: m.description,
      blurhash: null,
    };
  };

  const statusJson = (s: FakeStatus): Record<string, unknown> => {
    const acc = accounts.get(s.accountId);
    if (!acc) throw new Error(`status ${s.id} has no account`);
    const parent = s.inReplyToId ? statuses.get(s.inReplyToId) : undefined;
    return {
      id: s.id,
      created_at: s.createdAt,
      in_reply_to_id: s.inReplyToId,
      in_reply_to_account_id: parent?.accountId ?? null,
      sensitive: s.sensitive,
      spoiler_text: s.spoilerText,
      visibility: s.visibility,
      language: s.language,
      uri: `${base}/users/${acc.username}/statuses/${s.id}`,
      url: `${base}/@${acc.username}/${s.id}`,
      replies_count: s.repliesCount,
      reblogs_count: s.reblogsCount,
      favourites_count: s.favouritesCount,
      quotes_count: s.quotesCount,
      edited_at: null,
      content: `<p>${escapeHtml(s.text).replace(/\n/g, '<br />')}</p>`,
      reblog: null,
      application: { name: 'Web', website: null },
      account: accountJson(acc),
      media_attachments: s.mediaIds.map((id) => {
        const m = medias.get(id);
        if (!m) throw new Error(`missing media ${id}`);
        return mediaJson(m);
      }),
      mentions: [],
      tags: [],
      emojis: [],
      card: null,
      poll: null,
    };
  };

  const createStatus = (accountId: string, text: string, extra: Partial<FakeStatus> = {}): FakeStatus => {
    const s: FakeStatus = {
      id: newId(),
      accountId,
      text,
      createdAt: clock.now().toISOString(),
      inReplyToId: null,
      visibility: 'public',
      sensitive: false,
      spoilerText: '',
      language: null,
      mediaIds: [],
      repliesCount: 0,
      reblogsCount: 0,
      favouritesCount: 0,
      quotesCount: 0,
      deleted: false,
      ...extra,
    };
    statuses.set(s.id, s);
    if (s.inReplyToId) {
      const parent = statuses.get(s.inReplyToId);
      if (parent) parent.repliesCount++;
    }
    const acc = accounts.get(accountId);
    if (acc) acc.statuses++;
    creates.set(accountId, (creates.get(accountId) ?? 0) + 1);
    return s;
  };

  /** rack-attack: fixed periods aligned to the epoch. Returns the headers, or a 429 when exceeded. */
  const throttle = (key: string, window: RateWindow): { headers: Record<string, string>; limited: boolean } => {
    const now = clock.now().getTime();
    const periodMs = window.periodSec * 1000;
    const start = now - (now % periodMs);
    let b = buckets.get(key);
    if (!b || b.start !== start) {
      b = { start, count: 0 };
      buckets.set(key, b);
    }
    b.count++;
    const headers = {
      'x-ratelimit-limit': String(window.limit),
      'x-ratelimit-remaining': String(Math.max(0, window.limit - b.count)),
      'x-ratelimit-reset': railsIso(new Date(start + periodMs)),
    };
    return { headers, limited: b.count > window.limit };
  };

  type Auth = { token: AccessToken; account: FakeAccount | null };
  /** Bearer check: 401 for unknown or revoked tokens, 403 outside the scopes, 422 without a user. */
  const authenticate = (req: FakeRequest, needed: string[], opts: { optional?: boolean; user?: boolean } = {}): Auth | FakeResponse | null => {
    const raw = bearerToken(req);
    if (!raw) return opts.optional ? null : jsonResponse(401, INVALID_TOKEN);
    const token = tokens.get(raw);
    if (!token || token.revoked) return jsonResponse(401, INVALID_TOKEN);
    if (!granted(token.scopes, needed)) return jsonResponse(403, { error: 'This action is outside the authorized scopes' });
    const account = token.accountId ? (accounts.get(token.accountId) ?? null) : null;
    if (opts.user !== false && !account) return jsonResponse(422, { error: 'This method requires an authenticated user' });
    return { token, account };
  };
  const isResponse = (v: unknown): v is FakeResponse => !!v && typeof v === 'object' && 'status' in v;

  const findApp = (clientId: string | undefined) => (clientId ? apps.get(clientId) : undefined);

  /** Doorkeeper client authentication: HTTP Basic or client_id + client_secret in the body. */
  const clientFromRequest = (req: FakeRequest): App | undefined => {
    const basic = basicAuth(req);
    const id = basic?.user ?? field(req, 'client_id');
    const secret = basic?.password ?? field(req, 'client_secret');
    const app = findApp(id);
    return app && secret === app.clientSecret ? app : undefined;
  };

  // ---- handlers -----------------------------------------------------------------------

  const registerApp = (req: FakeRequest): FakeResponse => {
    const name = field(req, 'client_name')?.trim();
    if (!name) return jsonResponse(422, { error: "Validation failed: Application name can't be blank" });
    let redirects = fieldList(req, 'redirect_uris');
    if (redirects.length === 1) redirects = (redirects[0] ?? '').split(/[\s\n]+/).filter(Boolean);
    if (redirects.length === 0) return jsonResponse(422, { error: "Validation failed: Redirect URI can't be blank" });
    for (const r of redirects) {
      if (r === 'urn:ietf:wg:oauth:2.0:oob') continue;
      if (!URL.canParse(r)) return jsonResponse(422, { error: 'Validation failed: Redirect URI must be an absolute URI.' });
    }
    const scopes = (field(req, 'scopes') ?? 'read').split(/\s+/).filter(Boolean);
    if (scopes.some((s) => !KNOWN_SCOPE.test(s))) return jsonResponse(422, { error: 'Validation failed: Scopes does not match any known scope' });
    const website = field(req, 'website') ?? null;
    const app: App = { id: newId(), name, website, clientId: randomToken(32), clientSecret: randomToken(32), redirectUris: redirects, scopes };
    apps.set(app.clientId, app);
    return jsonResponse(200, {
      id: app.id,
      name: app.name,
      website: app.website,
      scopes: app.scopes,
      redirect_uri: app.redirectUris.join('\n'),
      redirect_uris: app.redirectUris,
      vapid_key: 'BFakeVapidKey',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      client_secret_expires_at: 0,
    });
  };

  const authorize = (req: FakeRequest): FakeResponse => {
    const q = req.query;
    const app = findApp(q.get('client_id') ?? undefined);
    if (!app) return { status: 401, text: '<h2>An error has occurred</h2><p>Client authentication failed due to unknown client.</p>' };
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!app.redirectUris.includes(redirectUri)) return { status: 400, text: '<h2>An error has occurred</h2><p>The redirect uri included is not valid.</p>' };
    const state = q.get('state');
    const back = (params: Record<string, string>): FakeResponse => {
      if (redirectUri === 'urn:ietf:wg:oauth:2.0:oob') return { status: 200, text: `<p>${escapeHtml(params.code ?? params.error ?? '')}</p>` };
      const to = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) to.searchParams.set(k, v);
      if (state !== null) to.searchParams.set('state', state);
      return { status: 302, headers: { location: to.toString() } };
    };
    if (q.get('response_type') !== 'code') return back({ error: 'unsupported_response_type' });
    const scopes = (q.get('scope') ?? 'read').split(/[\s+]+/).filter(Boolean);
    if (scopes.some((s) => !app.scopes.includes(s))) return back({ error: 'invalid_scope' });
    const challenge = q.get('code_challenge');
    if (challenge && q.get('code_challenge_method') !== 'S256') return back({ error: 'invalid_request' });
    if (!signedIn) return { status: 200, text: '<p>Log in</p>' };
    const code = randomToken(32);
    codes.set(code, {
      clientId: app.clientId,
      redirectUri,
      scopes,
      accountId: signedIn,
      ...(challenge ? { challenge } : {}),
      expiresAt: clock.now().getTime() + CODE_TTL_MS,
      used: false,
    });
    return back({ code });
  };

  const issue = (clientId: string, accountId: string | null, scopes: string[]): AccessToken => {
    const t: AccessToken = { token: randomToken(32), clientId, accountId, scopes, revoked: false, createdAt: Math.floor(clock.now().getTime() / 1000) };
    tokens.set(t.token, t);
    return t;
  };
  const tokenJson = (t: AccessToken) => jsonResponse(200, { access_token: t.token, token_type: 'Bearer', scope: t.scopes.join(' '), created_at: t.createdAt });

  const token = (req: FakeRequest): FakeResponse => {
    const app = clientFromRequest(req);
    if (!app) return jsonResponse(401, INVALID_CLIENT);
    const grant = field(req, 'grant_type');
    if (grant === 'authorization_code') {
      const code = codes.get(field(req, 'code') ?? '');
      if (!code || code.used || code.clientId !== app.clientId || code.expiresAt < clock.now().getTime() || code.redirectUri !== field(req, 'redirect_uri')) {
        return jsonResponse(400, INVALID_GRANT);
      }
      if (code.challenge) {
        const verifier = field(req, 'code_verifier');
        if (!verifier || s256(verifier) !== code.challenge) return jsonResponse(400, INVALID_GRANT);
      }
      code.used = true;
      return tokenJson(issue(app.clientId, code.accountId, code.scopes));
    }
    if (grant === 'client_credentials') {
      const scopes = (field(req, 'scope') ?? 'read').split(/\s+/).filter(Boolean);
      if (scopes.some((s) => !app.scopes.includes(s))) return jsonResponse(400, { error: 'invalid_scope', error_description: 'The requested scope is invalid, unknown, or malformed.' });
      return tokenJson(issue(app.clientId, null, scopes));
    }
    return jsonResponse(400, { error: 'unsupported_grant_type', error_description: 'The authorization grant type is not supported by the authorization server.' });
  };

  const revoke = (req: FakeRequest): FakeResponse => {
    const app = clientFromRequest(req);
    const unauthorized = jsonResponse(403, { error: 'unauthorized_client', error_description: 'You are not authorized to revoke this token' });
    if (!app) return unauthorized;
    const t = tokens.get(field(req, 'token') ?? '');
    if (t) {
      if (t.clientId !== app.clientId) return unauthorized;
      t.revoked = true;
    }
    return jsonResponse(200, {});
  };

  const instanceJson = () => ({
    domain: host(),
    title: 'Fake Mastodon',
    version: options.version ?? '4.5.0',
    source_url: 'https://github.com/mastodon/mastodon',
    description: 'A fake instance for tests',
    usage: { users: { active_month: accounts.size } },
    thumbnail: { url: `${base}/thumb.png` },
    languages: ['en'],
    configuration: {
      urls: { streaming: base.replace(/^http/, 'ws') },
      accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
      statuses: { max_characters: instance.maxCharacters, max_media_attachments: instance.maxMediaAttachments, characters_reserved_per_url: instance.charactersReservedPerUrl },
      media_attachments: {
        supported_mime_types: instance.supportedMimeTypes,
        description_limit: instance.descriptionLimit,
        image_size_limit: instance.imageSizeLimit,
        image_matrix_limit: instance.imageMatrixLimit,
        video_size_limit: instance.videoSizeLimit,
        video_frame_rate_limit: instance.videoFrameRateLimit,
        video_matrix_limit: instance.videoMatrixLimit,
      },
      polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2_629_746 },
      translation: { enabled: false },
    },
    registrations: { enabled: false, approval_required: false, message: null },
    contact: { email: 'admin@example.invalid', account: null },
    rules: [],
  });

  const uploadMedia = async (req: FakeRequest, auth: Auth): Promise<FakeResponse> => {
    const file = req.multipart?.get('file');
    if (!file || typeof file === 'string') return jsonResponse(422, { error: 'Validation failed: File content type is invalid, File is invalid' });
    const mime = file.type.split(';')[0]?.trim() ?? '';
    if (!instance.supportedMimeTypes.includes(mime)) return jsonResponse(422, { error: 'Validation failed: File content type is invalid, File is invalid' });
    const type = mediaType(mime);
    const limit = type === 'video' || type === 'gifv' ? instance.videoSizeLimit : instance.imageSizeLimit;
    const size = (await file.arrayBuffer()).byteLength;
    if (size === 0) return jsonResponse(422, { error: 'Validation failed: File content type is invalid, File is invalid' });
    if (size > limit) return jsonResponse(422, { error: `Validation failed: File file size must be less than ${Math.round(limit / 1_048_576)} MB` });
    const description = field(req, 'description') ?? null;
    if (description && [...description].length > instance.descriptionLimit) {
      return jsonResponse(422, { error: `Validation failed: Description is too long (maximum is ${instance.descriptionLimit} characters)` });
    }
    const isAsync = processing.async === 'all' || (processing.async === 'video' && (type === 'video' || type === 'gifv'));
    const m: Media = {
      id: newId(),
      accountId: auth.account?.id ?? '',
      type,
      mimeType: mime,
      size,
      description,
      pollsLeft: isAsync ? Math.max(1, processing.pollsUntilReady) : 0,
      failed: false,
      statusId: null,
    };
    medias.set(m.id, m);
    return jsonResponse(isAsync ? 202 : 200, mediaJson(m));
  };

  const getMedia = (id: string, auth: Auth): FakeResponse => {
    const m = medias.get(id);
    if (!m || m.accountId !== auth.account?.id) return jsonResponse(404, { error: 'Record not found' });
    if (m.pollsLeft > 0) {
      m.pollsLeft--;
      if (m.pollsLeft === 0 && processing.fail) m.failed = true;
      return jsonResponse(206, mediaJson(m));
    }
    if (m.failed) return jsonResponse(422, { error: 'Error processing thumbnail for uploaded media' });
    return jsonResponse(200, mediaJson(m));
  };

  const postStatus = (req: FakeRequest, auth: Auth): FakeResponse => {
    const account = auth.account;
    if (!account) return jsonResponse(422, { error: 'This method requires an authenticated user' });
    const key = req.headers['idempotency-key'];
    const now = clock.now().getTime();
    const idemKey = typeof key === 'string' && key ? `${account.id}:${key}` : undefined;
    if (idemKey) {
      const seen = idempotency.get(idemKey);
      const existing = seen && now - seen.at < IDEMPOTENCY_TTL_MS ? statuses.get(seen.statusId) : undefined;
      if (existing) return jsonResponse(200, statusJson(existing));
    }
    if (req.json === undefined && !req.form && !req.multipart) return jsonResponse(422, { error: "Validation failed: Text can't be blank" });
    const text = field(req, 'status') ?? '';
    const mediaIds = fieldList(req, 'media_ids');
    if (!text.trim() && mediaIds.length === 0) return jsonResponse(422, { error: "Validation failed: Text can't be blank" });
    if (countCharacters(text, instance.charactersReservedPerUrl) > instance.maxCharacters) {
      return jsonResponse(422, { error: `Validation failed: Text character limit of ${instance.maxCharacters} exceeded` });
    }
    if (mediaIds.length > instance.maxMediaAttachments) return jsonResponse(422, { error: `Cannot attach more than ${instance.maxMediaAttachments} files` });
    const attach: Media[] = [];
    for (const id of mediaIds) {
      const m = medias.get(id);
      if (!m || m.accountId !== account.id || m.statusId) return jsonResponse(422, { error: `Media with ID ${id} not found or already attached to another post` });
      if (m.pollsLeft > 0 || m.failed) return jsonResponse(422, { error: 'Cannot attach files that have not finished processing. Try again in a moment!' });
      attach.push(m);
    }
    const inReplyTo = field(req, 'in_reply_to_id') || null;
    if (inReplyTo) {
      const parent = statuses.get(inReplyTo);
      if (!parent || parent.deleted) return jsonResponse(404, { error: 'The status you are trying to reply to does not appear to exist.' });
    }
    const visibility = field(req, 'visibility') ?? 'public';
    if (!['public', 'unlisted', 'private', 'direct'].includes(visibility)) return jsonResponse(422, { error: 'Validation failed: Visibility is not included in the list' });
    const s = createStatus(account.id, text, {
      inReplyToId: inReplyTo,
      visibility,
      sensitive: field(req, 'sensitive') === 'true',
      spoilerText: field(req, 'spoiler_text') ?? '',
      language: field(req, 'language') ?? null,
      mediaIds: attach.map((m) => m.id),
    });
    for (const m of attach) m.statusId = s.id;
    if (idemKey) idempotency.set(idemKey, { statusId: s.id, at: now });
    return jsonResponse(200, statusJson(s));
  };

  const visible = (id: string) => {
    const s = statuses.get(id);
    return s && !s.deleted ? s : undefined;
  };

  const context = (root: FakeStatus) => {
    const ancestors: FakeStatus[] = [];
    let p = root.inReplyToId ? visible(root.inReplyToId) : undefined;
    while (p) {
      ancestors.unshift(p);
      p = p.inReplyToId ? visible(p.inReplyToId) : undefined;
    }
    const descendants: FakeStatus[] = [];
    const walk = (id: string) => {
      const children = [...statuses.values()].filter((s) => s.inReplyToId === id && !s.deleted).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      for (const c of children) {
        descendants.push(c);
        walk(c.id);
      }
    };
    walk(root.id);
    return { ancestors: ancestors.map(statusJson), descendants: descendants.map(statusJson) };
  };

  const route = async (req: FakeRequest): Promise<FakeResponse> => {
    const { method, path } = req;
    if (method === 'GET' && path === '/.well-known/oauth-authorization-server') {
      return jsonResponse(200, {
        issuer: `${base}/`,
        authorization_endpoint: `${base}/oauth/authorize`,
        token_endpoint: `${base}/oauth/token`,
        revocation_endpoint: `${base}/oauth/revoke`,
        app_registration_endpoint: `${base}/api/v1/apps`,
        scopes_supported: ['read', 'write', 'write:media', 'write:statuses', 'read:statuses', 'read:accounts', 'profile', 'follow', 'push'],
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (method === 'GET' && path === '/oauth/authorize') return authorize(req);
    if (method === 'POST' && path === '/oauth/token') return token(req);
    if (method === 'POST' && path === '/oauth/revoke') return revoke(req);
    if (!path.startsWith('/api/')) return { status: 404, text: '<h1>The page you are looking for isn\'t here.</h1>' };

    // Every API call is throttled per account, or per IP when anonymous.
    const who = tokens.get(bearerToken(req) ?? '')?.accountId ?? 'ip:127.0.0.1';
    const isMediaPost = method === 'POST' && path === '/api/v2/media';
    const general = throttle(`all:${who}`, rateLimit);
    const media = isMediaPost ? throttle(`media:${who}`, mediaRateLimit) : undefined;
    const rate = media && Number(media.headers['x-ratelimit-remaining']) < Number(general.headers['x-ratelimit-remaining']) ? media : general;
    const withRate = (res: FakeResponse): FakeResponse => ({ ...res, headers: { ...rate.headers, ...res.headers } });
    if (general.limited || media?.limited) return withRate(jsonResponse(429, { error: 'Too many requests' }, (media?.limited ? media : general).headers));

    return withRate(await api(req, method, path));
  };

  const api = async (req: FakeRequest, method: string, path: string): Promise<FakeResponse> => {
    if (method === 'POST' && path === '/api/v1/apps') return registerApp(req);
    if (method === 'GET' && path === '/api/v2/instance') return jsonResponse(200, instanceJson());
    if (method === 'GET' && path === '/api/v1/accounts/verify_credentials') {
      const auth = authenticate(req, ['read:accounts', 'profile']);
      if (!auth || isResponse(auth)) return auth ?? jsonResponse(401, INVALID_TOKEN);
      const a = auth.account as FakeAccount;
      return jsonResponse(200, { ...accountJson(a), source: { privacy: 'public', sensitive: false, language: null, note: '', fields: [] } });
    }
    if (method === 'POST' && path === '/api/v2/media') {
      const auth = authenticate(req, ['write:media']);
      if (!auth || isResponse(auth)) return auth ?? jsonResponse(401, INVALID_TOKEN);
      return uploadMedia(req, auth);
    }
    let m = /^\/api\/v1\/media\/([^/]+)$/.exec(path);
    if (method === 'GET' && m?.[1]) {
      const auth = authenticate(req, ['write:media']);
      if (!auth || isResponse(auth)) return auth ?? jsonResponse(401, INVALID_TOKEN);
      return getMedia(decodeURIComponent(m[1]), auth);
    }
    if (method === 'POST' && path === '/api/v1/statuses') {
      const auth = authenticate(req, ['write:statuses']);
      if (!auth || isResponse(auth)) return auth ?? jsonResponse(401, INVALID_TOKEN);
      return postStatus(req, auth);
    }
    m = /^\/api\/v1\/statuses\/([^/]+)(\/context)?$/.exec(path);
    if (method === 'GET' && m?.[1]) {
      const auth = authenticate(req, ['read:statuses'], { optional: true, user: false });
      if (isResponse(auth)) return auth;
      const s = visible(decodeURIComponent(m[1]));
      if (!s) return jsonResponse(404, { error: 'Record not found' });
      return jsonResponse(200, m[2] ? context(s) : statusJson(s));
    }
    return jsonResponse(404, { error: 'Record not found' });
  };

  const http = await startFakeHttp(route);
  base = http.url;

  return {
    url: http.url,
    log: http.log,
    fail: http.fail,
    clearFaults: http.clearFaults,
    close: http.close,
    faults: {
      invalidToken: () => ({ status: 401, body: INVALID_TOKEN }),
      forbidden: (message = 'This action is not allowed') => ({ status: 403, body: { error: message } }),
      rateLimited: (resetAt, limit = 300) => ({
        status: 429,
        headers: { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': railsIso(resetAt) },
        body: { error: 'Too many requests' },
      }),
      unavailable: (status = 503) => ({ status, body: { error: 'Remote data could not be fetched' } }),
    },
    configure: (o) => {
      if (o.instance) instance = { ...instance, ...o.instance };
      if (o.media) processing = { ...processing, ...o.media };
      if (o.rateLimit) rateLimit = o.rateLimit;
      if (o.mediaRateLimit) mediaRateLimit = o.mediaRateLimit;
    },
    addAccount,
    account: (id) => {
      const a = accounts.get(id);
      if (!a) throw new Error(`no account ${id}`);
      return a;
    },
    signIn: (accountId) => {
      signedIn = accountId;
    },
    issueToken: (accountId, scopes = ['read', 'write']) => {
      let app = [...apps.values()].find((a) => a.name === 'fake-test-app');
      if (!app) {
        app = { id: newId(), name: 'fake-test-app', website: null, clientId: randomToken(32), clientSecret: randomToken(32), redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes: ['read', 'write'] };
        apps.set(app.clientId, app);
      }
      return issue(app.clientId, accountId, scopes).token;
    },
    isTokenActive: (t) => {
      const rec = tokens.get(t);
      return !!rec && !rec.revoked;
    },
    apps: () => [...apps.values()].map((a) => ({ clientId: a.clientId, name: a.name, redirectUris: a.redirectUris, scopes: a.scopes, website: a.website })),
    createdStatuses: (accountId) => creates.get(accountId) ?? 0,
    status: (id) => statuses.get(id),
    media: (id) => {
      const m = medias.get(id);
      return m ? { description: m.description, mimeType: m.mimeType, size: m.size, statusId: m.statusId } : undefined;
    },
    reply: (statusId, fromAccountId, text) => createStatus(fromAccountId, text, { inReplyToId: statusId }),
    engage: (statusId, counts) => {
      const s = statuses.get(statusId);
      if (!s) throw new Error(`no status ${statusId}`);
      s.favouritesCount += counts.favourites ?? 0;
      s.reblogsCount += counts.reblogs ?? 0;
      s.quotesCount += counts.quotes ?? 0;
    },
    deleteStatus: (id) => {
      const s = statuses.get(id);
      if (s) s.deleted = true;
    },
  };
}
