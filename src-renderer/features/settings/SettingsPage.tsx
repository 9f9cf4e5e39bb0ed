import type { Workspace } from '../../../src-shared/domain';
import { BackupsSection } from '../backups/BackupsSection';
import { DeleteEverythingSection } from '../backups/DeleteEverythingSection';
import { SecurityLogSection } from '../backups/SecurityLogSection';
import { AppearanceSection } from './AppearanceSection';
import { DeveloperAppsSection } from './DeveloperAppsSection';
import { PublishingSection } from './PublishingSection';
import { SystemCheckSection } from './SystemCheckSection';
import { WorkspaceSection } from './WorkspaceSection';
import { YourDataSection } from './YourDataSection';
import { AiSettingsSection } from '../studio/AiSettingsSection';
import { AnalyticsSettingsSection } from '../analytics/AnalyticsSettingsSection';

export function SettingsPage({ workspace }: { workspace: Workspace }) {
  return (
    <div className="page">
      <h1 id="page-title" className="page-title" tabIndex={-1}>
        Settings
      </h1>
      <AppearanceSection />
      {/* Keyed: a dialog opened for one workspace never stays open for another. */}
      <WorkspaceSection key={workspace.id} workspace={workspace} />
      <PublishingSection key={`publishing-${workspace.id}`} workspace={workspace} />
      <DeveloperAppsSection key={`apps-${workspace.id}`} workspace={workspace} />
      <AiSettingsSection key={`ai-${workspace.id}`} workspace={workspace} />
      <AnalyticsSettingsSection key={`analytics-${workspace.id}`} workspace={workspace} />
      <YourDataSection workspaceId={workspace.id} />
      <BackupsSection key={`backups-${workspace.id}`} workspace={workspace} />
      <SecurityLogSection key={`security-${workspace.id}`} workspace={workspace} />
      <DeleteEverythingSection />
      <SystemCheckSection />
    </div>
  );
}
