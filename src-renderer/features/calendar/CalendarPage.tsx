import { EmptyState } from '../../components/EmptyState';
import { CalendarIcon } from '../../components/icons';

export function CalendarPage() {
  return (
    <EmptyState
      title="Calendar"
      icon={<CalendarIcon />}
      notAvailable
      summary="Every scheduled and published post of this workspace by day, week or month, at the time and in the time zone you chose."
    >
      <h2>What to set up first</h2>
      <p>
        Posts appear here once you can schedule them from Compose, which needs a connected account. Start in{' '}
        <a href="#/accounts">Accounts</a>.
      </p>
    </EmptyState>
  );
}
