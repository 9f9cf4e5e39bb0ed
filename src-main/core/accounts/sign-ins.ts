import net from 'node:net';
import type { ConnectAttempt, Account } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { PLATFORM_NAMES } from '../../../src-shared/platforms/platform';
import { login } from '../connectors/bluesky';
import * as mastodon from '../connectors/mastodon';
import { limitOverrides } from '../connectors/mastodon/limit-overrides';
import type { PlatformBases } from '../connectors/registry';
import type { ConnectorDeps, Session } from '../connectors/types';
import * as x from '../connectors/x';
import type { EventBus } from '../events';
import { startAuthorization, type AuthorizationAttempt, type AuthorizationConfig } from '../oauth/authorize';
import type { TokenResult } from '../oauth/token-endpoint';
import type { IdGenerator } from '../platform/ids';
import { createLogger } from '../platform/logger';
import type { Workspaces } from '../workspace/workspaces';
import type { Accounts } from './accounts';
import type { Credentials } from './credentials';

const log = createLogger('sign-ins');

export interface SignInsDeps {
  workspaces: Workspaces;
  accounts: Accounts;
  credentials: Credentials;
  connectorDeps: ConnectorDeps;
  bases: PlatformBases;
  events: EventBus;
  ids: IdGenerator;
  /** How long a browser sign-in may take; default 5 minutes. */
  timeoutMs?: number;
}

type BrowserPlatform = 'mastodon' | 'x';

/** Connecting accounts: Bluesky with an app password, Mastodon and X in the system browser. */
export class SignIns {
  private attempts = new Map<string, AuthorizationAttempt>();

  constructor(private readonly deps: SignInsDeps) {}

  async connectBluesky(workspaceId: string, input: { service: string; identifier: string; password: string }): Promise<Account> {
    this.deps.workspaces.get(workspaceId);
    const session = await login(input, this.deps.connectorDeps);
    return this.deps.accounts.saveConnected(workspaceId, 'bluesky', session);
  }

  /** Starts a browser sign-in; its end arrives as an `account.connectFinished` event. */
  async start(workspaceId: string, platform: BrowserPlatform, instanceUrl: string | undefined): Promise<ConnectAttempt> {
    this.deps.workspaces.get(workspaceId);
    const plan = platform === 'mastodon' ? await this.mastodonPlan(workspaceId, instanceUrl) : await this.xPlan(workspaceId);
    const attempt = await startAuthorization({
      ...plan.config,
      fetch: this.deps.connectorDeps.fetch,
      clock: this.deps.connectorDeps.clock,
      providerName: PLATFORM_NAMES[platform],
      ...(this.deps.timeoutMs ? { timeoutMs: this.deps.timeoutMs } : {}),
    });
    const attemptId = this.deps.ids('signin');
    this.attempts.set(attemptId, attempt);
    void attempt
      .wait()
      .then(async (tokens) => {
        const account = await this.deps.accounts.saveConnected(workspaceId, platform, await plan.session(tokens));
        this.deps.events.emit('account.connectFinished', { attemptId, workspaceId, account });
      })
      .catch((error: unknown) => {
        const info = error instanceof AppError ? { name: error.name, message: error.message } : { name: 'Internal', message: 'The sign-in failed unexpectedly; try again.' };
        if (!(error instanceof AppError)) log.error('sign-in failed', { platform, error });
        this.deps.events.emit('account.connectFinished', { attemptId, workspaceId, error: info });
      })
      .finally(() => this.attempts.delete(attemptId));
    return { attemptId, authorizationUrl: attempt.url, redirectUri: attempt.redirectUri };
  }

  /** Ends every open browser sign-in (the app is closing). */
  cancelAll(): void {
    for (const attempt of this.attempts.values()) attempt.cancel();
  }

  cancel(attemptId: string): boolean {
    const attempt = this.attempts.get(attemptId);
    attempt?.cancel();
    return !!attempt;
  }

  private async xPlan(workspaceId: string): Promise<Plan> {
    const app = await this.deps.credentials.find(workspaceId, 'x');
    if (!app?.redirectPort) {
      throw new AppError('ValidationError', "X needs your own developer app: add its client id and callback port in Settings → Developer apps (or `promogpt credentials set x …`).");
    }
    const bases = this.deps.bases.x ?? {};
    const config = x.oauthConfig({ clientId: app.clientId, redirectPort: app.redirectPort, ...bases });
    const apiBase = bases.apiBase ?? x.X_API_BASE;
    return {
      config,
      // The client id (not a secret) rides along: X's refresh and revoke need it.
      session: async (tokens) => ({ tokens, identity: await x.identify(tokens, apiBase, this.deps.connectorDeps), apiBase, extras: { clientId: app.clientId } }),
    };
  }

  private async mastodonPlan(workspaceId: string, instanceUrl: string | undefined): Promise<Plan> {
    if (!instanceUrl) throw new AppError('ValidationError', 'Enter your Mastodon instance, e.g. https://mastodon.social.');
    const instance = mastodon.normalizeInstanceUrl(instanceUrl);
    let app = await this.deps.credentials.find(workspaceId, 'mastodon', instance);
    if (!app?.clientSecret || !app.redirectPort) {
      // Mastodon matches redirect URIs exactly: register the app once per instance on a port we keep.
      const port = await freePort();
      const registered = await mastodon.registerApp(instance, mastodon.loopbackRedirectUri(port), this.deps.connectorDeps);
      await this.deps.credentials.set(workspaceId, { platform: 'mastodon', instance, clientId: registered.clientId, redirectPort: port, clientSecret: registered.clientSecret });
      app = await this.deps.credentials.find(workspaceId, 'mastodon', instance);
    }
    if (!app?.clientSecret || !app.redirectPort) throw new AppError('Internal', 'PromoGPT could not keep its Mastodon app registration; try again.');
    const config = mastodon.oauthConfig({ instanceUrl: instance, clientId: app.clientId, clientSecret: app.clientSecret, redirectPort: app.redirectPort });
    return {
      config,
      session: async (tokens) => {
        const identity = await mastodon.identify(tokens, instance, this.deps.connectorDeps);
        const limits = await mastodon.fetchInstanceLimits(instance, this.deps.connectorDeps);
        // The composer checks posts against this instance's own limits.
        return { tokens, identity, apiBase: instance, extras: { instanceUrl: instance, limits: JSON.stringify(limitOverrides(instance, limits)) } };
      },
    };
  }
}

interface Plan {
  config: Omit<AuthorizationConfig, 'clock'>;
  session(tokens: TokenResult): Promise<Session>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
