import type { EventName, Events } from '../../../src-shared/contract';
import type { AppSettings, DoctorReport, MediaCapabilities, PublishingSettings, Workspace } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { Result } from '../../../src-shared/result';
import { fail, ok } from '../../../src-shared/result';
import type { Transport } from '../../../src-shared/transport';
import type { AccountSeed, CredentialSeed } from './fake-accounts';
import { ACCOUNT_METHODS, createFakeAccounts, parseLikeTheCore } from './fake-accounts';
import type { PostSeed, QueueSeed } from './fake-posts';
import { createFakePosts } from './fake-posts';
import { createFakeSchedule } from './fake-schedule';
import type { MediaSeed, RenderSeed } from './fake-media';
import { createFakeMedia } from './fake-media';

type Call = { method: string; input: Record<string, unknown> };

const DEFAULT_DOCTOR: DoctorReport = {
  ok: false,
  checks: [
    { id: 'node', label: 'Node.js', status: 'ok', detail: 'v20.20.2' },
    { id: 'ffmpeg', label: 'ffmpeg', status: 'fail', detail: 'not found on PATH', fix: 'Install ffmpeg, e.g. `apt-get install ffmpeg`.' },
    { id: 'keychain', label: 'System keychain', status: 'warn', detail: 'locked', fix: 'Unlock your keyring and run the check again.' },
  ],
};

/**
 * An in-memory stand-in for the core behind a Transport: same method names, same Result
 * envelope, same error names and wording as src-main's workspace, settings and accounts handlers.
 */
