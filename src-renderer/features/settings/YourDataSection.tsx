import type { AppInfo } from '../../../src-shared/domain';
import { useAppInfo } from '../../app/session-context';
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
      <div className="notice">
        <p className="notice__title">Export, import and delete everything are not available yet in this version.</p>
        <p>
          They arrive with a later release. Until then you can back up by copying the data folder while PromoGPT is not running.
        </p>
      </div>
    </SettingsSection>
  );
}
