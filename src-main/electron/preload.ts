// Runs in the sandboxed renderer before the page. Bundled to one CJS file: a sandboxed
// preload can require only 'electron' and a few builtins.
import { contextBridge, ipcRenderer } from 'electron';
import type { Transport } from '../../src-shared/transport';
import { createPreloadApi } from './preload-api';

const api = createPreloadApi(ipcRenderer) satisfies Transport;

contextBridge.exposeInMainWorld('promogpt', api);
