import type { Workspace } from '../../src-shared/domain';
import { AccountsPage } from '../features/accounts/AccountsPage';
import { AgentPage } from '../features/agent/AgentPage';
import { AnalyticsPage } from '../features/analytics/AnalyticsPage';
import { CalendarPage } from '../features/calendar/CalendarPage';
import { ComposePage } from '../features/compose/ComposePage';
import { MediaPage } from '../features/media/MediaPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { StudioPage } from '../features/studio/StudioPage';
import type { PageId } from './routes';

export function PageView({ page, workspace }: { page: PageId; workspace: Workspace }) {
  switch (page) {
    case 'compose':
      return <ComposePage />;
    case 'calendar':
      return <CalendarPage key={workspace.id} workspace={workspace} />;
    case 'media':
      return <MediaPage />;
    case 'studio':
      return <StudioPage />;
    case 'analytics':
      return <AnalyticsPage />;
    case 'agent':
      return <AgentPage />;
    case 'accounts':
      return <AccountsPage key={workspace.id} workspace={workspace} />;
    case 'settings':
      return <SettingsPage workspace={workspace} />;
    default:
      return missingCase(page);
  }
}

function missingCase(value: never): never {
  throw new Error(`No page for ${String(value)}`);
}
