import type { Workspace } from '../../../src-shared/domain';
import { EvergreenPoolSection } from './EvergreenPoolSection';
import { PublishingRulesForm } from './PublishingRulesForm';
import { SettingsSection } from './SettingsSection';

export const PUBLISHING_ANCHOR = 'publishing';

/** The workspace's publishing rules (late window, duplicate guard) and its evergreen pool. */
export function PublishingSection({ workspace }: { workspace: Workspace }) {
  return (
    <SettingsSection
      anchor={PUBLISHING_ANCHOR}
      title="Publishing"
      description={`How scheduled posts of “${workspace.name}” go out when this computer was off, and which posts come back on their own.`}
    >
      <PublishingRulesForm workspaceId={workspace.id} />
      <EvergreenPoolSection workspaceId={workspace.id} />
    </SettingsSection>
  );
}
