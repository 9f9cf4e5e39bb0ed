import path from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';

/**
 * The tray icon that keeps PromoGPT publishing with its window closed: the scheduler runs in
 * this process, so closing the window must not quit it. "Quit" is the way out.
 */
export function createTray(resourcesDir: string, actions: { open(): void; quit(): void }): Tray {
  const icon = nativeImage.createFromPath(path.join(resourcesDir, 'icon.png')).resize({ width: 18, height: 18 });
  const tray = new Tray(icon);
  tray.setToolTip('PromoGPT: publishing scheduled posts');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open PromoGPT', click: actions.open },
      { type: 'separator' },
      { label: 'Quit PromoGPT (scheduled posts wait until it runs again)', click: actions.quit },
    ]),
  );
  tray.on('click', actions.open);
  return tray;
}
