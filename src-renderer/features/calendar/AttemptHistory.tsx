import type { PostTarget } from '../../../src-shared/domain';
import { shortWhenText } from './date-grid';

/** Every publishing attempt for one account, oldest first: when it ran, how it ended, and why it failed. */
export function AttemptHistory({ attempts, handle, zone }: { attempts: PostTarget['attempts']; handle: string; zone: string }) {
  if (attempts.length === 0) return <p className="attempts__none muted">No attempts yet.</p>;
  return (
    <table className="attempts">
      <caption className="attempts__caption">Attempts for {handle}</caption>
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Ended</th>
          <th scope="col">Outcome</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((attempt, i) => (
          <tr key={`${attempt.startedAt}-${i}`}>
            <td>{shortWhenText(attempt.startedAt, zone)}</td>
            <td>{attempt.endedAt ? shortWhenText(attempt.endedAt, zone) : 'Still running'}</td>
            <td>{attempt.outcome ? attempt.outcome.replace(/_/g, ' ') : '—'}</td>
            <td>{attempt.errorMessage ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
