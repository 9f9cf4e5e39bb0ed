// The desktop shell: one window on app://promogpt, the core in this process, IPC between
// them. Decisions live in guards/ (plain, tested); this file only wires them to Electron.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import { fail } from '../../src-shared/result';
import { createCore, type Core } from '../core/app';
import { createMediaRoute, type MediaRoute } from '../core/media/media-http';
import { tuneJit } from '../core/platform/jit-tuning';
import { configureLogging, createLogger, fileSink } from '../core/platform/logger';
import { packageInfo } from '../core/platform/package-root';
import { dataLayout } from '../core/platform/paths';
import { createAppProtocolHandler } from './app-protocol-handler';
import { electronNotifier } from './desktop-notifier';
import { createTray } from './tray';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';
import { electronDataDir } from './data-dir';
import type { AppRoot } from './guards/app-protocol';
import { isTrustedIpcSender } from './guards/ipc-sender';
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl } from './guards/navigation';
import { mainWindowOptions } from './guards/window-options';
import { hardenWebContents } from './harden-contents';
import { electronNativeBinding } from './native';
import { denyAllPermissions } from './permissions';
import { startupErrorMessage } from './startup-error';

const log = createLogger('electron');

tuneJit();

// Before 'ready' (Electron refuses later): app:// behaves like https for the renderer, fetch()
// may POST uploads to it, and streamed responses let <video>/<audio> seek. No corsEnabled:
// no other origin may read app:// responses.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
// Sandbox every renderer, whatever options a future window is created with.
app.enableSandbox();
app.setName('PromoGPT');

const dataDir = electronDataDir(process.env, app.getPath('appData'));
const layout = dataLayout(dataDir);
// userData decides the single-instance lock, so two data dirs can run side by side.
app.setPath('userData', dataDir);
// Chromium's caches go in a subfolder, away from app.db and workspaces/.
app.setPath('sessionData', path.join(dataDir, 'chromium'));

const mainDir = path.dirname(fileURLToPath(import.meta.url));
const preloadPath = path.join(mainDir, 'preload.cjs');
const rendererDir = path.join(packageInfo().root, 'dist', 'renderer');
// Workspace media is not a root: `/media/…` goes to the media route, which finds files by id.
const appRoots = (): readonly AppRoot[] => [{ mount: '/', dir: rendererDir, index: 'index.html' }];

let core: Core | undefined;
let mediaRoute: MediaRoute | undefined;
let mainWindow: BrowserWindow | undefined;
let stopForwarding: (() => void) | undefined;

if (!app.requestSingleInstanceLock()) {
  // Another instance owns this data dir; it gets focused through 'second-instance'.
  app.quit();
} else {
  configureLogging({ sinks: [fileSink(layout.logs)] });
  app.on('second-instance', showMainWindow);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openInBrowser));
  // Closing the window keeps PromoGPT in the tray, so scheduled posts still go out.
  app.on('window-all-closed', () => undefined);
  app.on('will-quit', closeCore);
  app.whenReady().then(start, (error: unknown) => {
    log.error('startup failed', { error });
    app.exit(1);
  });
}

function start(): void {
  denyAllPermissions(session.defaultSession);
  // `/media/…` answers 404 until the core (and so the media route) is up.
  protocol.handle(APP_SCHEME, createAppProtocolHandler(appRoots, () => mediaRoute));

  const nativeBinding = electronNativeBinding();
  if (!nativeBinding) log.warn('no Electron build of better-sqlite3 found');
  try {
    core = createCore({ dataDir, shell: 'electron', nativeBinding, desktopNotifier: electronNotifier });
  } catch (error) {
    log.error('core failed to start', { error });
    dialog.showErrorBox('PromoGPT cannot start', startupErrorMessage(error, { nativeBinding, logDir: layout.logs }));
    app.exit(1);
    return;
  }
  const started = core;
  mediaRoute = createMediaRoute({ media: started.media, maxUploadBytes: () => started.media.maxBytes() });
  started.startBackups(); // integrity check of every database, and the automatic backups
  started.scheduler.start();
  started.analytics.scheduleAll();
  tray = createTray(path.join(packageInfo().root, 'resources'), { open: showMainWindow, quit: () => app.quit() });

  ipcMain.handle(INVOKE_CHANNEL, (event, method: unknown, input: unknown) => {
    if (!isTrustedIpcSender(event.senderFrame)) {
      log.warn('refused a call from a frame outside the app');
      return fail({ name: 'PermissionDenied', message: 'Only PromoGPT itself may call PromoGPT.' });
    }
    return started.invoke(method, input);
  });
  stopForwarding = started.events.onAny((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      const contents = window.webContents;
      if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(EVENT_CHANNEL, name, payload);
    }
  });

  showMainWindow();
  // macOS: clicking the dock icon with no window open brings one back.
  app.on('activate', showMainWindow);
}

function showMainWindow(): void {
  if (!core) return; // still starting, or failed
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  const window = new BrowserWindow(mainWindowOptions({ preload: preloadPath, devTools: !app.isPackaged }));
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => log.error('the app page failed to load', { error }));
}

function openInBrowser(url: string): void {
  shell.openExternal(url).catch((error: unknown) => log.warn('the system browser did not open', { error }));
}

let tray: ReturnType<typeof createTray> | undefined;

function closeCore(): void {
  tray?.destroy();
  tray = undefined;
  stopForwarding?.();
  stopForwarding = undefined;
  ipcMain.removeHandler(INVOKE_CHANNEL);
  mediaRoute = undefined;
  core?.close();
  core = undefined;
}
