import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { AiErrorReason } from '../../../src-shared/ai';
import { AppError, type ErrorName } from '../../../src-shared/errors';
import { redactText } from '../platform/redact';

const fail = (name: ErrorName, reason: AiErrorReason, message: string, extra: Record<string, unknown> = {}) => new AppError(name, message, { reason, ...extra });

/** The provider's own words, bounded, with anything that looks like a key taken out. */
function providerSays(error: APIError, key: string | null): string {
  const body = error.error as { message?: unknown } | undefined;
  let text = typeof body?.message === 'string' ? body.message : '';
  if (key) text = text.split(key).join('[key]');
  // OpenAI quotes part of a wrong key ("sk-abc***xyz"): never repeat it.
  text = text.replace(/\b(sk|key)-[A-Za-z0-9*_-]{4,}/g, '[key]');
  return redactText(text).slice(0, 300).replace(/[.\s]+$/, '');
}

/** Seconds to wait from retry-after(-ms) or the message ("try again in 20s"), else null. */
function retryAfterSeconds(error: APIError): number | null {
  const ms = Number(error.headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return Math.ceil(ms / 1000);
  const header = error.headers?.get('retry-after');
  if (header) {
    const s = Number(header);
    if (Number.isFinite(s) && s >= 0) return Math.ceil(s);
    const at = Date.parse(header);
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - Date.now()) / 1000));
  }
  return null;
}

/**
 * Every SDK failure as an AppError the user can act on; `details.reason` names the case
 * (AI_ERROR_REASONS). Messages never carry the key, and name the provider.
 */
export function toAiError(error: unknown, provider: { name: string; apiKey: string | null }): AppError {
  if (error instanceof AppError) return error;
  const who = `provider "${provider.name}"`;
  if (error instanceof APIUserAbortError) return new AppError('Cancelled', 'The generation was stopped.');
  if (error instanceof APIConnectionTimeoutError) {
    return fail('Transient', 'timeout', `${capital(who)} did not answer in time. Try again, or give it a longer timeout with \`promogpt provider add … --timeout SECONDS\`.`);
  }
  if (error instanceof APIConnectionError) {
    return fail('Transient', 'network_down', `${capital(who)} cannot be reached (no network, or the server is not running). Check the connection or start the server, then try again.`);
  }
  if (error instanceof APIError) {
    const says = providerSays(error, provider.apiKey);
    const code = error.code ?? (error.error as { type?: string } | undefined)?.type ?? null;
    const status = error.status;
    if (status === 401 || code === 'invalid_api_key') {
      return fail('AuthExpired', 'invalid_key', `${capital(who)} refused the API key (wrong, expired or revoked). Store a new key with \`promogpt provider add ${provider.name} … --api-key-env VAR\` or in Settings → AI.`);
    }
    if (code === 'model_not_found' || (status === 404 && /model/i.test(says))) {
      return fail('NotFound', 'model_not_found', `${capital(who)} has no such model: ${says || 'model not found'}. Run \`promogpt provider test ${provider.name}\` to list its models, then change the model.`);
    }
    if (code === 'insufficient_quota' || code === 'billing_hard_limit_reached') {
      return fail('PermissionDenied', 'quota_exhausted', `${capital(who)} says the account's quota is used up: ${says}. Add credit or raise the limit with the provider, then try again.`);
    }
    if (status === 429) {
      const wait = retryAfterSeconds(error);
      const when = wait === null ? 'in a minute' : `in ${wait} s`;
      return fail('RateLimited', 'rate_limited', `${capital(who)} is rate limiting requests. Try again ${when}.`, wait === null ? {} : { retryAfterSeconds: wait });
    }
    if (code === 'content_policy_violation' || code === 'content_filter' || /safety system|content policy/i.test(says)) {
      return fail('PlatformRejected', 'content_refused', `${capital(who)} refused the request: ${says || 'content policy'}. Change the wording and try again.`, { providerReason: says });
    }
    if (status === 403) return fail('PermissionDenied', 'invalid_key', `${capital(who)} does not allow this key to do that: ${says}. Check the key's permissions.`);
    if (status !== undefined && status >= 500) {
      return fail('Transient', 'server_error', `${capital(who)} had a server error (${status}). Try again in a moment.`);
    }
    return new AppError('ValidationError', `${capital(who)} refused the request (${status ?? 'no status'}): ${says || 'no reason given'}.`);
  }
  return new AppError('Internal', `${capital(who)} failed unexpectedly: ${redactText(error instanceof Error ? error.message : String(error)).slice(0, 200)}`);
}

/** A chat answer the model refused or stopped with its content filter. */
export function refusedAnswer(providerName: string, reason: string): AppError {
  return fail('PlatformRejected', 'content_refused', `Provider "${providerName}" refused to write this: ${reason.slice(0, 300)}. Change the brief and try again.`, { providerReason: reason.slice(0, 300) });
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
