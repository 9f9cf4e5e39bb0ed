import path from 'node:path';
import type { AppInfo, Shell } from '../../src-shared/domain';
import type { MethodName, Output, Input } from '../../src-shared/contract';
import { AppError } from '../../src-shared/errors';
import { recordSecurityEvent, securityRecorder, type SecurityEventKind } from './app/security-log';
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
import { Accounts } from './accounts/accounts';
import { Credentials } from './accounts/credentials';
import { accountHandlers } from './accounts/handlers';
import { Notices, type DesktopNotifier } from './accounts/notices';
import { SignIns } from './accounts/sign-ins';
import { basesFromEnv, createConnectors, type PlatformBases } from './connectors/registry';
import { createHttpTransport, type HttpTransport } from './connectors/transport';
import { createTokenManager } from './oauth/token-manager';
import { Scheduler } from './jobs/scheduler';
import { Posts } from './posts/posts';
import { importCsv } from './posts/csv-import';
import { registerPublishing } from './posts/publish-jobs';
import { PublishingSettings } from './posts/publishing-settings';
import { QueueSlots } from './posts/queue-slots';
import { Series } from './posts/series';
import { Evergreen } from './posts/evergreen-pool';
import { postsChangedEvents } from './posts/posts-changed';
import { targetPostId } from './publishing/target-store';
import { MediaLibrary } from './media/library';
import { RENDER_JOB, Renders } from './media/renders';
import { Backups } from './backups/backups';
import { BackupJobs } from './backups/backup-jobs';
import { BackupSettingsStore } from './backups/backup-settings';
import { backupHandlers } from './backups/handlers';
import { Deletion } from './deletion/deletion';
import { AiProviders } from './generate/providers';
import { GenerationHistory } from './generate/history';
import { Studio } from './generate/studio';
import { aiHandlers } from './generate/handlers';
import { VIDEO_JOB, VideoJobs } from './generate/video-jobs';
import { PictureJobs } from './generate/picture-jobs';
import { YourData, yourDataHandlers } from './data/your-data';
import { Analytics } from './analytics/analytics';
import { analyticsHandlers } from './analytics/handlers';
import { AskData } from './analytics/ask/ask';
import { askHandlers } from './analytics/ask/handlers';
import { AiSentiment } from './analytics/ai-sentiment/score';
import { aiSentimentHandlers } from './analytics/ai-sentiment/handlers';
import { AiSentimentAfterSync } from './analytics/ai-sentiment/after-sync';

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
  /** HTTP for every platform call (default: connectors/transport.ts); tests may wrap it. */
  fetch?: typeof fetch;
  /** Platform API bases (tests, proxies); default from PROMOGPT_X_API_BASE etc. */
  bases?: PlatformBases;
  /** Desktop notifications (the Electron shell gives one). */
  desktopNotifier?: DesktopNotifier;
  /** How long a browser sign-in may take. */
  signInTimeoutMs?: number;
  /** How often a video generation asks the provider how far it is (tests make it short). */
  videoPollMs?: number;
  /** How long an "ask your data" query may run before it is stopped (default 5 s; tests make it short). */
  askTimeLimitMs?: number;
}

