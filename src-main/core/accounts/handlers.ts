import type { HandlerImpls } from '../dispatch';
import type { Accounts } from './accounts';
import type { Credentials } from './credentials';
import type { SignIns } from './sign-ins';

type AccountHandlerNames =
  | 'account.list'
  | 'account.connectBluesky'
  | 'account.connectStart'
  | 'account.connectCancel'
  | 'account.check'
  | 'account.remove'
  | 'credentials.list'
  | 'credentials.set'
  | 'credentials.remove';

export function accountHandlers(accounts: Accounts, credentials: Credentials, signIns: SignIns): Pick<HandlerImpls, AccountHandlerNames> {
  return {
    'account.list': ({ workspaceId }) => accounts.list(workspaceId),
    'account.connectBluesky': ({ workspaceId, service, identifier, appPassword }) =>
      signIns.connectBluesky(workspaceId, { service: service ?? 'https://bsky.social', identifier, password: appPassword }),
    'account.connectStart': ({ workspaceId, platform, instanceUrl }) => signIns.start(workspaceId, platform, instanceUrl),
    'account.connectCancel': ({ attemptId }) => ({ cancelled: signIns.cancel(attemptId) }),
    'account.check': ({ workspaceId, accountId }) => accounts.check(workspaceId, accountId),
    'account.remove': ({ workspaceId, accountId, deleteHistory }) => accounts.remove(workspaceId, accountId, deleteHistory),
    'credentials.list': ({ workspaceId }) => credentials.list(workspaceId),
    'credentials.set': ({ workspaceId, platform, clientId, redirectPort, clientSecret }) =>
      credentials.set(workspaceId, { platform, clientId, redirectPort, clientSecret }),
    'credentials.remove': async ({ workspaceId, platform }) => ({ removed: await credentials.remove(workspaceId, platform) }),
  };
}
