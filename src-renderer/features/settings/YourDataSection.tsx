import type { AppInfo } from '../../../src-shared/domain';
import { useAppInfo } from '../../app/session-context';
import { ExportImport } from '../your-data/ExportImport';
import { SettingsSection } from './SettingsSection';

function workspaceFolder(info: AppInfo, workspaceId: string): string {
  const sep = info.platform === 'win32' ? '\\' : '/';
  return [info.dataDir.replace(/[\\/]+$/, ''), 'workspaces', workspaceId].join(sep);
}

export function YourDataSection({ workspaceId }: { workspaceId: string }) {
  const info = useAppInfo((s) => s.info);
  return (
    <SettingsSection title="Your data">
      <p>Everything PromoGPT keeps is stored on this machine, in one data folder:</p>
      <code className="path path--block">{info?.dataDir ?? '…'}</code>
      <p>
        Inside it, each workspace has a folder of its own with its database and media, so one client’s data never mixes with
        another’s. This workspace’s folder is:
      </p>
      {info ? <code className="path path--block">{workspaceFolder(info, workspaceId)}</code> : null}
      {/* Keyed: one workspace's export result or passphrase never shows in another. */}
      <ExportImport key={workspaceId} workspaceId={workspaceId} />
    </SettingsSection>
  );
}
