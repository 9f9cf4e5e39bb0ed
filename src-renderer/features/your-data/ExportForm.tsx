import { useState } from 'react';
import { errorMessage } from '../../api/error-message';
import { useAppInfo, useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/Checkbox';
import { InlineMessage } from '../../components/InlineMessage';
import { TextField } from '../../components/TextField';
import { JobProgress } from './JobProgress';
import { defaultFileName, joinPath, megabytes } from './job-words';
import { useDataJob } from './use-data-job';

/** Export this workspace to one .promogpt file, optionally encrypted with a passphrase. */
export function ExportForm({ workspaceId, workspaceName }: { workspaceId: string; workspaceName: string }) {
  const { api } = useSession();
  const info = useAppInfo((s) => s.info);
  const [out, setOut] = useState('');
  const [encrypt, setEncrypt] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useDataJob();
  const suggested = info ? joinPath(info.dataDir, defaultFileName(workspaceName, 'promogpt'), info.platform) : '';
  const target = out || suggested;
  const running = job?.state === 'running';

  const start = async () => {
    setError(null);
    if (encrypt && passphrase !== again) return setError('The two passphrases differ. Type the same one twice.');
    try {
      setJob(await api.call('data.export', { workspaceId, out: target, ...(encrypt ? { passphrase } : {}) }));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <form
      className="data-form"
      aria-label="Export this workspace"
      onSubmit={(event) => {
        event.preventDefault();
        if (!running) void start();
      }}
    >
      <h3 className="data-form__title">Export this workspace</h3>
      <p className="field__hint">
        One file with everything of this workspace: settings, accounts (without their sign-ins), posts, schedule and history, media and
        renders. Accounts must be reconnected after an import.
      </p>
      <TextField label="Save to file" value={target} onChange={(e) => setOut(e.target.value)} hint="A path on this computer; the file must not exist yet." />
      <Checkbox label="Encrypt with a passphrase" checked={encrypt} onChange={(e) => setEncrypt(e.target.checked)} hint="Without the passphrase nobody can read the file, not even you: keep it safe." />
      {encrypt ? (
        <div className="data-form__pair">
          <TextField label="Passphrase" type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="new-password" />
          <TextField label="Passphrase again" type="password" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="new-password" />
        </div>
      ) : null}
      <div>
        <Button type="submit" variant="primary" inactive={running}>
          {running ? 'Exporting…' : 'Export'}
        </Button>
      </div>
      {job && running ? <JobProgress job={job} label="Exporting" onCancel={() => void api.call('data.cancel', { jobId: job.id }).catch(() => undefined)} /> : null}
      {job?.state === 'succeeded' ? (
        <InlineMessage tone="success">
          Exported to <code className="path">{job.file}</code> ({megabytes(job.fileBytes ?? job.doneBytes)}
          {job.encrypted ? ', encrypted' : ''}).
        </InlineMessage>
      ) : null}
      {job?.state === 'cancelled' ? <InlineMessage tone="error">The export was cancelled; no file was written.</InlineMessage> : null}
      {job?.state === 'failed' ? <InlineMessage tone="error">{job.error?.message}</InlineMessage> : null}
      {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
    </form>
  );
}
