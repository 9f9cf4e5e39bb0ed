import { useState } from 'react';
import type { Workspace } from '../../../src-shared/domain';
import { Button } from '../../components/Button';
import { DeleteWorkspaceDialog } from '../workspaces/DeleteWorkspaceDialog';
import { RenameWorkspaceForm } from './RenameWorkspaceForm';
import { SettingsSection } from './SettingsSection';

export function WorkspaceSection({ workspace }: { workspace: Workspace }) {
  const [deleting, setDeleting] = useState(false);
  return (
    <SettingsSection title="Workspace" description={`Settings for “${workspace.name}”, the workspace open now.`}>
      <RenameWorkspaceForm workspace={workspace} />
      <div className="danger-zone">
        <div>
          <h3 className="danger-zone__title">Delete this workspace</h3>
          <p className="danger-zone__text">Removes its folder and everything in it from this machine. This cannot be undone.</p>
        </div>
        <Button variant="danger" onClick={() => setDeleting(true)}>
          Delete workspace…
        </Button>
      </div>
      {deleting ? <DeleteWorkspaceDialog workspace={workspace} onClose={() => setDeleting(false)} /> : null}
    </SettingsSection>
  );
}
