// One XRPC call to a PDS through platformFetch, with Bluesky's error names mapped to the
// shared ones (platforms.md §8.4, §11): 400 ExpiredToken is AuthExpired whatever the status.
import { AppError } from '../../../../src-shared/errors';
import { platformFetch, type PlatformResponse } from '../http';
import type { ConnectorDeps } from '../types';

export interface XrpcCall {
  /** The PDS (or entryway) base URL, e.g. https://bsky.social. */
  base: string;
  method: 'GET' | 'POST';
  nsid: string;
  query?: Record<string, string | string[] | number | undefined>;
  json?: unknown;
  body?: BodyInit;
  contentType?: string;
  /** A bearer token: the access JWT, or the refresh JWT for refreshSession/deleteSession. */
  bearer?: string;
  timeoutMs?: number;
  creates?: boolean;
}

export function xrpcUrl(base: string, nsid: string, query?: XrpcCall['query']): string {
  const url = new URL(`/xrpc/${nsid}`, base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(one));
  }
  return url.toString();
}

/** The XRPC error name of a failed call (`{"error":"ExpiredToken",...}`), when the server sent one. */
export function xrpcErrorName(error: unknown): string | undefined {
  if (!(error instanceof AppError)) return undefined;
  const v = error.details?.xrpcError;
  return typeof v === 'string' ? v : undefined;
}

function refine(error: AppError, xrpcError: string | undefined): AppError {
  const details = { ...error.details, ...(xrpcError ? { xrpcError } : {}) };
  if (xrpcError === 'ExpiredToken') {
    return new AppError('AuthExpired', 'Bluesky says the sign-in has expired. PromoGPT refreshes it and tries again.', { ...details, reason: 'expired_token' });
  }
  if (xrpcError === 'InvalidToken') {
    return new AppError('AuthExpired', 'Bluesky could not verify the sign-in. PromoGPT refreshes it and tries again.', { ...details, reason: 'invalid_token' });
  }
  if (xrpcError === 'AccountTakedown' || xrpcError === 'AccountDeactivated' || xrpcError === 'AccountSuspended') {
    const what = xrpcError === 'AccountDeactivated' ? 'deactivated' : 'suspended or taken down';
    return new AppError('PermissionDenied', `Bluesky says this account is ${what}. Sort it out on Bluesky, then reconnect it here.`, {
      ...details,
      reason: xrpcError === 'AccountDeactivated' ? 'account_deactivated' : 'account_takedown',
    });
  }
  return new AppError(error.name, error.message, details);
}

/** Calls one XRPC method; throws an AppError with the shared name and `details.xrpcError`. */
export async function xrpc(deps: ConnectorDeps, call: XrpcCall): Promise<PlatformResponse> {
  // platformFetch keeps only the error message; the XRPC error name decides the mapping, so
  // read it from a clone of the failed response on its way through.
  let xrpcError: string | undefined;
  const tapped: ConnectorDeps = {
    ...deps,
    fetch: async (input, init) => {
      const res = await deps.fetch(input, init);
      if (res.status >= 400 && (res.headers.get('content-type') ?? '').includes('json')) {
        try {
          const body = (await res.clone().json()) as { error?: unknown };
          if (typeof body?.error === 'string' && /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(body.error)) xrpcError = body.error;
        } catch {
          // Not JSON after all: platformFetch keeps the text.
        }
      }
      return res;
    },
  };
  const headers: Record<string, string> = {};
  if (call.bearer) headers.Authorization = `Bearer ${call.bearer}`;
  if (call.contentType) headers['Content-Type'] = call.contentType;
  try {
    return await platformFetch(tapped, 'bluesky', {
      method: call.method,
      url: xrpcUrl(call.base, call.nsid, call.query),
      headers,
      ...(call.json !== undefined ? { json: call.json } : {}),
      ...(call.body !== undefined ? { body: call.body } : {}),
      ...(call.timeoutMs ? { timeoutMs: call.timeoutMs } : {}),
      ...(call.creates ? { creates: true } : {}),
    });
  } catch (error) {
    if (error instanceof AppError) throw refine(error, xrpcError);
    throw error;
  }
}

/** The JSON body of a successful call as an object (XRPC answers are JSON objects). */
export function bodyOf(res: PlatformResponse): Record<string, unknown> {
  if (res.body && typeof res.body === 'object' && !Array.isArray(res.body)) return res.body as Record<string, unknown>;
  throw new AppError('PlatformRejected', 'Bluesky sent an answer PromoGPT could not read (expected JSON).', { status: res.status });
}
