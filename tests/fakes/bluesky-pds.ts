// A real AT Protocol network for tests, from @atproto/dev-env: a PLC directory and a PDS
// (SQLite) and, with `appView: true`, the Bluesky AppView (Postgres + Redis, started here
// in a private, throwaway cluster on loopback ports) plus the Ozone labeller it needs.
// Every server binds 127.0.0.1: dev-env's servers call `listen(port)` without a host, so
// while the network starts, `net.Server#listen` gets a loopback host when none is given.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { freePort } from '../helpers/free-port';
import os from 'node:os';
import path from 'node:path';
import type { TestNetwork, TestNetworkNoAppView } from '@atproto/dev-env';

export const LOOPBACK = '127.0.0.1';

export interface TestAccount {
  did: string;
  handle: string;
  email: string;
  /** The account (main) password: only the test knows it. */
  password: string;
  /** An app password created on the PDS for this account, as a user would in Settings → App passwords. */
  appPassword: string;
}

export interface BlueskyTestNetwork {
  /** The PDS's URL (http://localhost:PORT; localhost is 127.0.0.1 here). */
  pdsUrl: string;
  withAppView: boolean;
  network: TestNetwork | TestNetworkNoAppView;
  /** Every server socket opened while the network started, with the address it bound. */
  listeners: { address: string; port: number }[];
  createAccount(name: string): Promise<TestAccount>;
  /** Lets the PDS's background queue (and the AppView's indexer) catch up after writes. */
  processAll(): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  appView?: boolean;
  /** Extra PDS settings (e.g. `{ rateLimitsEnabled: true }`). */
  pds?: Record<string, unknown>;
}

const HOSTS_TO_PIN = new Set([undefined, null, '', '0.0.0.0', '::', '::0']);

/** Runs `fn` with every `listen` that names no host (or an any-address host) pinned to 127.0.0.1. */
async function withLoopbackListen<T>(fn: () => Promise<T>, seen: net.Server[]): Promise<T> {
  const original = net.Server.prototype.listen;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  net.Server.prototype.listen = function patched(this: net.Server, ...args: any[]) {
    const first = args[0];
    if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
      if (typeof args[1] !== 'string') args.splice(1, 0, LOOPBACK);
      else if (HOSTS_TO_PIN.has(args[1])) args[1] = LOOPBACK;
    } else if (first === undefined || typeof first === 'function') {
      args.unshift(0, LOOPBACK);
    } else if (first && typeof first === 'object' && !('path' in first && first.path) && !('fd' in first) && !('_handle' in first)) {
      if (HOSTS_TO_PIN.has(first.host)) args[0] = { ...first, host: LOOPBACK };
    }
    seen.push(this);
    return original.apply(this, args as Parameters<typeof original>);
  } as typeof original;
  try {
    return await fn();
  } finally {
    net.Server.prototype.listen = original;
  }
}

/**
 * Runs `fn` with os.tmpdir() pointing into `dir`: dev-env puts each PDS's data and blob folders
 * (and the AppView its image cache) in the temp folder and never removes them.
 */
async function withTempDir<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

export async function startBlueskyNetwork(opts: StartOptions = {}): Promise<BlueskyTestNetwork> {
  const devEnv = await import('@atproto/dev-env');
  const servers: net.Server[] = [];
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'promogpt-bsky-net-'));
  let deps: AppViewDeps | undefined;
  let network: TestNetwork | TestNetworkNoAppView;
  try {
    if (opts.appView) {
      deps = await startAppViewDeps();
      process.env.REDIS_HOST = deps.redisHost;
      process.env.DB_POSTGRES_URL = deps.postgresUrl;
      const appDeps = deps;
      network = await withTempDir(dataRoot, () =>
        withLoopbackListen(
          () =>
            devEnv.TestNetwork.create({
              dbPostgresUrl: appDeps.postgresUrl,
              dbPostgresSchema: 'promogpt_bluesky',
              pds: { ...opts.pds },
            }),
          servers,
        ),
      );
    } else {
      network = await withTempDir(dataRoot, () => withLoopbackListen(() => devEnv.TestNetworkNoAppView.create({ pds: { ...opts.pds } }), servers));
    }
  } catch (error) {
    await deps?.stop();
    fs.rmSync(dataRoot, { recursive: true, force: true });
    throw error;
  }

  const listeners = servers
    .map((s) => s.address())
    .filter((a): a is net.AddressInfo => !!a && typeof a === 'object')
    .map((a) => ({ address: a.address, port: a.port }));
  const pdsUrl = network.pds.url;
  let closed = false;

  return {
    pdsUrl,
    withAppView: !!opts.appView,
    network,
    listeners,
    async createAccount(name: string): Promise<TestAccount> {
      const handle = `${name}.test`;
      const email = `${name}@example.com`;
      const password = `main-${name}-password`;
      const agent = network.pds.getClient();
      const created = await agent.createAccount({ handle, email, password });
      const appPw = await agent.com.atproto.server.createAppPassword({ name: 'PromoGPT' });
      // A profile record, so the AppView has a display name to show.
      await agent.com.atproto.repo.createRecord({
        repo: created.data.did,
        collection: 'app.bsky.actor.profile',
        rkey: 'self',
        record: { $type: 'app.bsky.actor.profile', displayName: `Test ${name}` },
      });
      return { did: created.data.did, handle, email, password, appPassword: appPw.data.password };
    },
    async processAll() {
      await network.processAll();
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await network.close();
      } finally {
        await deps?.stop();
        fs.rmSync(dataRoot, { recursive: true, force: true });
      }
    },
  };
}

