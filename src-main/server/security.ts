import { timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';

/** Cookies are shared across ports on one host, so each server's cookie carries its port. */
export const sessionCookieName = (port: number) => `promogpt_session_${port}`;

export function isLoopbackAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  return h === '::1';
}

function hostPort(host: string, port: number): string {
  return `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
}

/**
 * The Host header values we answer to. Anything else is refused: a DNS-rebinding page
 * reaches us with its own name in Host.
 */
export function allowedHosts(listenHost: string, port: number): Set<string> {
  const hosts = new Set<string>();
  const add = (h: string) => hosts.add(hostPort(h, port).toLowerCase());
  if (listenHost === '0.0.0.0' || listenHost === '::') {
    for (const addrs of Object.values(os.networkInterfaces())) for (const a of addrs ?? []) add(a.address);
    add('localhost');
  } else {
    add(listenHost);
    if (isLoopbackAddress(listenHost)) add('localhost');
  }
  return hosts;
}

export function isAllowedHost(hostHeader: string | undefined, allowed: Set<string>): boolean {
  return !!hostHeader && allowed.has(hostHeader.toLowerCase());
}

/** Origin must be our own page's origin; browsers send it on WebSocket upgrades and cross-site requests. */
export function isAllowedOrigin(origin: string | undefined, hostHeader: string | undefined, required: boolean): boolean {
  if (origin === undefined) return !required;
  return !!hostHeader && origin.toLowerCase() === `http://${hostHeader.toLowerCase()}`;
}

export function tokensMatch(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function contentSecurityPolicy(hostHeader: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src 'self' ws://${hostHeader}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
