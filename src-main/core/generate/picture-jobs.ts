import type { Generation, GenerationParams, Usage } from '../../../src-shared/ai';
import type { MediaLineage } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { EventBus } from '../events';
import type { JobContext, Scheduler } from '../jobs/scheduler';
import type { MediaLibrary } from '../media/library';
import type { Clock } from '../platform/clock';
import { createLogger } from '../platform/logger';
import { sleep } from '../platform/sleep';
import { readEdit } from './edit-source';
import type { GenerationHistory } from './history';
import { imageCost } from './pricing';
import type { AiProviders } from './providers';
import { slug, storeGenerated } from './store-output';
import { endingOf } from './ending';

const log = createLogger('studio-pictures');
export const PICTURE_JOB = 'studio.pictures';
/** How often a running picture job renews its lease, which is also how it learns of a cancel from another process. */
const DEFAULT_LEASE_CHECK_MS = 2000;
/** How often a caller whose job another process took looks at the history row. */
const WAIT_POLL_MS = 250;

interface PicturePayload {
  generationId: string;
}

export interface PictureJobsDeps {
  scheduler: Scheduler;
  history: GenerationHistory;
  providers: AiProviders;
  media: MediaLibrary;
  clock: Clock;
  events: EventBus;
  leaseCheckMs?: number;
}

/**
 * Pictures (new or edits) are made by a background job, one per generation: one request for all
 * `count` pictures, so there is no honest percentage while the provider works (progress stays
 * null). The caller runs its own job at once and waits, so `studio.generateImage` still answers
 * with the finished row. Cancel stops it here at once, in another process within a lease check.
 * One attempt only: a job whose process died is not sent again (that would pay twice); its
 * lease runs out and the row ends failed (see `settleAbandoned`).
 */
export class PictureJobs {
  /** The error a job made here ended with, whole (details like retryAfterSeconds), for the caller that waits on it. */
  private readonly failures = new Map<string, AppError>();

  constructor(private readonly deps: PictureJobsDeps) {
    deps.scheduler.register<PicturePayload>(PICTURE_JOB, (ctx) => this.run(ctx));
  }

  /**
   * Queues the job of a row already in the history and makes it here; resolves with the row as
   * it ended, with the error it failed with when it was made in this process.
   */
  async makeNow(workspaceId: string, generationId: string): Promise<{ generation: Generation; error: AppError | null }> {
    const job = this.deps.scheduler.enqueue(workspaceId, {
      kind: PICTURE_JOB,
      payload: { generationId } satisfies PicturePayload,
      runAt: this.deps.clock.now(),
      idempotencyKey: `pictures:${generationId}`,
      maxAttempts: 1,
    });
    this.changed(workspaceId, this.deps.history.update(workspaceId, generationId, { jobId: job.id }));
    // Another process's scheduler may have taken it first: then its row is followed until it ends.
    if (!(await this.deps.scheduler.runNow(workspaceId, job.id))) {
      for (;;) {
        const g = this.settleAbandoned(workspaceId, this.deps.history.get(workspaceId, generationId));
        if (g.state !== 'running') break;
        await sleep(WAIT_POLL_MS);
      }
    }
    const error = this.failures.get(generationId) ?? null;
    this.failures.delete(generationId);
    return { generation: this.deps.history.get(workspaceId, generationId), error };
  }

  /** Stops the job wherever it runs; the row says cancelled at once. */
  cancel(workspaceId: string, g: Generation): Generation {
    if (g.jobId) {
      const job = this.deps.scheduler.queue(workspaceId).get(g.jobId);
      if (job && (job.state === 'queued' || job.state === 'running')) this.deps.scheduler.cancel(workspaceId, g.jobId);
    }
    const now = this.deps.history.get(workspaceId, g.id);
    if (now.state !== 'running') return now;
    return this.changed(workspaceId, this.deps.history.update(workspaceId, g.id, { state: 'cancelled', finishedAt: this.deps.clock.now().toISOString() }));
  }

