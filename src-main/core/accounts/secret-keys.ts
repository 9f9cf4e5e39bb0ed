/**
 * Keychain account names. Each starts with the workspace id, so deleting a workspace can find
 * and remove every secret it owns, and a check can prove none is left.
 */
export const secretKeys = {
  workspacePrefix: (workspaceId: string) => `${workspaceId}/`,
  accountPrefix: (workspaceId: string, accountId: string) => `${workspaceId}/${accountId}/`,
  accountTokens: (workspaceId: string, accountId: string) => `${workspaceId}/${accountId}/tokens`,
  clientSecret: (workspaceId: string, platform: string, instance: string) => `${workspaceId}/apps/${platform}/${instance || 'default'}/client-secret`,
};
