import path from 'node:path';
import type { AppInfo, Shell } from '../../src-shared/domain';
import type { MethodName, Output, Input } from '../../src-shared/contract';
import { AppError } from '../../src-shared/errors';
import { recordSecurityEvent, type SecurityEventKind } from './app/security-log';
import { Settings } from './app/settings';
import type { AppDb, DbOptions } from './db/app-db';
import { openAppDb } from './db/app-db';
import { createDispatcher, type HandlerImpls, type Invoke } from './dispatch';
import { runDoctor } from './doctor/doctor';
import { EventBus } from './events';
import { systemClock, type Clock } from './platform/clock';
import { randomIds, type IdGenerator } from './platform/ids';
import { packageInfo } from './platform/package-root';
import { dataLayout, type DataLayout } from './platform/paths';
import { keychainSecretStore, type SecretStore } from './platform/secrets';
import { Workspaces } from './workspace/workspaces';

export interface CoreConfig {
  dataDir: string;
  shell: Shell;
  clock?: Clock;
  ids?: IdGenerator;
  secrets?: SecretStore;
  /** A better-sqlite3 binary built for Electron, when running inside it. */
  nativeBinding?: string;
  migrationsDir?: string;
  env?: NodeJS.ProcessEnv;
}

export interface Core {
  readonly invoke: Invoke;
  readonly events: EventBus;
  readonly layout: DataLayout;
  readonly workspaces: Workspaces;
  readonly clock: Clock;
  /** Typed call for in-process shells (the CLI): throws AppError on failure. */
  call<K extends MethodName>(method: K, input: Input<K>): Promise<Output<K>>;
  securityEvent(kind: SecurityEventKind, detail: string): void;
  close(): void;
}

/** Composition root: config in, core out. The same core serves Electron, browser mode and the CLI. */
export function createCore(config: CoreConfig): Core {
  const pkg = packageInfo();
  const clock = config.clock ?? systemClock;
  const secrets = config.secrets ?? keychainSecretStore();
  const layout = dataLayout(path.resolve(config.dataDir));
  const dbOptions: DbOptions = {
    migrationsDir: config.migrationsDir ?? path.join(pkg.root, 'migrations'),
    nativeBinding: config.nativeBinding,
    now: () => clock.now(),
  };
  const events = new EventBus();
  const appDb: AppDb = openAppDb(layout.appDb, dbOptions);
  let workspaces: Workspaces;
  try {
    workspaces = new Workspaces({ appDb, layout, clock, ids: config.ids ?? randomIds, dbOptions, events });
  } catch (error) {
    appDb.close();
    throw error;
  }
  const settings = new Settings(appDb, events);

  const info: AppInfo = { name: 'PromoGPT', version: pkg.version, shell: config.shell, dataDir: layout.root, platform: process.platform };

  const handlers: HandlerImpls = {
    'app.info': () => info,
    'app.doctor': () => runDoctor({ dataDir: layout.root, secrets, env: config.env }),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'workspace.list': () => workspaces.list(),
    'workspace.get': ({ id }) => workspaces.get(id),
    'workspace.create': ({ name }) => workspaces.create(name),
    'workspace.rename': ({ id, name }) => workspaces.rename(id, name),
    'workspace.delete': ({ id, confirmName }) => workspaces.delete(id, confirmName),
  };
  const invoke = createDispatcher(handlers);

  return {
    invoke,
    events,
    layout,
    workspaces,
    clock,
    async call(method, input) {
      const result = await invoke(method, input);
      if (!result.ok) throw new AppError(result.error.name, result.error.message, result.error.details);
      return result.value as never;
    },
    securityEvent: (kind, detail) => recordSecurityEvent(appDb, clock, kind, detail),
    close() {
      workspaces.close();
      appDb.close();
    },
  };
}
