import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'PromoGPT';

/**
 * The OS app-data folder, the same one Electron's `app.getPath('userData')` gives for our
 * app name, so the desktop app, browser mode and the CLI share one data dir.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = os.homedir()): string {
  if (env.PROMOGPT_DATA_DIR) return path.resolve(env.PROMOGPT_DATA_DIR);
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
  }
}

export interface DataLayout {
  root: string;
  appDb: string;
  logs: string;
  workspaces: string;
  workspaceDir(id: string): string;
  workspaceDb(id: string): string;
}

export function dataLayout(root: string): DataLayout {
  const workspaces = path.join(root, 'workspaces');
  return {
    root,
    appDb: path.join(root, 'app.db'),
    logs: path.join(root, 'logs'),
    workspaces,
    workspaceDir: (id) => path.join(workspaces, id),
    workspaceDb: (id) => path.join(workspaces, id, 'workspace.db'),
  };
}
