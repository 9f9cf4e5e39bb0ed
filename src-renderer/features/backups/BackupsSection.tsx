import { useCallback, useEffect, useState } from 'react';
import type { BackupInfo, BackupStatus } from '../../../src-shared/backups';
import type { Workspace } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { InlineMessage } from '../../components/InlineMessage';
import { SettingsSection } from '../settings/SettingsSection';
import { BackupScheduleForm } from './BackupScheduleForm';
import { previewWords, REASON_WORDS, sizeWords, whenWords } from './backup-words';

/** Backups of the open workspace: take one, see what each holds, restore one; the integrity alert. */
export function BackupsSection({ workspace }: { workspace: Workspace }) {
  const { api } = useSession();
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [restoring, setRestoring] = useState<BackupInfo | null>(null);

  const load = useCallback(async () => {
    try {
      const [list, next] = await Promise.all([api.call('backup.list', { workspaceId: workspace.id }), api.call('backup.status', {})]);
      setBackups(list);
      setStatus(next);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [api, workspace.id]);

  useEffect(() => {
    void load();
    return api.on('backups.changed', (p) => {
      if (p.workspaceId === workspace.id) void load();
    });
  }, [api, load, workspace.id]);

  const act = async (what: () => Promise<string>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await what());
      await load();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const failure = status?.failures.find((f) => f.workspaceId === workspace.id);
  return (
    <SettingsSection title="Backups" anchor="backups" description="Copies of this workspace’s database, taken while PromoGPT runs.">
      {failure ? (
        <div className="notice notice--problem" role="alert">
          <p className="notice__title">This workspace’s database failed its integrity check.</p>
          <p>
            SQLite reported: {failure.problems[0]}. Restore a backup below to repair it
            {backups && backups.length === 0 ? ' (there is none yet: copy the workspace folder somewhere safe first)' : ''}.
          </p>
        </div>
      ) : null}
      {status ? <BackupScheduleForm settings={status.settings} onSaved={load} /> : null}
      <p className="settings-note">
        Media files are not part of a backup: they are kept once, by content, in the workspace’s media folder. Copy that folder to
        keep them too.
      </p>
      <div className="form__actions form__actions--start">
        <Button variant="primary" inactive={busy} onClick={() => act(async () => `Backup taken: ${previewWords(await api.call('backup.create', { workspaceId: workspace.id }))}.`)}>
          {busy ? 'Working…' : 'Back up now'}
        </Button>
      </div>
      {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
      {done ? <InlineMessage tone="success">{done}</InlineMessage> : null}
      {backups === null ? (
        <p>Loading backups…</p>
      ) : backups.length === 0 ? (
        <p className="empty-note">No backups of this workspace yet.</p>
      ) : (
        <table className="backup-table">
          <thead>
            <tr>
              <th scope="col">Taken</th>
              <th scope="col">Kind</th>
              <th scope="col">Holds</th>
              <th scope="col">Size</th>
              <th scope="col">
                <span className="visually-hidden">Restore</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {backups.map((b) => (
              <tr key={b.id} data-backup-id={b.id}>
                <td>{whenWords(b.takenAt)}</td>
                <td>{REASON_WORDS[b.reason]}</td>
                <td>{previewWords(b)}</td>
                <td>{sizeWords(b.size)}</td>
                <td>
                  <Button onClick={() => setRestoring(b)} aria-label={`Restore the backup of ${whenWords(b.takenAt)}`}>
                    Restore…
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {restoring ? (
        <Dialog title="Restore this backup?" onClose={() => setRestoring(null)}>
          <p className="dialog__text">
            This workspace’s posts, accounts and settings go back to how they were on {whenWords(restoring.takenAt)} ({previewWords(restoring)}).
            The current state is backed up first, so you can undo this.
          </p>
          <div className="form__actions">
            <Button onClick={() => setRestoring(null)}>Cancel</Button>
            <Button
              variant="danger"
              inactive={busy}
              onClick={() => {
                const chosen = restoring;
                setRestoring(null);
                void act(async () => {
                  const r = await api.call('backup.restore', { workspaceId: workspace.id, backupId: chosen.id });
                  return `Restored the backup of ${whenWords(r.restored.takenAt)}.${r.safetyBackup ? ' The state before it was saved as a backup.' : ''}`;
                });
              }}
            >
              Restore backup
            </Button>
          </div>
        </Dialog>
      ) : null}
    </SettingsSection>
  );
}
