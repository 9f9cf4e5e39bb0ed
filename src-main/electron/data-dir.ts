import path from 'node:path';
import { APP_DIR_NAME } from '../core/platform/paths';

/**
 * The data dir of the desktop app: PROMOGPT_DATA_DIR when set, else `<appData>/PromoGPT`,
 * the folder core's defaultDataDir() picks, so the app, browser mode and the CLI share it.
 * (Electron would name it after package.json's lowercase `name`, hence the explicit join.)
 */
export function electronDataDir(env: NodeJS.ProcessEnv, appDataDir: string): string {
  if (env.PROMOGPT_DATA_DIR) return path.resolve(env.PROMOGPT_DATA_DIR);
  return path.join(appDataDir, APP_DIR_NAME);
}
