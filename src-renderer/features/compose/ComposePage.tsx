import { EmptyState } from '../../components/EmptyState';
import { ComposeIcon } from '../../components/icons';

export function ComposePage() {
  return (
    <EmptyState
      title="Compose"
      icon={<ComposeIcon />}
      notAvailable
      summary="Write a post once, fit it to each network’s limits, and publish it now or schedule it for later."
    >
      <h2>What to set up first</h2>
      <p>
        Posts go to the accounts connected to this workspace, so <a href="#/accounts">connect an account first</a>.
      </p>
    </EmptyState>
  );
}
