import type { HandlerImpls } from '../dispatch';
import type { AppDb } from '../db/app-db';
import { listSecurityEvents } from '../app/security-log';
import type { Deletion } from '../deletion/deletion';
import type { BackupSettingsStore } from './backup-settings';
import type { BackupJobs } from './backup-jobs';
import type { Backups } from './backups';

type Names = 'backup.list' | 'backup.create' | 'backup.restore' | 'backup.check' | 'backup.status' | 'backup.updateSettings' | 'securityLog.list' | 'app.deleteEverything' | 'workspace.delete';

export function backupHandlers(deps: { backups: Backups; jobs: BackupJobs; settings: BackupSettingsStore; deletion: Deletion; appDb: AppDb }): Pick<HandlerImpls, Names> {
  const { backups, jobs, settings, deletion } = deps;
  return {
    'backup.list': ({ workspaceId }) => backups.list(workspaceId),
    'backup.create': ({ workspaceId }) => backups.create(workspaceId, 'manual'),
    'backup.restore': ({ workspaceId, backupId }) => backups.restore(workspaceId, backupId),
    'backup.check': ({ workspaceId }) => backups.check(workspaceId),
    'backup.status': () => ({ settings: settings.get(), failures: backups.failed() }),
    'backup.updateSettings': (patch) => {
      const next = settings.update(patch);
      jobs.planAll(); // a shorter interval brings the next backup forward
      return next;
    },
    'securityLog.list': (filter) => listSecurityEvents(deps.appDb, filter),
    'app.deleteEverything': ({ confirm }) => deletion.deleteEverything(confirm),
    'workspace.delete': ({ id, confirmName }) => deletion.deleteWorkspace(id, confirmName),
  };
}