  /**
   * A running row of a job-made kind (pictures, video) whose job ended without ending it, or
   * whose worker's lease ran out with no attempt left (the process died): ends it failed, or
   * cancelled, so nothing stays "running" forever. Cheap for rows that are fine.
   */
  settleAbandoned(workspaceId: string, g: Generation): Generation {
    if (g.state !== 'running' || !g.jobId) return g;
    const job = this.deps.scheduler.queue(workspaceId).get(g.jobId);
    const now = this.deps.clock.now();
    const leaseGone = job?.state === 'running' && job.attempts >= job.maxAttempts && job.leaseExpiresAt !== null && job.leaseExpiresAt <= now.toISOString();
    if (job && !leaseGone && (job.state === 'queued' || job.state === 'running')) return g;
    const finishedAt = now.toISOString();
    if (job?.state === 'cancelled') return this.changed(workspaceId, this.deps.history.update(workspaceId, g.id, { state: 'cancelled', finishedAt }));
    const message = `The PromoGPT process making this stopped before it finished (it quit or crashed), so it was not sent again. Run it again to try once more.`;
    log.warn('generation abandoned by its process', { workspaceId, generationId: g.id, jobId: g.jobId, jobState: job?.state ?? 'missing' });
    return this.changed(workspaceId, this.deps.history.update(workspaceId, g.id, { state: 'failed', error: { name: 'Transient', message, reason: 'abandoned' }, finishedAt }));
  }

  private async run(ctx: JobContext<PicturePayload>): Promise<void> {
    const { workspaceId, signal } = ctx;
    const { history } = this.deps;
    const g = history.get(workspaceId, ctx.payload.generationId);
    if (g.state !== 'running' || g.params.kind !== 'image') return;
    const params: Extract<GenerationParams, { kind: 'image' }> = g.params;
    const mediaIds: string[] = [];
    let usage: Usage | null = null;
    let cost: number | null = null;
    // The lease is renewed while the provider works; a cancel from another process drops it, and the renewal aborts the request.
    const beat = setInterval(() => ctx.heartbeat(), this.deps.leaseCheckMs ?? DEFAULT_LEASE_CHECK_MS);
    try {
      // Checked again now: local-only may have been turned on since the row was written.
      const { provider, info } = await this.deps.providers.open(workspaceId, g.providerId);
      // A re-run reads the same library items again (checked again: one may have gone since).
      const edit = params.edit ? readEdit(this.deps.media, workspaceId, params.edit) : null;
      const request = { model: g.model, prompt: params.prompt, size: params.size, count: params.count };
      const made = edit
        ? await provider.editImage({ ...request, image: edit.image, ...(edit.maskFile ? { mask: edit.maskFile } : {}) }, { signal })
        : await provider.generateImages(request, { signal });
      usage = made.usage;
      if (made.images.length === 0) throw new AppError('PlatformRejected', `Provider "${info.name}" answered without any picture. Try again, or check that ${g.model} makes pictures.`);
      cost = info.local ? 0 : imageCost(g.model, made.images.length);
      const lineage: MediaLineage | null = edit
        ? {
            renderId: g.id,
            sourceIds: [edit.source.id, ...(edit.mask ? [edit.mask.id] : [])],
            request: { kind: 'ai-edit', generationId: g.id, prompt: params.prompt, providerName: info.name, model: g.model, size: params.size, masked: edit.mask !== null },
          }
        : null;
      const stem = edit ? `ai-edit-${slug(params.prompt)}` : `ai-${slug(params.prompt)}`;
      for (const [n, bytes] of made.images.entries()) {
        const item = await storeGenerated(this.deps.media, workspaceId, bytes, `${stem}${made.images.length > 1 ? `-${n + 1}` : ''}.png`, edit ? ['ai-generated', 'ai-edited'] : ['ai-generated'], lineage);
        mediaIds.push(item.id);
        this.changed(workspaceId, history.update(workspaceId, g.id, { mediaIds, usage, estimatedCostUsd: cost }));
      }
      // Cancelled from elsewhere while storing: the row says so, the pictures stay in the library.
      if (!ctx.heartbeat()) throw new AppError('Cancelled', 'The pictures were cancelled.');
      this.changed(workspaceId, history.update(workspaceId, g.id, { state: 'succeeded', mediaIds, usage, estimatedCostUsd: cost, finishedAt: this.deps.clock.now().toISOString() }));
      log.info('pictures made', { workspaceId, generationId: g.id, count: mediaIds.length, edit: edit !== null });
    } catch (caught) {
      const { cancelled, error, ended } = endingOf(caught, signal, 'The pictures');
      this.changed(workspaceId, history.update(workspaceId, g.id, { ...ended, mediaIds, usage, estimatedCostUsd: cost, finishedAt: this.deps.clock.now().toISOString() }));
      if (cancelled) throw new AppError('Cancelled', 'The pictures were cancelled.');
      this.failures.set(g.id, error);
      throw error;
    } finally {
      clearInterval(beat);
    }
  }

  private changed(workspaceId: string, generation: Generation): Generation {
    this.deps.events.emit('studio.changed', { workspaceId, generation });
    return generation;
  }
}
