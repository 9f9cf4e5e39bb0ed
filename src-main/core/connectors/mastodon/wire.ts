// Mastodon's wire shapes (platforms.md §9) and the one request helper every call goes through.
import { z } from 'zod';
import { AppError } from '../../../../src-shared/errors';
import { platformFetch, type PlatformRequest, type PlatformResponse } from '../http';
import type { ConnectorDeps } from '../types';

export interface MastodonDeps extends ConnectorDeps {
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** Media uploads; default 5 min. */
  uploadTimeoutMs?: number;
  /** The wait between media polls; tests pass one that moves a fake clock instead of sleeping. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** How long to wait in total for one media attachment to finish processing; default 10 min. */
  mediaMaxWaitMs?: number;
}

export const AccountSchema = z.object({
  id: z.string(),
  username: z.string(),
  acct: z.string(),
  display_name: z.string().optional(),
  url: z.string().nullable().optional(),
  avatar: z.string().nullable().optional(),
  followers_count: z.number().optional(),
  following_count: z.number().optional(),
  statuses_count: z.number().optional(),
});
export type MastodonAccount = z.infer<typeof AccountSchema>;

export const StatusSchema = z.object({
  id: z.string(),
  uri: z.string(),
  url: z.string().nullable().optional(),
  created_at: z.string(),
  content: z.string(),
  in_reply_to_id: z.string().nullable().optional(),
  replies_count: z.number().optional(),
  reblogs_count: z.number().optional(),
  favourites_count: z.number().optional(),
  quotes_count: z.number().optional(),
  account: AccountSchema,
});
export type MastodonStatus = z.infer<typeof StatusSchema>;
/** What publishing reads of the status it just created: checking the whole status (its account too) cost more than the request. */
export const CreatedStatusSchema = StatusSchema.pick({ id: true, uri: true, url: true });

export const MediaSchema = z.object({
  id: z.string(),
  type: z.string(),
  url: z.string().nullable().optional(),
});

export const ContextSchema = z.object({ ancestors: z.array(StatusSchema), descendants: z.array(StatusSchema) });

export const AppSchema = z.object({ client_id: z.string().min(1), client_secret: z.string().min(1) });

/** A platform response is untrusted until it has this shape. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError('PlatformRejected', `Mastodon answered ${what} in a shape PromoGPT does not understand.`);
  return parsed.data;
}

/**
 * Every Mastodon call. A 401 means the token was revoked (Mastodon tokens never expire), so it
 * is marked as needing re-authorisation (platforms.md §11).
 */
export async function mastodonFetch(deps: MastodonDeps, req: PlatformRequest): Promise<PlatformResponse> {
  try {
    return await platformFetch(deps, 'mastodon', { ...req, timeoutMs: req.timeoutMs ?? deps.timeoutMs ?? 30_000 });
  } catch (error) {
    if (error instanceof AppError && error.name === 'AuthExpired') {
      throw new AppError('AuthExpired', error.message, { ...error.details, reason: 'invalid_grant' });
    }
    throw error;
  }
}

export function bearer(accessToken: string): Record<string, string> {
  return { Authorization: `Bearer ${accessToken}` };
}

export { sleep as defaultSleep } from '../../platform/sleep';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Status content is HTML: plain text for display and sentiment, paragraphs kept as blank lines. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
      if (e[0] === '#') {
        const code = e[1]?.toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[e.toLowerCase()] ?? whole;
    })
    .trim();
}
