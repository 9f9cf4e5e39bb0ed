import type { DeletionCheck, RevokeOutcome } from '../../../src-shared/backups';
import { useWorkspaces } from '../../app/session-context';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';

const REVOKE_WORDS: Record<RevokeOutcome['result'], string> = {
  revoked: 'access revoked at the platform',
  'not-supported': 'this platform offers no revoke: remove PromoGPT in its settings',
  failed: 'revoking failed; its sign-in was still removed from this machine',
  'already-disconnected': 'was already disconnected',
};

/** The check run after a deletion, in words: what is gone and what (if anything) is left. */
export function DeletionCheckList({ check }: { check: DeletionCheck }) {
  return (
    <ul className="deletion-check" aria-label="Deletion check">
      <li className={check.leftoverFiles.length ? 'deletion-check__bad' : 'deletion-check__ok'}>
        {check.leftoverFiles.length ? `Files still there: ${check.leftoverFiles.join(', ')}` : 'No file of it is left in the data folder.'}
      </li>
      <li className={check.leftoverKeychainEntries.length || (!check.keychainChecked && !check.clean) ? 'deletion-check__bad' : 'deletion-check__ok'}>
        {!check.keychainChecked
          ? check.clean
            ? 'The keychain could not be reached, and it never held a secret of it.'
            : 'The keychain could not be reached: entries of it may remain.'
          : check.leftoverKeychainEntries.length
            ? `Keychain entries still there: ${check.leftoverKeychainEntries.join(', ')}`
            : 'No keychain entry carries its id.'}
      </li>
    </ul>
  );
}

/** Shown after a workspace was deleted, whichever page is open then (the deleted one is gone). */
export function DeletionProofDialog() {
  const report = useWorkspaces((s) => s.lastDeletion);
  const dismiss = useWorkspaces((s) => s.dismissDeletion);
  if (!report) return null;
  return (
    <Dialog title={`Deleted “${report.name}”`} onClose={dismiss}>
      <p className="dialog__text">
        {report.check.clean ? 'Checked: nothing of this workspace remains on this machine.' : 'The check found something left over: see below.'}
      </p>
      <p className="dialog__text">
        Removed its database, media, {report.backupsRemoved} backup{report.backupsRemoved === 1 ? '' : 's'} and {report.keychainEntriesRemoved}{' '}
        keychain entr{report.keychainEntriesRemoved === 1 ? 'y' : 'ies'}.
      </p>
      {report.revoked.length ? (
        <ul className="deletion-revokes" aria-label="Connected accounts">
          {report.revoked.map((r) => (
            <li key={r.accountId}>
              {r.platform} {r.handle}: {REVOKE_WORDS[r.result]}
              {r.error ? ` (${r.error})` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      <DeletionCheckList check={report.check} />
      <div className="form__actions">
        <Button variant="primary" onClick={dismiss} data-autofocus>
          Done
        </Button>
      </div>
    </Dialog>
  );
}
