import fs from 'node:fs';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import type { MediaCapabilities, MediaItem, RenderRequest, RenderState, RenderStatus } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { mediaRenders } from '../db/schema/workspace';
import type { EventBus } from '../events';
import type { Job } from '../jobs/queue';
import type { JobContext, Scheduler } from '../jobs/scheduler';
import type { Clock } from '../platform/clock';
import type { IdGenerator } from '../platform/ids';
import { createLogger } from '../platform/logger';
import { packageInfo } from '../platform/package-root';
import type { Workspaces } from '../workspace/workspaces';
import type { MediaLibrary } from './library';
import { detectCapabilities } from './render/capabilities';
import { planRender, type RenderInput } from './render/plan';
import { runRender, type RenderProgress } from './render/run-ffmpeg';

const log = createLogger('renders');

export const RENDER_JOB = 'media.render';
const LISTED = 50;
/** Checking for a cancel from another process costs a write: not more often than this. */
const HEARTBEAT_MS = 1000;

interface RenderPayload {
  request: RenderRequest;
}

export interface RendersDeps {
  workspaces: Workspaces;
  scheduler: Scheduler;
  library: MediaLibrary;
  clock: Clock;
  ids: IdGenerator;
  events: EventBus;
  /** Where the caption font ships (resources/fonts). */
  fontsDir?: string;
}

/** Which items a request reads, and the kind each must be. */
function sourcesOf(request: RenderRequest): { id: string; role: string; kinds: MediaItem['kind'][] }[] {
  const video = (id: string) => ({ id, role: 'the video', kinds: ['video'] as MediaItem['kind'][] });
  switch (request.kind) {
    case 'image-to-video':
      return [
        ...request.imageIds.map((id, i) => ({ id, role: `picture ${i + 1}`, kinds: ['image'] as MediaItem['kind'][] })),
        ...(request.musicId ? [{ id: request.musicId, role: 'the music', kinds: ['audio'] as MediaItem['kind'][] }] : []),
        ...(request.voiceId ? [{ id: request.voiceId, role: 'the voiceover', kinds: ['audio'] as MediaItem['kind'][] }] : []),
      ];
    case 'trim':
    case 'cut-silence':
      return [{ id: request.videoId, role: 'the file to cut', kinds: ['video', 'audio'] }];
    case 'watermark':
      return [video(request.videoId), { id: request.imageId, role: 'the logo', kinds: ['image'] }];
    default:
      return [video(request.videoId)];
  }
}

const KIND_WORDS: Record<MediaItem['kind'], string> = { image: 'a picture', video: 'a video', audio: 'an audio file' };

/**
 * Renders: jobs that make a new media item from others with ffmpeg. One runs at a time (they
 * use every core); each writes to a private temp folder and only a finished, probed file joins
 * the library, with its lineage. A cancel or failure leaves nothing behind but its error.
 */
export class Renders {
  private capabilities?: Promise<MediaCapabilities>;
  /** Speed and time left of renders running in this process; other processes' renders show progress only. */
  private readonly live = new Map<string, RenderProgress>();
  private readonly fontsDir: string;

  constructor(private readonly deps: RendersDeps) {
    this.fontsDir = deps.fontsDir ?? path.join(packageInfo().root, 'resources', 'fonts');
    deps.scheduler.register<RenderPayload>(RENDER_JOB, (ctx) => this.run(ctx));
    deps.scheduler.concurrencyKey(RENDER_JOB, () => 'media-render');
  }

  /** What this machine's ffmpeg can do; looked up once. */
  getCapabilities(): Promise<MediaCapabilities> {
    this.capabilities ??= this.deps.library.findTool('ffmpeg').then(
      (ffmpeg) => detectCapabilities(ffmpeg),
      (error: unknown) => {
        this.capabilities = undefined;
        const message = error instanceof AppError ? error.message : 'ffmpeg was not found.';
        return { ffmpegVersion: null, stabilise: null, captions: false, notes: [message] };
      },
    );
    return this.capabilities;
  }

