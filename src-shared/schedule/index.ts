// Scheduling rules shared by the composer and the core: zoned times, recurrence, queue slots,
// the evergreen pool and the duplicate guard. Pure code: no Node, DOM or Electron.

export * from './zoned-time';
export * from './recurrence';
export * from './queue-slots';
export * from './evergreen';
export * from './duplicates';
