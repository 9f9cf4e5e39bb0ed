import type { Generation, GenerationParams } from '../../../src-shared/ai';
import { AppError } from '../../../src-shared/errors';
import type { EventBus } from '../events';
import type { Job } from '../jobs/queue';
import type { JobContext, Scheduler } from '../jobs/scheduler';
import type { MediaLibrary } from '../media/library';
import type { Clock } from '../platform/clock';
import { createLogger } from '../platform/logger';
import { sleep } from '../platform/sleep';
import type { GenerationHistory } from './history';
import { videoCost } from './pricing';
import type { AiProviders } from './providers';
import { slug, storeGenerated } from './store-output';
import { endingOf } from './ending';

const log = createLogger('studio-video');
export const VIDEO_JOB = 'studio.video';
const DEFAULT_POLL_MS = 5000;

interface VideoPayload {
  generationId: string;
}

export interface VideoJobsDeps {
  scheduler: Scheduler;
  history: GenerationHistory;
  providers: AiProviders;
  media: MediaLibrary;
  clock: Clock;
  events: EventBus;
  /** How often the provider is asked how far the video is. */
  pollMs?: number;
}

/**
 * Videos take minutes: each is a background job that starts it at the provider, polls its
 * progress, and stores the MP4 in the library. The provider's video id is saved at once, so a
 * second attempt resumes it instead of paying for another.
 */
export class VideoJobs {
  constructor(private readonly deps: VideoJobsDeps) {
    deps.scheduler.register<VideoPayload>(VIDEO_JOB, (ctx) => this.run(ctx));
  }

  /** Queues the job of a generation already in the history (checked and recorded by the studio). */
  enqueue(workspaceId: string, generationId: string): Generation {
    const job = this.deps.scheduler.enqueue(workspaceId, {
      kind: VIDEO_JOB,
      payload: { generationId } satisfies VideoPayload,
      runAt: this.deps.clock.now(),
      idempotencyKey: `video:${generationId}`,
      maxAttempts: 1,
    });
    return this.changed(workspaceId, this.deps.history.update(workspaceId, generationId, { jobId: job.id, progress: 0 }));
  }

  /** Stops the job; a job not running in this process never starts, so the row ends now. */
  cancel(workspaceId: string, g: Generation): Generation {
    if (g.jobId) this.deps.scheduler.cancel(workspaceId, g.jobId);
    const now = this.deps.history.get(workspaceId, g.id);
    if (now.state !== 'running') return now;
    return this.changed(workspaceId, this.deps.history.update(workspaceId, g.id, { state: 'cancelled', finishedAt: this.deps.clock.now().toISOString() }));
  }

  /** Told by the scheduler after every change to a video job: nothing to add, the run reports itself. */
  jobChanged(_workspaceId: string, _job: Job): void {}

  private async run(ctx: JobContext<VideoPayload>): Promise<void> {
    const { workspaceId, signal } = ctx;
    const { history } = this.deps;
    const g = history.get(workspaceId, ctx.payload.generationId);
    if (g.state !== 'running' || g.params.kind !== 'video') return;
    const params: Extract<GenerationParams, { kind: 'video' }> = g.params;
    try {
      // Checked again now: local-only may have been turned on while it waited.
      const { provider, info } = await this.deps.providers.open(workspaceId, g.providerId);
      const { remoteId } = history.jobOf(workspaceId, g.id);
      let video = remoteId
        ? await provider.getVideo(remoteId, { signal })
        : await provider.createVideo({ model: g.model, prompt: params.prompt, seconds: params.seconds, size: params.size }, { signal });
      if (!remoteId) history.update(workspaceId, g.id, { remoteId: video.id });
      while (video.status === 'queued' || video.status === 'in_progress') {
        ctx.progress(video.progress);
        this.changed(workspaceId, history.update(workspaceId, g.id, { progress: video.progress }));
        await sleep(this.deps.pollMs ?? DEFAULT_POLL_MS, signal);
        ctx.heartbeat();
        video = await provider.getVideo(video.id, { signal });
      }
      if (video.status === 'failed') {
        throw new AppError('PlatformRejected', `Provider "${info.name}" could not make the video: ${video.error ?? 'no reason given'}. Change the prompt and try again.`, { reason: 'content_refused', providerReason: video.error });
      }
      const bytes = await provider.downloadVideo(video.id, { signal });
      const item = await storeGenerated(this.deps.media, workspaceId, bytes, `ai-video-${slug(params.prompt)}.mp4`, ['ai-generated']);
      const cost = info.local ? 0 : videoCost(g.model, Number(params.seconds));
      this.changed(workspaceId, history.update(workspaceId, g.id, { state: 'succeeded', mediaIds: [item.id], progress: 100, estimatedCostUsd: cost, finishedAt: this.deps.clock.now().toISOString() }));
      log.info('video made', { workspaceId, generationId: g.id, mediaId: item.id });
    } catch (caught) {
      const { cancelled, error, ended } = endingOf(caught, signal, 'The video');
      this.changed(workspaceId, history.update(workspaceId, g.id, { ...ended, finishedAt: this.deps.clock.now().toISOString() }));
      if (cancelled) throw new AppError('Cancelled', 'The video was cancelled.');
      throw error;
    }
  }

  private changed(workspaceId: string, generation: Generation): Generation {
    this.deps.events.emit('studio.changed', { workspaceId, generation });
    return generation;
  }
}
