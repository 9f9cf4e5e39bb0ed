import { z } from 'zod';
import type { DeletionReport } from '../backups';
import type { Workspace } from '../domain';
import { displayName, entityId, method, noInput } from './define';

export const workspaceName = displayName('Workspace name');

export const workspaceContract = {
  'workspace.list': method(noInput).returns<Workspace[]>(),
  'workspace.get': method(z.strictObject({ id: entityId })).returns<Workspace>(),
  'workspace.create': method(z.strictObject({ name: workspaceName })).returns<Workspace>(),
  'workspace.rename': method(z.strictObject({ id: entityId, name: workspaceName })).returns<Workspace>(),
  // The typed name guards against deleting the wrong client's data by a slip.
  'workspace.delete': method(z.strictObject({ id: entityId, confirmName: z.string().max(200) })).returns<DeletionReport>(),
};
