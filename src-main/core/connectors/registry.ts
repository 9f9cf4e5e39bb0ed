import type { Platform } from '../../../src-shared/platforms/platform';
import { missingCaseError } from '../../../src-shared/assert';
import { blueskyConnector } from './bluesky';
import { createMastodonConnector } from './mastodon';
import { createXConnector } from './x';
import type { Connector, ConnectorDeps } from './types';

/** Where each platform's API is, overridable for tests and for users behind a proxy. */
export interface PlatformBases {
  x?: { apiBase?: string; authBase?: string; uploadBase?: string };
}

export type ConnectorFor = (platform: Platform) => Connector;

/** One connector per platform, made once and shared by every account of it. */
export function createConnectors(deps: ConnectorDeps, bases: PlatformBases = {}): ConnectorFor {
  const made = new Map<Platform, Connector>();
  const make = (platform: Platform): Connector => {
    switch (platform) {
      case 'bluesky':
        return blueskyConnector(deps);
      case 'mastodon':
        return createMastodonConnector(deps);
      case 'x':
        return createXConnector({ ...deps, ...(bases.x?.uploadBase ? { uploadBase: bases.x.uploadBase } : {}) });
      default:
        throw missingCaseError(platform);
    }
  };
  return (platform) => {
    let connector = made.get(platform);
    if (!connector) made.set(platform, (connector = make(platform)));
    return connector;
  };
}

/** Platform bases from the environment: PROMOGPT_X_API_BASE, PROMOGPT_X_AUTH_BASE, PROMOGPT_X_UPLOAD_BASE. */
export function basesFromEnv(env: NodeJS.ProcessEnv): PlatformBases {
  const x = { apiBase: env.PROMOGPT_X_API_BASE, authBase: env.PROMOGPT_X_AUTH_BASE, uploadBase: env.PROMOGPT_X_UPLOAD_BASE };
  return { x: Object.fromEntries(Object.entries(x).filter(([, v]) => v)) };
}
