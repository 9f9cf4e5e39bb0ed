import { setTimeout as wait } from 'node:timers/promises';

/** Waits `ms`, ending early (rejecting) when the signal aborts. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> => wait(ms, undefined, signal ? { signal } : {});
