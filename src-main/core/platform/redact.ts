import os from 'node:os';

const SECRET_KEY = /(token|secret|password|passphrase|authorization|api[-_]?key|cookie|credential|session)/i;

// Shapes of secrets that may hide inside free text (messages, URLs, error bodies).
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic|DPoP)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  [/((?:^|[?&#\s;,(])(?:access_token|refresh_token|id_token|token|code|client_secret|secret|api_key|key|password)=)[^&#\s"',;)]+/gi, '$1[redacted]'],
  [/\b(sk|pk|rk)-[A-Za-z0-9_-]{16,}/g, '[redacted-key]'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '[redacted-jwt]'],
  [/("?(?:access_?token|refresh_?token|accessJwt|refreshJwt|client_?secret|password|api_?key)"?\s*[:=]\s*"?)[^",\s}]+/gi, '$1[redacted]'],
];

/** Removes secrets and the user's home path from a line of text. */
export function redactText(text: string, home = os.homedir()): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  if (home && home.length > 1) out = out.split(home).join('~');
  return out;
}

/** Deep-copies a value for logging, replacing secret-named fields and secret-shaped text. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') return redactText(value.length > 2000 ? `${value.slice(0, 2000)}…` : value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redactValue(v, depth + 1);
  return out;
}
