import { createCore, type Core } from '../core/app';
import { configureLogging, fileSink } from '../core/platform/logger';
import { dataLayout, defaultDataDir } from '../core/platform/paths';
import { createOutput, type Output } from './output';
import path from 'node:path';

export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
}

export interface CommandContext {
  dataDir: string;
  out: Output;
  /** Opens the core on first use, so `doctor` still runs when the database cannot be opened. */
  core(): Core;
  close(): void;
}

export function commandContext(opts: GlobalOptions): CommandContext {
  const dataDir = opts.dataDir ? path.resolve(opts.dataDir) : defaultDataDir();
  configureLogging({ sinks: [fileSink(dataLayout(dataDir).logs)] });
  let core: Core | undefined;
  return {
    dataDir,
    out: createOutput(!!opts.json),
    core: () => (core ??= createCore({ dataDir, shell: 'cli' })),
    close: () => core?.close(),
  };
}

/** The workspace a command acts in: --workspace, or the only one there is. */
export function workspaceOf(ctx: CommandContext, options: { workspace?: string }): string {
  return ctx.core().workspaces.resolve(options.workspace).id;
}
