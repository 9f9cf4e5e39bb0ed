// Shared setup for the OAuth engine tests: an engine config pointed at the real test server,
// and a log capture that proves secrets never reach a log line.
import net from 'node:net';
import { type AuthorizationConfig } from '../../../src-main/core/oauth/authorize';
import { type Clock, systemClock } from '../../../src-main/core/platform/clock';
import { configureLogging, memorySink, type LogRecord } from '../../../src-main/core/platform/logger';
import { PUBLIC_CLIENT_ID, type OAuthServer } from '../../fakes/oauth-server';

export const SCOPES = ['openid', 'offline_access', 'posts.write'];

export function configFor(server: OAuthServer, overrides: Partial<AuthorizationConfig> & { clock?: Clock } = {}): AuthorizationConfig {
  return {
    authorizationEndpoint: server.authorizationEndpoint,
    tokenEndpoint: server.tokenEndpoint,
    revocationEndpoint: server.revocationEndpoint,
    clientId: PUBLIC_CLIENT_ID,
    tokenAuth: 'none',
    providerName: 'Test Platform',
    scopes: SCOPES,
    redirect: { port: 0 },
    clock: systemClock,
    ...overrides,
  };
}

/** Records every log line (debug and up) from now on. */
export function captureLogs(): { records: LogRecord[]; text(): string } {
  const sink = memorySink();
  configureLogging({ sinks: [sink], level: 'debug' });
  return { records: sink.records, text: () => JSON.stringify(sink.records) };
}

/** Resolves true when something accepts TCP connections on 127.0.0.1:port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export const portOf = (uri: string) => Number(new URL(uri).port);

export { freePort } from '../../helpers/free-port';
