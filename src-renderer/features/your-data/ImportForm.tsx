import { useState } from 'react';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { TextField } from '../../components/TextField';
import { JobProgress } from './JobProgress';
import { useDataJob } from './use-data-job';

/**
 * Import a .promogpt file as a new workspace. The file is named by its path: PromoGPT runs on
 * this computer, so the core reads it where it is (no copy of many gigabytes through the browser).
 */
export function ImportForm() {
  const { api } = useSession();
  const [file, setFile] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useDataJob();
  const running = job?.state === 'running';

  const start = async () => {
    setError(null);
    try {
      setJob(await api.call('data.import', { file, ...(passphrase ? { passphrase } : {}) }));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <form
      className="data-form"
      aria-label="Import an export file"
      onSubmit={(event) => {
        event.preventDefault();
        if (!running) void start();
      }}
    >
      <h3 className="data-form__title">Import an export file</h3>
      <p className="field__hint">It becomes a new workspace; nothing existing is changed. A damaged or altered file is refused as a whole.</p>
      <TextField label="Export file" value={file} onChange={(e) => setFile(e.target.value)} placeholder="/path/to/acme-2026-03-02.promogpt" />
      <TextField label="Passphrase (if the file is encrypted)" type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="off" />
      <div>
        <Button type="submit" inactive={running || file.trim() === ''}>
          {running ? 'Importing…' : 'Import'}
        </Button>
      </div>
      {job && running ? <JobProgress job={job} label="Importing" onCancel={() => void api.call('data.cancel', { jobId: job.id }).catch(() => undefined)} /> : null}
      {job?.state === 'succeeded'
        ? job.imported?.map((w) => (
            <InlineMessage key={w.id} tone="success">
              Imported as workspace “{w.name}”.{w.accountsToReconnect ? ` ${w.accountsToReconnect} account(s) need to be reconnected there.` : ''}
              {w.heldPosts
                ? ` Its original is on this computer too, so its ${w.heldPosts} scheduled post(s) are held (marked “needs attention”) and will not be posted twice. Once the original will not post them, press Retry on each in the copy’s calendar.`
                : ''}
            </InlineMessage>
          ))
        : null}
      {job?.state === 'cancelled' ? <InlineMessage tone="error">The import was cancelled; nothing was imported.</InlineMessage> : null}
      {job?.state === 'failed' ? <InlineMessage tone="error">{job.error?.message}</InlineMessage> : null}
      {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
    </form>
  );
}
