import * as appSchema from './schema/app';
import * as workspaceSchema from './schema/workspace';
import { Db } from './database';
import { loadBundledMigrations } from './migrations';
import { openDatabase } from './open';
import path from 'node:path';

export type AppDb = Db<typeof appSchema>;
export type WorkspaceDb = Db<typeof workspaceSchema>;

export interface DbOptions {
  migrationsDir: string;
  nativeBinding?: string;
  now?: () => Date;
}

export function openAppDb(file: string, opts: DbOptions): AppDb {
  const sqlite = openDatabase(file, {
    label: 'The app database',
    migrations: loadBundledMigrations(path.join(opts.migrationsDir, 'app')),
    nativeBinding: opts.nativeBinding,
    now: opts.now,
  });
  return new Db(sqlite, appSchema);
}

export function openWorkspaceDb(file: string, workspaceName: string, opts: DbOptions): WorkspaceDb {
  const sqlite = openDatabase(file, {
    label: `The database of workspace "${workspaceName}"`,
    migrations: loadBundledMigrations(path.join(opts.migrationsDir, 'workspace')),
    nativeBinding: opts.nativeBinding,
    now: opts.now,
  });
  return new Db(sqlite, workspaceSchema);
}
