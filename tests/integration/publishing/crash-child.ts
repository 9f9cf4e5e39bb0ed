// A second PromoGPT process for the crash tests (run by tests/helpers/child-run.ts): opens the
// data folder, publishes one target, and, when told, kills itself with SIGKILL at an exact step:
//   publish:K     when the connector's publish is called for the K-th time (its `sending` is written)
//   checkpoint:N  right after the N-th connector checkpoint is on disk
//   create:K      right after the platform answered the K-th create (the answer is never read)
// The seams are wrappers around the accounts service and fetch: nothing in the core knows.
import { createCore } from '../../../src-main/core/app';
import { createHttpTransport } from '../../../src-main/core/connectors/transport';
import type { Connector } from '../../../src-main/core/connectors/types';
import { publishTarget, type PublishAccounts } from '../../../src-main/core/publishing';
import { AppError } from '../../../src-shared/errors';
import { isCreate } from './creates';
import { openSharedSecrets } from './shared-secrets';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const crashAt = process.env.PROMOGPT_CRASH_AT ?? '';
const counts = { publish: 0, checkpoint: 0, create: 0 };

function die(): never {
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL is on its way; let nothing else run meanwhile.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
  throw new Error('still alive after SIGKILL');
}
const tick = (kind: keyof typeof counts) => {
  counts[kind] += 1;
  if (crashAt === `${kind}:${counts[kind]}`) die();
};

// The core's own transport, as it is when no fetch is given.
const transport = createHttpTransport();
const crashingFetch: typeof fetch = async (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url);
  const res = await transport.fetch(input, init);
  if (isCreate(url, init)) tick('create');
  return res;
};

function crashing(connector: Connector): Connector {
  return {
    ...connector,
    publish(session, input, hooks = {}) {
      tick('publish');
      return connector.publish(session, input, {
        ...hooks,
        checkpoint(step, value) {
          hooks.checkpoint?.(step, value);
          tick('checkpoint');
        },
      });
    },
  };
}

const workspaceId = env('PROMOGPT_CRASH_WORKSPACE');
const targetId = env('PROMOGPT_CRASH_TARGET');
const core = createCore({ dataDir: env('PROMOGPT_CRASH_DATA_DIR'), shell: 'cli', secrets: openSharedSecrets(env('PROMOGPT_CRASH_SECRETS')), fetch: crashingFetch });
const accounts: PublishAccounts = {
  withSession: (ws, accountId, fn) => core.accounts.withSession(ws, accountId, (session, connector) => fn(session, crashing(connector))),
};

let report: Record<string, unknown>;
try {
  const state = await publishTarget({ workspaceId, targetId, accounts, db: core.workspaces.db(workspaceId), clock: core.clock });
  report = { state, counts };
} catch (error) {
  report = { error: error instanceof AppError ? error.toInfo() : { name: 'Error', message: String(error) }, counts };
}
core.close();
process.stdout.write(`${JSON.stringify(report)}\n`);
