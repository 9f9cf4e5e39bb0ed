import { useEffect, useState } from 'react';
import type { DataJob } from '../../../src-shared/your-data';
import { useSession } from '../../app/session-context';

/** The latest state of one export or import, following the core's data.jobChanged events. */
export function useDataJob(): [DataJob | null, (job: DataJob | null) => void] {
  const { api } = useSession();
  const [job, setJob] = useState<DataJob | null>(null);
  const jobId = job?.id;
  useEffect(() => {
    if (!jobId) return;
    return api.on('data.jobChanged', (changed) => {
      if (changed.id === jobId) setJob(changed);
    });
  }, [api, jobId]);
  return [job, setJob];
}
