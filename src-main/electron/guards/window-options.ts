import path from 'node:path';

/** The webPreferences every window gets. Literal types make a weakened copy a type error. */
export interface HardenedWebPreferences {
  readonly preload: string;
  readonly contextIsolation: true;
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webviewTag: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly experimentalFeatures: false;
  readonly navigateOnDragDrop: false;
  readonly safeDialogs: true;
  readonly devTools: boolean;
}

export interface WindowSetup {
  /** Absolute path of the bundled preload script. */
  preload: string;
  /** DevTools in development only: in a shipped app they are one keystroke from the core. */
  devTools: boolean;
}

export function hardenedWebPreferences({ preload, devTools }: WindowSetup): HardenedWebPreferences {
  // Electron resolves a relative preload against the working directory, which we don't control.
  if (!path.isAbsolute(preload)) throw new Error('The preload path must be absolute');
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools,
  };
}

/** The main window's options; shown on 'ready-to-show' so the user never sees a blank frame. */
export function mainWindowOptions(setup: WindowSetup) {
  return {
    title: 'PromoGPT',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    webPreferences: hardenedWebPreferences(setup),
  };
}
