import { useWorkspaces } from '../../app/session-context';
import { CsvForm } from './CsvForm';
import { ExportForm } from './ExportForm';
import { ImportForm } from './ImportForm';

/** Settings → Your data: export this workspace, import a file as a new one, save tables as CSV. */
export function ExportImport({ workspaceId }: { workspaceId: string }) {
  const name = useWorkspaces((s) => s.workspaces.find((w) => w.id === workspaceId)?.name ?? 'workspace');
  return (
    <>
      <ExportForm workspaceId={workspaceId} workspaceName={name} />
      <ImportForm />
      <CsvForm workspaceId={workspaceId} workspaceName={name} />
    </>
  );
}