// ---------------------------------------------------------------------------------------
// Postgres and Redis for the AppView: Debian's packages `postgresql` and `redis-server`.

export interface AppViewDeps {
  postgresUrl: string;
  redisHost: string;
  stop(): Promise<void>;
}

function which(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, bin);
    if (dir && fs.existsSync(p)) return p;
  }
  return undefined;
}

/** The folder with initdb and postgres: $PG_BIN, Debian's /usr/lib/postgresql/<newest>/bin, or PATH. */
function postgresBinDir(): string | undefined {
  if (process.env.PG_BIN && fs.existsSync(path.join(process.env.PG_BIN, 'postgres'))) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs
      .readdirSync(root)
      .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], 'bin');
  }
  const onPath = which('postgres');
  return onPath ? path.dirname(fs.realpathSync(onPath)) : undefined;
}

const MISSING =
  'The Bluesky AppView tests need PostgreSQL and Redis from Debian: run `apt-get install -y postgresql redis-server` (as root), then run the tests again.';

/** Who runs Postgres: initdb refuses root, so as root we use the `postgres` user the Debian package creates. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) throw new Error(`${MISSING} (no \`postgres\` user to run the database as)`);
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** Waits until a child prints `ready` on stdout or stderr; fails when it exits or after `ms`. */
function waitForLine(child: ChildProcess, ready: RegExp, name: string, ms = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => done(new Error(`${name} did not start within ${ms} ms:\n${log.slice(-2000)}`)), ms);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (ready.test(log)) done();
    };
    const onExit = (code: number | null) => done(new Error(`${name} exited (${code}) while starting:\n${log.slice(-2000)}`));
    const done = (err?: Error) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      // Keep draining so a chatty server never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
      if (err) reject(err);
      else resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals, ms = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/**
 * A private Postgres cluster (initdb in a temp folder, trust auth, fsync off) and a Redis
 * without persistence, both on free 127.0.0.1 ports. `stop()` ends both and removes the folder;
 * if the test process dies first, an exit hook stops them.
 */
export async function startAppViewDeps(): Promise<AppViewDeps> {
  const binDir = postgresBinDir();
  const redisBin = process.env.REDIS_SERVER_BIN ?? which('redis-server') ?? (fs.existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : undefined);
  if (!binDir || !redisBin) throw new Error(MISSING);

  const owner = postgresUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promogpt-appview-'));
  const dataDir = path.join(dir, 'pg');
  const sockDir = path.join(dir, 'sock');
  fs.mkdirSync(sockDir);
  if (owner) {
    fs.chownSync(dir, owner.uid, owner.gid);
    fs.chownSync(sockDir, owner.uid, owner.gid);
  }
  const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const children: ChildProcess[] = [];
  const onExit = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  process.once('exit', onExit);

  const stop = async () => {
    process.off('exit', onExit);
    // Postgres: SIGINT is a fast shutdown (ends sessions, no checkpoint wait beyond the minimum).
    await Promise.all(children.map((c) => stopChild(c, c === children[0] ? 'SIGINT' : 'SIGTERM')));
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const init = spawnSync(path.join(binDir, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
      ...asOwner,
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);

    const pgPort = await freePort();
    const pg = spawn(
      path.join(binDir, 'postgres'),
      ['-D', dataDir, '-h', LOOPBACK, '-p', String(pgPort), '-k', sockDir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
      { ...asOwner, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(pg);
    await waitForLine(pg, /database system is ready to accept connections/, 'postgres');

    const redisPort = await freePort();
    const redis = spawn(redisBin, ['--bind', LOOPBACK, '--port', String(redisPort), '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(redis);
    await waitForLine(redis, /Ready to accept connections/, 'redis-server');

    return { postgresUrl: `postgresql://postgres@${LOOPBACK}:${pgPort}/postgres`, redisHost: `${LOOPBACK}:${redisPort}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
