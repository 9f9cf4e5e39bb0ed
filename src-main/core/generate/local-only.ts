import { AppError } from '../../../src-shared/errors';

/**
 * Whether a base URL points at this machine: 127.0.0.0/8, ::1 or `localhost`. Judged on the
 * parsed host only, never by resolving a name, so `localhost.example.com` or an IPv4-mapped
 * address is not loopback.
 */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  // The WHATWG parser already turned 0x7f.1 or 2130706433 into dotted decimal.
  const parts = host.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** Parses a provider's base URL, refusing what the SDK would send credentials to by mistake. */
export function parseBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError('ValidationError', `"${raw.slice(0, 200)}" is not a URL. Give the server's API address, e.g. http://127.0.0.1:11434/v1 or https://api.openai.com/v1.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('ValidationError', `A provider's base URL must start with http:// or https://, not ${url.protocol}//.`);
  }
  if (url.username || url.password) {
    throw new AppError('ValidationError', 'Put the API key in --api-key-env (it goes to the OS keychain), not in the base URL.');
  }
  if (url.search || url.hash) throw new AppError('ValidationError', 'A base URL has no ?query or #fragment: give only the server address and path, e.g. http://127.0.0.1:8080/v1.');
  return url;
}

/** The refusal when a workspace is local-only: nothing was sent. */
export function localOnlyRefusal(providerName: string, baseUrl: string): AppError {
  return new AppError(
    'PermissionDenied',
    `This workspace is local-only, and provider "${providerName}" (${new URL(baseUrl).host}) is not on this machine: nothing was sent. Use a provider at 127.0.0.1, ::1 or localhost, or turn local-only off.`,
    { reason: 'local_only' },
  );
}
