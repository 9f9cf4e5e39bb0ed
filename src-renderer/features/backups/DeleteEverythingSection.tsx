import { useState } from 'react';
import type { FormEvent } from 'react';
import type { DeleteEverythingReport } from '../../../src-shared/backups';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { InlineMessage } from '../../components/InlineMessage';
import { TextField } from '../../components/TextField';
import { SettingsSection } from '../settings/SettingsSection';
import { DeletionCheckList } from './DeletionProofDialog';

const PHRASE = 'delete everything';

/** Every workspace, the app's settings and keychain entries: typed phrase first, the check after. */
export function DeleteEverythingSection() {
  const { api } = useSession();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<DeleteEverythingReport | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (typed !== PHRASE || busy) return;
    setBusy(true);
    setError(null);
    try {
      setReport(await api.call('app.deleteEverything', { confirm: typed }));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setOpen(false);
    setTyped('');
    setReport(null);
  };

  return (
    <SettingsSection title="Delete everything">
      <div className="danger-zone">
        <div>
          <h3 className="danger-zone__title">Delete all of PromoGPT’s data</h3>
          <p className="danger-zone__text">
            Every workspace (revoking sign-ins where the platform allows), every backup, the app settings and all of PromoGPT’s keychain entries.
          </p>
        </div>
        <Button variant="danger" onClick={() => setOpen(true)}>
          Delete everything…
        </Button>
      </div>
      {open ? (
        <Dialog title={report ? 'Everything deleted' : 'Delete everything?'} onClose={close}>
          {report ? (
            <>
              <p className="dialog__text">
                {report.workspaces.length} workspace(s) deleted. {report.check.clean ? 'Checked: nothing of PromoGPT’s data remains.' : 'The check found leftovers:'}
              </p>
              <DeletionCheckList check={report.check} />
              <div className="form__actions">
                <Button variant="primary" onClick={close}>
                  Done
                </Button>
              </div>
            </>
          ) : (
            <form className="form" onSubmit={submit} noValidate>
              <TextField label={`Type “${PHRASE}” to confirm`} value={typed} data-autofocus onChange={(e) => setTyped(e.target.value)} />
              {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
              <div className="form__actions">
                <Button onClick={close}>Cancel</Button>
                <Button type="submit" variant="danger" disabled={typed !== PHRASE} inactive={busy}>
                  {busy ? 'Deleting…' : 'Delete everything'}
                </Button>
              </div>
            </form>
          )}
        </Dialog>
      ) : null}
    </SettingsSection>
  );
}
