import type { DataJob } from '../../../src-shared/your-data';
import { Button } from '../../components/Button';
import { progressWords } from './job-words';

/** A running export or import: a bar with bytes done of total, and Cancel. */
export function JobProgress({ job, label, onCancel }: { job: DataJob; label: string; onCancel: () => void }) {
  const max = Math.max(job.totalBytes, 1);
  return (
    <div className="data-job" aria-live="polite">
      <div className="data-job__head">
        <span>{label}</span>
        <span className="data-job__bytes">{progressWords(job)}</span>
      </div>
      <progress className="data-job__bar" aria-label={label} value={Math.min(job.doneBytes, max)} max={max} />
      <div>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </div>
  );
}