  /** Checks the request against the library and ffmpeg now, so a render that cannot work fails here, not in the background. */
  async start(workspaceId: string, request: RenderRequest): Promise<RenderStatus> {
    await this.deps.library.findTool('ffmpeg');
    const inputs = this.inputsOf(workspaceId, request);
    const capabilities = await this.getCapabilities();
    this.withWorkDir(workspaceId, (workDir) => planRender(request, inputs, { workDir, fontsDir: this.fontsDir, capabilities }));
    const db = this.deps.workspaces.db(workspaceId);
    const job = this.deps.scheduler.enqueue(workspaceId, {
      kind: RENDER_JOB,
      payload: { request } satisfies RenderPayload,
      runAt: this.deps.clock.now(),
      idempotencyKey: `render:${this.deps.ids('render')}`,
      // A second attempt only after a crash mid-render; ffmpeg's own failures are not retried.
      maxAttempts: 2,
    });
    db.write((orm) => orm.insert(mediaRenders).values({ id: job.id }).run());
    const status = this.status(workspaceId, job);
    this.deps.events.emit('media.renderChanged', { workspaceId, render: status });
    return status;
  }

  list(workspaceId: string): RenderStatus[] {
    const renders = this.deps.scheduler.queue(workspaceId).list({ kind: RENDER_JOB, limit: LISTED, newestFirst: true });
    const results = this.resultsOf(workspaceId, renders.map((r) => r.id));
    return renders.map((job) => this.toStatus(workspaceId, job, results.get(job.id)));
  }

  get(workspaceId: string, renderId: string): RenderStatus {
    const job = this.deps.scheduler.queue(workspaceId).get(renderId);
    if (!job || job.kind !== RENDER_JOB) throw new AppError('NotFound', `There is no render with id ${renderId} in this workspace.`);
    return this.status(workspaceId, job);
  }

  /** Stops a queued or running render. A render already done is left as it is. */
  cancel(workspaceId: string, renderId: string): RenderStatus {
    const current = this.get(workspaceId, renderId);
    if (current.state === 'succeeded' || current.state === 'failed') {
      throw new AppError('Conflict', `This render has already ${current.state === 'succeeded' ? 'finished' : 'failed'}; there is nothing to cancel.`);
    }
    const job = this.deps.scheduler.cancel(workspaceId, renderId);
    return this.status(workspaceId, job);
  }

  /** Told by the scheduler after every change to a render job. */
  jobChanged(workspaceId: string, job: Job): void {
    if (job.kind !== RENDER_JOB) return;
    this.deps.events.emit('media.renderChanged', { workspaceId, render: this.status(workspaceId, job) });
  }

  private async run(ctx: JobContext<RenderPayload>): Promise<void> {
    const { workspaceId, job } = ctx;
    const { request } = ctx.payload;
    const db = this.deps.workspaces.db(workspaceId);
    db.write((orm) => orm.update(mediaRenders).set({ startedAt: this.deps.clock.now().toISOString() }).where(eq(mediaRenders.id, job.id)).run());
    const ffmpeg = await this.deps.library.findTool('ffmpeg');
    const inputs = this.inputsOf(workspaceId, request);
    const capabilities = await this.getCapabilities();
    const key = `${workspaceId}/${job.id}`;
    let lastBeat = 0;
    await this.withWorkDirAsync(workspaceId, async (workDir) => {
      const plan = planRender(request, inputs, { workDir, fontsDir: this.fontsDir, capabilities });
      const outFile = path.join(workDir, `output.${plan.outputExt}`);
      try {
        await runRender(ffmpeg, plan, outFile, {
          signal: ctx.signal,
          onProgress: (p) => {
            this.live.set(key, p);
            ctx.progress(p.fraction * 100);
            const now = Date.now();
            if (now - lastBeat >= HEARTBEAT_MS) {
              lastBeat = now;
              ctx.heartbeat(); // a cancel from another process shows up here as a lost lease
            }
          },
        });
      } finally {
        this.live.delete(key);
      }
      if (ctx.signal.aborted) throw new AppError('Cancelled', 'The render was cancelled.');
      const first = inputs.values().next().value as RenderInput & { fileName: string };
      const item = await this.deps.library.addDerived(workspaceId, {
        file: outFile,
        fileName: `${path.parse(first.fileName).name}-${request.kind}.${plan.outputExt}`,
        lineage: { renderId: job.id, sourceIds: [...inputs.keys()], request },
      });
      db.write((orm) =>
        orm.update(mediaRenders).set({ outputMediaId: item.id, finishedAt: this.deps.clock.now().toISOString() }).where(eq(mediaRenders.id, job.id)).run(),
      );
      log.info('render finished', { workspaceId, renderId: job.id, kind: request.kind, mediaId: item.id });
    });
  }

