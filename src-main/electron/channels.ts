/** IPC channel names shared by main.ts and the preload; nothing else may use ipc. */
export const INVOKE_CHANNEL = 'promogpt:invoke';
export const EVENT_CHANNEL = 'promogpt:event';
