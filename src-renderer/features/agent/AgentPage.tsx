import { EmptyState } from '../../components/EmptyState';
import { AgentIcon } from '../../components/icons';

export function AgentPage() {
  return (
    <EmptyState
      title="Agent"
      icon={<AgentIcon />}
      notAvailable
      summary="An agent that plans, writes and schedules posts on its own, within limits you set: which accounts, how often, and what waits for your approval."
    >
      <h2>What to set up first</h2>
      <p>
        The agent works through a connected account (see <a href="#/accounts">Accounts</a>) and an AI provider (see{' '}
        <a href="#/studio">Studio</a>). Both arrive before the agent does.
      </p>
    </EmptyState>
  );
}