  /** The items a request reads, each checked to exist and to be the right kind. */
  private inputsOf(workspaceId: string, request: RenderRequest): Map<string, RenderInput & { fileName: string }> {
    const inputs = new Map<string, RenderInput & { fileName: string }>();
    for (const source of sourcesOf(request)) {
      let item: MediaItem;
      try {
        item = this.deps.library.get(workspaceId, source.id);
      } catch (error) {
        if (error instanceof AppError && error.name === 'NotFound') {
          throw new AppError('NotFound', `${capitalise(source.role)} (${source.id}) is not in this workspace's media library any more. Choose another.`);
        }
        throw error;
      }
      if (!source.kinds.includes(item.kind)) {
        throw new AppError('ValidationError', `${capitalise(source.role)} must be ${source.kinds.map((k) => KIND_WORDS[k]).join(' or ')}; "${item.fileName}" is ${KIND_WORDS[item.kind]}.`);
      }
      const file = this.deps.library.storedFile(workspaceId, item.storedPath);
      if (!fs.existsSync(file)) throw new AppError('NotFound', `The file of "${item.fileName}" is missing from the media folder. Remove it and add it again.`);
      inputs.set(item.id, {
        id: item.id,
        file,
        fileName: item.fileName,
        kind: item.kind,
        width: item.width,
        height: item.height,
        durationSeconds: item.durationSeconds,
        frameRate: item.frameRate,
        hasAudio: item.audioCodec !== null,
        hasVideo: item.kind !== 'audio',
      });
    }
    return inputs;
  }

  /** A private folder inside the media folder (same disk: the output is moved, not copied), removed afterwards whatever happens. */
  private makeWorkDir(workspaceId: string): string {
    const mediaDir = path.dirname(this.deps.library.uploadDir(workspaceId));
    fs.mkdirSync(mediaDir, { recursive: true, mode: 0o700 });
    return fs.mkdtempSync(path.join(mediaDir, '.incoming-render-'));
  }

  private withWorkDir<T>(workspaceId: string, fn: (workDir: string) => T): T {
    const workDir = this.makeWorkDir(workspaceId);
    try {
      return fn(workDir);
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }

  private async withWorkDirAsync<T>(workspaceId: string, fn: (workDir: string) => Promise<T>): Promise<T> {
    const workDir = this.makeWorkDir(workspaceId);
    try {
      return await fn(workDir);
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }

  private status(workspaceId: string, job: Job): RenderStatus {
    return this.toStatus(workspaceId, job, this.resultsOf(workspaceId, [job.id]).get(job.id));
  }

  private resultsOf(workspaceId: string, ids: string[]): Map<string, typeof mediaRenders.$inferSelect> {
    if (ids.length === 0) return new Map();
    const rows = this.deps.workspaces.db(workspaceId).orm.select().from(mediaRenders).where(inArray(mediaRenders.id, ids)).all();
    return new Map(rows.map((r) => [r.id, r]));
  }

  private toStatus(workspaceId: string, job: Job, result: typeof mediaRenders.$inferSelect | undefined): RenderStatus {
    const { request } = job.payload as RenderPayload;
    const state = renderState(job.state);
    const live = state === 'running' ? this.live.get(`${workspaceId}/${job.id}`) : undefined;
    return {
      id: job.id,
      kind: request.kind,
      request,
      state,
      progress: state === 'succeeded' ? 1 : (live?.fraction ?? (job.progress === null ? null : job.progress / 100)),
      etaSeconds: live?.etaSeconds ?? null,
      speed: live?.speed ?? null,
      outputMediaId: result?.outputMediaId ?? null,
      error: state === 'failed' && job.lastErrorMessage ? { name: job.lastErrorName ?? 'Internal', message: job.lastErrorMessage } : null,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
    };
  }
}

function renderState(state: Job['state']): RenderState {
  if (state === 'needs_attention') return 'failed';
  return state;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