export interface Core {
  readonly invoke: Invoke;
  readonly events: EventBus;
  readonly layout: DataLayout;
  readonly workspaces: Workspaces;
  readonly clock: Clock;
  readonly accounts: Accounts;
  readonly notices: Notices;
  /** Runs jobs (publishing…). Shells that stay up call start(); the CLI can runUntilIdle(). */
  readonly scheduler: Scheduler;
  /** The media library, for the media route (files and uploads) of both shells. */
  readonly media: MediaLibrary;
  readonly renders: Renders;
  readonly backups: Backups;
  /** Checks every database and plans automatic backups: shells that run the scheduler call it at start. */
  startBackups(): void;
  /** Exports and imports (Settings → Your data, `promogpt export/import`). */
  readonly yourData: YourData;
  /** Metrics sync, dashboards, insights; shells that stay up call analytics.scheduleAll() beside scheduler.start(). */
  readonly analytics: Analytics;
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
  const ids = config.ids ?? randomIds;
  // node:http with keep-alive for platform calls; media uploads still go through fetch.
  const transport = config.fetch ? null : createHttpTransport();
  const connectorDeps = { fetch: config.fetch ?? (transport as HttpTransport).fetch, clock };
  const connector = createConnectors(connectorDeps, config.bases ?? basesFromEnv(config.env ?? process.env));
  const notices = new Notices({ events, clock, ids, desktop: config.desktopNotifier });
  const security = securityRecorder(appDb, clock);
  const credentials = new Credentials({ workspaces, secrets, clock, ids });
  // The accounts service and the token vault need each other: the vault refreshes through the
  // account's connector, and tells the accounts service when a sign-in is dead.
  // eslint-disable-next-line prefer-const -- assigned once below; the vault's callbacks run only after that
  let accounts: Accounts | undefined;
  const vault = createTokenManager({
    secrets,
    clock,
    // A burst of due posts reads each account's keychain entry once, not once per post.
    cacheMs: 2000,
    refresh: (key, current) => (accounts as Accounts).refreshTokens(key, current),
    onNeedsReconnect: (key, reason) => (accounts as Accounts).signInDead(key, reason),
  });
  accounts = new Accounts({
    workspaces,
    secrets,
    vault: { ...vault, delete: async (key) => void (await vault.delete(key)) },
    clock,
    ids,
    events,
    notices,
    connector,
    security,
    runtimeExtras: async (workspaceId, row): Promise<Record<string, string>> => {
      if (row.platform !== 'mastodon') return {};
      const app = await credentials.find(workspaceId, 'mastodon', row.apiBase);
      return app?.clientSecret ? { clientId: app.clientId, clientSecret: app.clientSecret } : {};
    },
  });
  const signIns = new SignIns({
    workspaces,
    accounts,
    credentials,
    connectorDeps,
    bases: config.bases ?? basesFromEnv(config.env ?? process.env),
    events,
    ids,
    ...(config.signInTimeoutMs ? { timeoutMs: config.signInTimeoutMs } : {}),
  });

  // onChange runs only once jobs run, after `publishing` exists.
  // Most jobs wait on the network, not the CPU: many may run at once (one per account for publishing).
  const publishingSettings = new PublishingSettings(workspaces);
  const postsChanged = postsChangedEvents(events);
  // A target never changes post: remembered, since every job change of a publish asks.
  const postIds = new Map<string, string>();
  const postOfTarget = (workspaceId: string, targetId: string): string | undefined => {
    const known = postIds.get(targetId);
    if (known) return known;
    const postId = targetPostId(workspaces.db(workspaceId), targetId);
    if (postId && postIds.size < 100_000) postIds.set(targetId, postId);
    return postId;
  };
  const scheduler = new Scheduler({
    workspaces,
    clock,
    ids,
    concurrency: 32,
    lateWindowMs: (workspaceId) => publishingSettings.get(workspaceId).lateWindowMinutes * 60_000,
    onChange: (workspaceId, job) => {
      if (job.kind === RENDER_JOB) return renders.jobChanged(workspaceId, job);
      if (job.kind === VIDEO_JOB) return videos.jobChanged(workspaceId, job);
      publishing.jobChanged(workspaceId, job);
      analytics.jobChanged(workspaceId, job);
      afterSync.jobChanged(workspaceId, job);
      const payload = job.payload as { targetId?: string; postId?: string } | null;
      const postId = payload?.postId ?? (payload?.targetId && postOfTarget(workspaceId, payload.targetId));
      if (postId) postsChanged.changed(workspaceId, [postId]);
    },
  });
  const publishing = registerPublishing(scheduler, { workspaces, accounts, clock });
  const slots = new QueueSlots({ workspaces, accounts, clock });
  const media = new MediaLibrary({ workspaces, layout, clock, ids, env: config.env ?? process.env, events });
  const posts = new Posts({ workspaces, accounts, clock, ids, queue: publishing, slots, settings: publishingSettings, media, changed: postsChanged.changed });
  new Series({ workspaces, posts, scheduler, clock });
  const evergreen = new Evergreen({ workspaces, posts, scheduler, clock });
  const renders = new Renders({ workspaces, scheduler, library: media, clock, ids, events });
  const aiProviders = new AiProviders({
    workspaces,
    secrets,
    clock,
    ids,
    securityEvent: (detail, workspaceId) => recordSecurityEvent(appDb, clock, 'provider.changed', detail, workspaceId),
    ...(config.fetch ? { fetch: config.fetch } : {}),
  });
  const history = new GenerationHistory(workspaces);
  const videos = new VideoJobs({ scheduler, history, providers: aiProviders, media, clock, events, ...(config.videoPollMs ? { pollMs: config.videoPollMs } : {}) });
  // Tests pass a short videoPollMs: the picture job checks its lease (a cancel elsewhere) as often.
  const pictures = new PictureJobs({ scheduler, history, providers: aiProviders, media, clock, events, ...(config.videoPollMs ? { leaseCheckMs: config.videoPollMs } : {}) });
  const studio = new Studio({ workspaces, providers: aiProviders, history, media, clock, ids, events, videos, pictures });
  const yourData = new YourData({ workspaces, appDb, layout, clock, ids, events, appVersion: pkg.version, migrationsDir: dbOptions.migrationsDir, nativeBinding: config.nativeBinding });
  const analytics = new Analytics({ workspaces, accounts, scheduler, clock, slots, securityEvent: (detail, workspaceId) => recordSecurityEvent(appDb, clock, 'provider.changed', detail, workspaceId) });
  const aiSentiment = new AiSentiment({ workspaces, providers: aiProviders, history, settings: analytics.settings, accounts, clock, ids, events });
  const afterSync = new AiSentimentAfterSync({ scheduler, settings: analytics.settings, clock, aiSentiment });
  const askData = new AskData({ workspaces, accounts, providers: aiProviders, clock, ids, nativeBinding: config.nativeBinding, ...(config.askTimeLimitMs ? { timeLimitMs: config.askTimeLimitMs } : {}) });

