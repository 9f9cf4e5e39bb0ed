import { EmptyState } from '../../components/EmptyState';
import { AnalyticsIcon } from '../../components/icons';

export function AnalyticsPage() {
  return (
    <EmptyState
      title="Analytics"
      icon={<AnalyticsIcon />}
      notAvailable
      summary="Reach, engagement and comments for your published posts, pulled back from each network and compared over time."
    >
      <h2>What to set up first</h2>
      <p>
        Analytics needs a connected account with published posts. Start in <a href="#/accounts">Accounts</a>.
      </p>
    </EmptyState>
  );
}
