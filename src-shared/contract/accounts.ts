import { z } from 'zod';
import type { Account, AppCredential, ConnectAttempt } from '../domain';
import { PLATFORMS } from '../platforms/platform';
import { entityId, method } from './define';

/** An http(s) server address; plain http only on this machine, so passwords never cross a network in clear. */
export const serverUrl = z
  .string()
  .trim()
  .max(300)
  .url('must be a web address like https://example.social')
  .refine((u) => {
    const url = new URL(u);
    if (url.username || url.password) return false;
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  }, 'must start with https:// (plain http only for servers on this machine)');

const workspaceId = entityId;
const platform = z.enum(PLATFORMS);

export const accountsContract = {
  'account.list': method(z.strictObject({ workspaceId })).returns<Account[]>(),
  'account.connectBluesky': method(
    z.strictObject({
      workspaceId,
      service: serverUrl.optional(),
      identifier: z.string().trim().min(1, 'enter your handle or email').max(253),
      appPassword: z.string().min(1, 'enter an app password').max(200),
    }),
  ).returns<Account>(),
  'account.connectStart': method(
    z.strictObject({ workspaceId, platform: z.enum(['mastodon', 'x']), instanceUrl: serverUrl.optional() }),
  ).returns<ConnectAttempt>(),
  'account.connectCancel': method(z.strictObject({ attemptId: entityId })).returns<{ cancelled: boolean }>(),
  'account.check': method(z.strictObject({ workspaceId, accountId: entityId })).returns<Account>(),
  'account.remove': method(z.strictObject({ workspaceId, accountId: entityId, deleteHistory: z.boolean() })).returns<{ removed: string; revoked: boolean }>(),
  'credentials.list': method(z.strictObject({ workspaceId })).returns<AppCredential[]>(),
  'credentials.set': method(
    z.strictObject({
      workspaceId,
      platform,
      clientId: z.string().trim().min(1).max(200),
      redirectPort: z.number().int().min(1024).max(65535).optional(),
      clientSecret: z.string().min(1).max(500).optional(),
    }),
  ).returns<AppCredential>(),
  'credentials.remove': method(z.strictObject({ workspaceId, platform })).returns<{ removed: boolean }>(),
};