export function createFakeCore(
  seed: {
    workspaces?: string[];
    settings?: Partial<AppSettings>;
    doctor?: DoctorReport;
    accounts?: AccountSeed[];
    credentials?: CredentialSeed[];
    posts?: PostSeed[];
    queues?: QueueSeed[];
    publishing?: Partial<PublishingSettings>;
    /** The media library, its renders, and what ffmpeg can do: see fake-media.ts. */
    media?: MediaSeed[];
    renders?: RenderSeed[];
    capabilities?: MediaCapabilities;
    /** The posts' clock; the real one unless given. */
    now?: () => Date;
  } = {},
) {
  let nextId = 1;
  const stamp = '2025-01-01T00:00:00.000Z';
  const make = (name: string): Workspace => ({ id: `ws-${nextId++}`, name, createdAt: stamp, updatedAt: stamp });
  let workspaces: Workspace[] = (seed.workspaces ?? []).map(make);
  let settings: AppSettings = { theme: 'system', lastWorkspaceId: null, oauthRelayUrl: null, ...seed.settings } as AppSettings;
  const calls: Call[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  const emit = <E extends EventName>(event: E, payload: Events[E]) => listeners.get(event)?.forEach((cb) => cb(payload));

  const validName = (raw: unknown): string => {
    const name = String(raw ?? '').trim();
    if (!name) {
      throw new AppError('ValidationError', 'workspace.create: name: Workspace name cannot be empty', {
        issues: [{ field: 'name', message: 'Workspace name cannot be empty' }],
      });
    }
    return name;
  };
  const assertFree = (name: string, exceptId?: string) => {
    const clash = workspaces.find((w) => w.id !== exceptId && w.name.toLocaleLowerCase() === name.toLocaleLowerCase());
    if (clash) throw new AppError('Conflict', `A workspace named "${clash.name}" already exists. Choose another name.`);
  };
  const find = (id: unknown) => {
    const ws = workspaces.find((w) => w.id === id);
    if (!ws) throw new AppError('NotFound', `There is no workspace with id ${String(id)}.`);
    return ws;
  };

  const accounts = createFakeAccounts({ emit, workspace: (id) => find(id), accounts: seed.accounts, credentials: seed.credentials });
  const posts = createFakePosts({
    emit,
    workspace: (id) => find(id),
    accounts: (workspaceId) => accounts.accountsOf(workspaceId),
    posts: seed.posts,
    queues: seed.queues,
    settings: seed.publishing,
    now: seed.now,
  });

  const media = createFakeMedia({ emit, workspace: (id) => find(id), items: seed.media, renders: seed.renders, capabilities: seed.capabilities });

  const handlers: Record<string, (input: Record<string, unknown>) => unknown> = {
    ...accounts.handlers,
    ...media.handlers,
    ...posts.handlers,
    ...createFakeSchedule({ workspace: (id) => find(id), posts, now: seed.now }).handlers,
    'app.info': () => ({ name: 'PromoGPT', version: '0.1.0', shell: 'browser', dataDir: '/home/ada/.local/share/promogpt', platform: 'linux' }),
    'app.doctor': () => seed.doctor ?? DEFAULT_DOCTOR,
    'settings.get': () => settings,
    'notice.list': () => [],
    'settings.update': (patch) => {
      settings = {
        theme: (patch.theme as AppSettings['theme'] | undefined) ?? settings.theme,
        lastWorkspaceId: patch.lastWorkspaceId === undefined ? settings.lastWorkspaceId : (patch.lastWorkspaceId as string | null),
        oauthRelayUrl: patch.oauthRelayUrl === undefined ? settings.oauthRelayUrl : (patch.oauthRelayUrl as string | null),
      };
      emit('settings.changed', settings);
      return settings;
    },
    'workspace.list': () => workspaces,
    'workspace.create': (input) => {
      const name = validName(input.name);
      assertFree(name);
      const ws = make(name);
      workspaces = [...workspaces, ws];
      emit('workspaces.changed', { workspaces });
      return ws;
    },
    'workspace.rename': (input) => {
      const current = find(input.id);
      const name = validName(input.name);
      assertFree(name, current.id);
      const renamed = { ...current, name };
      workspaces = workspaces.map((w) => (w.id === current.id ? renamed : w));
      emit('workspaces.changed', { workspaces });
      return renamed;
    },
    'workspace.delete': (input) => {
      const ws = find(input.id);
      if (input.confirmName !== ws.name) {
        throw new AppError('ValidationError', `To delete workspace "${ws.name}", type its name exactly.`, { field: 'confirmName' });
      }
      workspaces = workspaces.filter((w) => w.id !== ws.id);
      emit('workspaces.changed', { workspaces });
      const check = { clean: true, leftoverFiles: [], leftoverKeychainEntries: [], keychainChecked: true };
      return { id: ws.id, name: ws.name, revoked: [], keychainEntriesRemoved: 0, backupsRemoved: 0, check };
    },
  };

  const transport: Transport = {
    async invoke(method, input): Promise<Result<unknown>> {
      const args = (input ?? {}) as Record<string, unknown>;
      calls.push({ method, input: args });
      const handler = handlers[method];
      if (!handler) return fail({ name: 'ValidationError', message: `Unknown method '${method}'.` });
      try {
        // Account methods are checked against the contract, as the core's dispatcher does.
        return ok(await handler(ACCOUNT_METHODS.has(method) ? parseLikeTheCore(method, args) : args));
      } catch (error) {
        if (error instanceof AppError) return fail(error.toInfo());
        throw error;
      }
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const cb = listener as (payload: unknown) => void;
      set.add(cb);
      return () => {
        set.delete(cb);
      };
    },
  };

  return {
    transport,
    calls,
    emit,
    callsTo: (method: string) => calls.filter((c) => c.method === method).map((c) => c.input),
    get workspaces() {
      return workspaces;
    },
    /** Accounts, developer apps, browser sign-ins and notices: see fake-accounts.ts. */
    accounts,
    /** Posts, drafts, queues and publishing settings: see fake-posts.ts. */
    posts,
    /** The media library and renders: see fake-media.ts. */
    media,
    /** A change made by someone else (another tab, the CLI): the core pushes it. */
    createElsewhere(name: string) {
      const ws = make(name);
      workspaces = [...workspaces, ws];
      emit('workspaces.changed', { workspaces });
      return ws;
    },
  };
}

export type FakeCore = ReturnType<typeof createFakeCore>;