  const backupSettings = new BackupSettingsStore(appDb);
  const backups = new Backups({ workspaces, scheduler, layout, clock, ids, notices, events, security, settings: backupSettings, nativeBinding: config.nativeBinding,
    onRestored: (workspaceId) => {
      publishingSettings.forget(workspaceId);
      postIds.clear();
      events.emit('posts.changed', { workspaceId, postIds: [] }); // an empty list: reload all
      events.emit('media.changed', { workspaceId });
      events.emit('accounts.changed', { workspaceId, accounts: (accounts as Accounts).list(workspaceId) });
    },
  });
  const backupJobs = new BackupJobs({ backups, scheduler, workspaces, settings: backupSettings, clock, events });
  const deletion = new Deletion({ workspaces, accounts, credentials, secrets, backups, layout, appDb, security, hasOtherSecrets: (id) => aiProviders.hasKeys(id) });

  const info: AppInfo = { name: 'PromoGPT', version: pkg.version, shell: config.shell, dataDir: layout.root, platform: process.platform };

  const handlers: HandlerImpls = {
    'app.info': () => info,
    'app.doctor': () => runDoctor({ dataDir: layout.root, secrets, env: config.env }),
    'settings.get': () => settings.get(),
    'notice.list': () => notices.list(null, { all: true }),
    'settings.update': (patch) => settings.update(patch),
    'workspace.list': () => workspaces.list(),
    'workspace.get': ({ id }) => workspaces.get(id),
    'workspace.create': ({ name }) => workspaces.create(name),
    'workspace.rename': ({ id, name }) => workspaces.rename(id, name),
    ...accountHandlers(accounts, credentials, signIns),
    'post.create': (input) => posts.create(input),
    'post.saveDraft': ({ workspaceId, draftId, draft }) => posts.saveDraft(workspaceId, draftId, draft),
    'post.deleteDraft': ({ workspaceId, postId }) => posts.deleteDraft(workspaceId, postId),
    'post.reschedule': (input) => posts.reschedule(input),
    'post.checkDuplicates': (input) => posts.checkDuplicates(input),
    'post.list': (input) => posts.list(input.workspaceId, input),
    'post.get': ({ workspaceId, postId }) => posts.get(workspaceId, postId),
    'post.cancel': ({ workspaceId, postId }) => posts.cancel(workspaceId, postId),
    'post.retryTarget': ({ workspaceId, targetId, confirmNotPosted }) => posts.retry(workspaceId, targetId, confirmNotPosted),
    'post.checkTarget': ({ workspaceId, targetId }) => posts.check(workspaceId, targetId),
    'post.importCsv': (input) => importCsv({ posts, accounts, clock, settings: publishingSettings }, input),
    'queue.get': ({ workspaceId, accountId }) => slots.get(workspaceId, accountId),
    'queue.set': ({ workspaceId, accountId, timeZone, slots: weekly }) => slots.set(workspaceId, accountId, timeZone, weekly),
    'publishing.getSettings': ({ workspaceId }) => publishingSettings.get(workspaceId),
    'publishing.updateSettings': ({ workspaceId, ...patch }) => publishingSettings.update(workspaceId, patch),
    'evergreen.get': ({ workspaceId }) => evergreen.get(workspaceId),
    'evergreen.configure': ({ workspaceId, ...patch }) => evergreen.configure(workspaceId, patch),
    'evergreen.add': ({ workspaceId, postId }) => {
      const pool = evergreen.add(workspaceId, postId);
      postsChanged.changed(workspaceId, [postId]);
      return pool;
    },
    'evergreen.remove': ({ workspaceId, postId }) => {
      const pool = evergreen.remove(workspaceId, postId);
      postsChanged.changed(workspaceId, [postId]);
      return pool;
    },
    'media.add': ({ workspaceId, paths }) => media.add(workspaceId, paths),
    'media.list': ({ workspaceId, ...filter }) => media.list(workspaceId, filter),
    'media.get': ({ workspaceId, mediaId }) => media.get(workspaceId, mediaId),
    'media.setAltText': ({ workspaceId, mediaId, altText }) => media.setAltText(workspaceId, mediaId, altText),
    'media.setTags': ({ workspaceId, mediaId, tags }) => media.setTags(workspaceId, mediaId, tags),
    'media.remove': ({ workspaceId, mediaId }) => media.remove(workspaceId, mediaId),
    'media.setCaptions': ({ workspaceId, mediaId, lang, text }) => media.setCaptions(workspaceId, mediaId, lang, text),
    'media.removeCaptions': ({ workspaceId, mediaId, lang }) => media.removeCaptions(workspaceId, mediaId, lang),
    'media.getCaptions': ({ workspaceId, mediaId }) => media.captions(workspaceId, mediaId),
    'media.capabilities': () => renders.getCapabilities(),
    'media.render': ({ workspaceId, request }) => renders.start(workspaceId, request),
    'media.renders': ({ workspaceId }) => renders.list(workspaceId),
    'media.getRender': ({ workspaceId, renderId }) => renders.get(workspaceId, renderId),
    'media.cancelRender': ({ workspaceId, renderId }) => renders.cancel(workspaceId, renderId),
    ...backupHandlers({ backups, jobs: backupJobs, settings: backupSettings, deletion, appDb }),
    ...aiHandlers(aiProviders, studio, history, clock),
    ...yourDataHandlers(yourData),
    ...analyticsHandlers(analytics),
    ...askHandlers(askData),
    ...aiSentimentHandlers(aiSentiment),
  };
  const invoke = createDispatcher(handlers);

  return {
    invoke,
    events,
    layout,
    workspaces,
    clock,
    accounts,
    notices,
    scheduler,
    media,
    renders,
    backups,
    startBackups: () => backupJobs.start(),
    yourData,
    analytics,
    async call(method, input) {
      const result = await invoke(method, input);
      if (!result.ok) throw new AppError(result.error.name, result.error.message, result.error.details);
      return result.value as never;
    },
    securityEvent: (kind, detail) => recordSecurityEvent(appDb, clock, kind, detail),
    close() {
      signIns.cancelAll();
      postsChanged.flush();
      void scheduler.stop(0);
      workspaces.close();
      appDb.close();
      transport?.close();
    },
  };
}
