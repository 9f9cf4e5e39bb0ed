import type { AiProvider, BrandVoice, Generation, GenerationKind, GenerationParams, PromptPreview, RewriteStyle, TextAction, TextVariant, Usage, VideoSeconds } from '../../../src-shared/ai';
import { hashtagMessages, rewriteMessages, threadMessages, threadRetryMessages, translateMessages } from './action-prompts';
import { sameWords, stringArray } from './json-answer';
import { bannedWordIssues } from './banned-words';
import { threadBreakIssues } from './thread-breaks';
import { assertUnderMonthlyCap } from './monthly-cap';
import { endingOf } from './ending';
import { AppError } from '../../../src-shared/errors';
import type { Platform } from '../../../src-shared/platforms/platform';
import { textCounter, validatePost } from '../../../src-shared/platforms/rules';
import type { EventBus } from '../events';
import type { MediaLibrary } from '../media/library';
import { assertVideo } from '../media/captions';
import { speechAudio } from '../media/speech-audio';
import type { Clock } from '../platform/clock';
import type { IdGenerator } from '../platform/ids';
import { createLogger } from '../platform/logger';
import type { Workspaces } from '../workspace/workspaces';
import { checkEdit } from './edit-source';
import { refusedAnswer } from './errors';
import type { GenerationHistory } from './history';
import { speechCost, textCost, transcriptionCost } from './pricing';
import { shortenMessages, variantMessages } from './prompts';
import type { AiProviders } from './providers';
import type { ChatMessage, Provider } from './provider';
import { slug, storeGenerated } from './store-output';
import type { PictureJobs } from './picture-jobs';
import type { VideoJobs } from './video-jobs';

const log = createLogger('studio');
const LENGTH_RULES = new Set(['text-length', 'text-bytes']);

export interface StudioDeps {
  workspaces: Workspaces;
  providers: AiProviders;
  history: GenerationHistory;
  media: MediaLibrary;
  clock: Clock;
  ids: IdGenerator;
  events: EventBus;
  videos: VideoJobs;
  pictures: PictureJobs;
}

export interface VideoInput {
  provider?: string;
  prompt: string;
  seconds: VideoSeconds;
  size: string;
}

export interface TextInput {
  provider?: string;
  brief: string;
  platforms: Platform[];
  variations: number;
  temperature?: number;
  seed?: number;
}
/** Work on a given text for one platform: rewrite, translate, split into a thread, suggest hashtags. */
export interface TextActionInput {
  provider?: string;
  action: TextAction;
  text: string;
  platform: Platform;
  style?: RewriteStyle;
  language?: string;
}
export interface ImageInput {
  provider?: string;
  prompt: string;
  size: string;
  count: number;
}
/** A library picture changed by a prompt, with an optional mask picture (PNG with transparency). */
export interface ImageEditInput {
  provider?: string;
  prompt: string;
  mediaId: string;
  maskMediaId?: string;
  size: string;
  count: number;
}
export interface TranscribeInput {
  provider?: string;
  mediaId: string;
  lang: string;
}
export interface SpeechInput {
  provider?: string;
  text: string;
  voice: string;
  format: 'wav' | 'mp3';
}

interface RunSpec {
  provider: string | undefined;
  model?: string;
  params: GenerationParams;
  brandVoice: BrandVoice | null;
  rerunOf: string | null;
}

/** What one run has so far; saved as it grows so a cancel or a failure keeps it. */
interface Run {
  workspaceId: string;
  id: string;
  info: AiProvider;
  provider: Provider;
  model: string;
  signal: AbortSignal;
  variants: TextVariant[];
  mediaIds: string[];
  usage: Usage | null;
  cost: number | null;
}

/**
 * The AI Studio: text per platform (streamed, checked with the composer's rules), pictures and
 * speech into the media library. Each request is a history row first, so the prompt is never
 * lost; a cancel keeps the text that came.
 */
export class Studio {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly deps: StudioDeps) {}

  generateText(workspaceId: string, input: TextInput): Promise<Generation> {
    const { provider, ...rest } = input;
    const params: GenerationParams = { kind: 'text', ...rest };
    return this.run(workspaceId, { provider, params, brandVoice: this.deps.providers.settings(workspaceId).brandVoice, rerunOf: null });
  }

  /** A text action is a text generation like any other: history, re-run, cost, streaming. */
  textAction(workspaceId: string, input: TextActionInput): Promise<Generation> {
    const { provider, action, text, platform, style, language } = input;
    if (action === 'rewrite' && !style) throw new AppError('ValidationError', 'Say how to rewrite it: shorter, punchier or formal.');
    if (action === 'translate' && !language) throw new AppError('ValidationError', 'Say which language to translate into, as a tag like de, fr or pt-BR.');
    const params: GenerationParams = { kind: 'text', brief: text, platforms: [platform], variations: 1, action, ...(action === 'rewrite' ? { style } : {}), ...(action === 'translate' ? { language } : {}) };
    return this.run(workspaceId, { provider, params, brandVoice: this.deps.providers.settings(workspaceId).brandVoice, rerunOf: null });
  }

  /** The exact messages a text generation would send now (same builder as the real run); nothing is sent or stored. */
  previewText(workspaceId: string, input: { brief: string; platforms: Platform[]; variations: number }): PromptPreview[] {
    const voice = this.deps.providers.settings(workspaceId).brandVoice;
    return input.platforms.flatMap((platform) =>
      Array.from({ length: input.variations }, (_, index) => ({ platform, index, messages: variantMessages(platform, input.brief, voice, index, input.variations) })),
    );
  }

  generateImage(workspaceId: string, input: ImageInput): Promise<Generation> {
    const { provider, ...rest } = input;
    return this.run(workspaceId, { provider, params: { kind: 'image', ...rest }, brandVoice: null, rerunOf: null });
  }

  /** Edits a library picture; the new pictures' lineage points at it (and the mask). */
  editImage(workspaceId: string, input: ImageEditInput): Promise<Generation> {
    const { provider, mediaId, maskMediaId, ...rest } = input;
    const edit = { mediaId, ...(maskMediaId ? { maskMediaId } : {}) };
    // Refused before anything is recorded or sent: an unknown item, not a picture, a bad mask.
    checkEdit(this.deps.media, workspaceId, edit);
    return this.run(workspaceId, { provider, params: { kind: 'image', ...rest, edit }, brandVoice: null, rerunOf: null });
  }

  generateSpeech(workspaceId: string, input: SpeechInput): Promise<Generation> {
    const { provider, ...rest } = input;
    return this.run(workspaceId, { provider, params: { kind: 'speech', ...rest }, brandVoice: null, rerunOf: null });
  }

  /** Captions for a library video, kept with it as its captions file in `lang`. */
  transcribe(workspaceId: string, input: TranscribeInput): Promise<Generation> {
    const { provider, mediaId, lang } = input;
    // Refused before anything is recorded or sent: an unknown item, a picture or audio.
    assertVideo(this.deps.media.get(workspaceId, mediaId));
    return this.run(workspaceId, { provider, params: { kind: 'transcription', mediaId, lang }, brandVoice: null, rerunOf: null });
  }

  /** Queues a video: it is made in the background (a job), and the generation says how far it is. */
  generateVideo(workspaceId: string, input: VideoInput): Promise<Generation> {
    const { provider, ...rest } = input;
    return this.run(workspaceId, { provider, params: { kind: 'video', ...rest }, brandVoice: null, rerunOf: null });
  }

  /** Sends the same request again: same provider, model, parameters and brand-voice snapshot. */
  rerun(workspaceId: string, generationId: string): Promise<Generation> {
    const g = this.deps.history.get(workspaceId, generationId);
    if (g.params.kind === 'sentiment') throw new AppError('ValidationError', 'A comment sentiment run is not re-run from the Studio: score the comments again with `promogpt analytics sentiment --ai --again` or Analytics → Comments.');
    return this.run(workspaceId, { provider: g.providerId, model: g.model, params: g.params, brandVoice: g.brandVoice, rerunOf: g.id });
  }

  /** Stops a running generation; what came so far stays in its history row. */
  cancel(workspaceId: string, generationId: string): Generation {
    const g = this.deps.history.get(workspaceId, generationId);
    if (g.kind === 'video' && g.state === 'running') return this.deps.videos.cancel(workspaceId, g);
    if (g.kind === 'image' && g.state === 'running' && g.jobId) return this.deps.pictures.cancel(workspaceId, g);
    const controller = this.running.get(`${workspaceId}/${generationId}`);
    if (!controller) {
      if (g.state === 'running') throw new AppError('Conflict', 'This generation is running in another PromoGPT process (the app or a CLI command): stop it there.');
      throw new AppError('Conflict', `This generation has already ${g.state === 'succeeded' ? 'finished' : g.state}; there is nothing to stop.`);
    }
    controller.abort();
    return g;
  }

  /** Rows of job-made kinds whose process died are ended as they are read (see PictureJobs.settleAbandoned). */
  list(workspaceId: string, opts: { kind?: GenerationKind; limit?: number; search?: string } = {}): Generation[] {
    return this.deps.history.list(workspaceId, opts).map((g) => this.deps.pictures.settleAbandoned(workspaceId, g));
  }

  get(workspaceId: string, id: string): Generation {
    return this.deps.pictures.settleAbandoned(workspaceId, this.deps.history.get(workspaceId, id));
  }

  private async run(workspaceId: string, spec: RunSpec): Promise<Generation> {
    const begun = await this.begin(workspaceId, spec);
    return begun.kind === 'image' && begun.state === 'running' ? this.pictures(workspaceId, begun.id) : begun;
  }

  /** Writes the row, checks the provider and the cap, and makes text, speech or captions; a picture or video row is handed on running. */
  private async begin(workspaceId: string, spec: RunSpec): Promise<Generation> {
    const info = this.pick(workspaceId, spec.provider);
    const model = spec.model ?? modelFor(info, spec.params.kind);
    const id = this.deps.ids('gen');
    const controller = new AbortController();
    const key = `${workspaceId}/${id}`;
    this.running.set(key, controller);
    const started = this.deps.history.start(workspaceId, { id, kind: spec.params.kind, provider: info, model, params: spec.params, brandVoice: spec.brandVoice, rerunOf: spec.rerunOf, startedAt: this.now() });
    this.changed(workspaceId, started);
    const run: Omit<Run, 'provider'> & { provider?: Provider } = { workspaceId, id, info, model, signal: controller.signal, variants: [], mediaIds: [], usage: null, cost: info.local ? 0 : null };
    try {
      // Both checks run here, after the row exists: a refused request still keeps its prompt.
      run.provider = (await this.deps.providers.open(workspaceId, info.id)).provider;
      assertUnderMonthlyCap(this.deps, workspaceId, info);
      const ready = run as Run;
      // A video goes on as a job; its row stays running until the job ends it.
      if (spec.params.kind === 'video') return this.deps.videos.enqueue(workspaceId, id);
      // Pictures are a job too, made at once by run() (the job ends its own row); one stopped during the checks ends below.
      if (spec.params.kind === 'image' && !controller.signal.aborted) return started;
      if (spec.params.kind === 'text') await this.text(ready, spec.params, spec.brandVoice);
      else if (spec.params.kind === 'speech') await this.speech(ready, spec.params);
      else if (spec.params.kind === 'transcription') await this.transcription(ready, spec.params);
      const state = controller.signal.aborted ? 'cancelled' : 'succeeded';
      const done = this.deps.history.update(workspaceId, id, { ...this.saved(run), state, finishedAt: this.now() });
      this.changed(workspaceId, done);
      log.info('generation ended', { workspaceId, generationId: id, kind: spec.params.kind, state, local: info.local });
      return done;
    } catch (caught) {
      const { cancelled, error, ended: how } = endingOf(caught, controller.signal, 'The generation');
      const ended = this.deps.history.update(workspaceId, id, { ...this.saved(run), ...how, finishedAt: this.now() });
      this.changed(workspaceId, ended);
      if (cancelled) return ended;
      log.warn('generation failed', { workspaceId, generationId: id, error: error.name, reason: how.error?.reason });
      throw new AppError(error.name, error.message, { ...error.details, generationId: id });
    } finally {
      this.running.delete(key);
    }
  }

  /** Pictures: the job makes them here and ends the row; a failure is thrown as the other kinds throw it. */
  private async pictures(workspaceId: string, id: string): Promise<Generation> {
    const { generation, error } = await this.deps.pictures.makeNow(workspaceId, id);
    if (generation.state !== 'failed') return generation;
    if (error) throw new AppError(error.name, error.message, { ...error.details, generationId: id });
    // Made (and failed) in another process: the row has what it said.
    const saved = generation.error ?? { name: 'Internal', message: 'The pictures failed without saying why. Try again.' };
    throw new AppError(saved.name as 'Internal', saved.message, { ...(saved.reason ? { reason: saved.reason } : {}), generationId: id });
  }

  private async text(run: Run, params: Extract<GenerationParams, { kind: 'text' }>, voice: BrandVoice | null): Promise<void> {
    if (params.action === 'thread') return this.thread(run, params.platforms[0]!, params.brief, voice);
    if (params.action === 'hashtags') return this.hashtags(run, params.platforms[0]!, params.brief, voice);
    for (const platform of params.platforms) {
      for (let index = 0; index < params.variations; index++) {
        if (run.signal.aborted) return;
        const messages =
          params.action === 'rewrite'
            ? rewriteMessages(platform, params.brief, params.style ?? 'shorter', voice)
            : params.action === 'translate'
              ? translateMessages(platform, params.brief, params.language ?? 'en', voice)
              : variantMessages(platform, params.brief, voice, index, params.variations);
        const first = await this.stream(run, platform, index, messages, params);
        let variant = judge(platform, index, first.text, first.partial, false, voice);
        const over = variant.issues.find((i) => i.severity === 'error' && LENGTH_RULES.has(i.rule));
        // Too long: ask once more with the exact overrun. Never cut the text ourselves.
        if (over && !variant.partial && !run.signal.aborted) {
          const counter = textCounter(platform, first.text);
          this.deps.events.emit('studio.delta', { workspaceId: run.workspaceId, generationId: run.id, platform, index, delta: '', restart: true });
          const again = await this.stream(run, platform, index, shortenMessages(messages, first.text, platform, counter.used, counter.limit, counter.unit), params);
          variant = judge(platform, index, again.text, again.partial, true, voice);
        }
        run.variants.push(variant);
        this.save(run);
      }
    }
  }

  /**
   * A thread: the model splits (a JSON array), each part is checked with the platform's rules;
   * parts over the limit (or an answer that is no array) are asked again once, then flagged.
   */
  private async thread(run: Run, platform: Platform, source: string, voice: BrandVoice | null): Promise<void> {
    const messages = threadMessages(platform, source, voice);
    const first = await this.stream(run, platform, 0, messages, {});
    let parts = stringArray(first.text);
    let judged = parts?.map((p, n) => judge(platform, n, p, first.partial, false, voice)) ?? null;
    const over = (judged ?? []).flatMap((v, n) => (v.issues.some((i) => i.severity === 'error' && LENGTH_RULES.has(i.rule)) ? [{ part: n + 1, ...textCounter(platform, v.text) }] : []));
    if ((!judged || over.length) && !first.partial && !run.signal.aborted) {
      this.deps.events.emit('studio.delta', { workspaceId: run.workspaceId, generationId: run.id, platform, index: 0, delta: '', restart: true });
      const retry = judged
        ? threadRetryMessages(messages, first.text, over, platform)
        : [...messages, { role: 'assistant' as const, content: first.text }, { role: 'user' as const, content: 'That was not a JSON array of strings. Answer with the JSON array only, one string per post.' }];
      const again = await this.stream(run, platform, 0, retry, {});
      parts = stringArray(again.text);
      judged = parts?.map((p, n) => judge(platform, n, p, again.partial, true, voice)) ?? null;
    }
    if (!judged || !parts) {
      throw new AppError('PlatformRejected', `Provider "${run.info.name}" did not answer with the thread as a JSON array of posts, even when asked again. Try again, or a stronger text model.`, { reason: 'bad_answer' });
    }
    threadBreakIssues(platform, parts).forEach((issues, n) => judged[n]!.issues.push(...issues));
    // A split keeps the words; if the model changed them, say so on the first part.
    if (!sameWords(parts.join(' '), source)) {
      judged[0]!.issues.push({ platform, field: 'text', rule: 'thread-changed', severity: 'warning', message: 'The parts are not exactly your text: the model changed some words while splitting. Read it before posting.' });
    }
    run.variants.push(...judged);
    this.save(run);
  }

  /** Hashtag suggestions: a list to pick from, never put into a post. */
  private async hashtags(run: Run, platform: Platform, source: string, voice: BrandVoice | null): Promise<void> {
    const answer = await this.stream(run, platform, 0, hashtagMessages(platform, source, voice), {});
    const list = stringArray(answer.text);
    if (!list) throw new AppError('PlatformRejected', `Provider "${run.info.name}" did not answer with a JSON array of hashtags. Try again.`, { reason: 'bad_answer' });
    const tags = [...new Set(list.map((t) => (t.startsWith('#') ? t : `#${t}`)).filter((t) => /^#[\p{L}\p{N}_]+$/u.test(t)))];
    run.variants.push({ platform, index: 0, text: tags.join(' '), issues: [], fits: true, shortened: false, partial: answer.partial, hashtags: tags });
    this.save(run);
  }

  /** One streamed answer; deltas go out as events. Text that came before a failure is kept as a partial variant. */
  private async stream(run: Run, platform: Platform, index: number, messages: ChatMessage[], params: { temperature?: number; seed?: number }): Promise<{ text: string; partial: boolean }> {
    let text = '';
    try {
      const result = await run.provider.chat(
        {
          model: run.model,
          messages,
          ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
          ...(params.seed !== undefined ? { seed: params.seed } : {}),
        },
        {
          signal: run.signal,
          onDelta: (delta) => {
            text += delta;
            this.deps.events.emit('studio.delta', { workspaceId: run.workspaceId, generationId: run.id, platform, index, delta });
          },
        },
      );
      this.addUsage(run, result.usage);
      if (result.refusal || result.finishReason === 'content_filter') throw refusedAnswer(run.info.name, result.refusal ?? 'its content filter stopped the answer');
      return { text: result.text, partial: result.finishReason === 'cancelled' || result.finishReason === 'length' };
    } catch (error) {
      if (text) {
        run.variants.push(judge(platform, index, text, true, false));
        this.save(run);
      }
      throw error;
    }
  }

  private async speech(run: Run, params: Extract<GenerationParams, { kind: 'speech' }>): Promise<void> {
    const bytes = await run.provider.speech({ model: run.model, text: params.text, voice: params.voice, format: params.format }, { signal: run.signal });
    if (!run.info.local) run.cost = speechCost(run.model, params.text.length);
    await this.store(run, bytes, `ai-speech-${slug(params.text)}.${params.format}`, ['ai-generated', 'voiceover']);
  }

  /**
   * The item's sound as small mono MP3, sent for WebVTT (timed text); what comes back is parsed
   * like an imported captions file, so a server that answers without timings is refused.
   */
  private async transcription(run: Run, params: Extract<GenerationParams, { kind: 'transcription' }>): Promise<void> {
    const item = this.deps.media.get(run.workspaceId, params.mediaId);
    const audio = await speechAudio(this.deps.media, run.workspaceId, item, run.signal);
    const vtt = await run.provider.transcribe({ model: run.model, file: audio, fileName: 'speech.mp3', language: params.lang.split('-')[0] as string, format: 'vtt' }, { signal: run.signal });
    if (!/^\uFEFF?WEBVTT/.test(vtt.text)) {
      throw new AppError('PlatformRejected', `Provider "${run.info.name}" answered with text but no timings, so it cannot become captions. Use a transcription server that returns WebVTT (response_format vtt), such as OpenAI's whisper-1 or a whisper.cpp server.`, {
        reason: 'no_timings',
      });
    }
    this.deps.media.setCaptions(run.workspaceId, item.id, params.lang, vtt.text);
    if (!run.info.local) run.cost = transcriptionCost(run.model, item.durationSeconds ?? 0);
    run.mediaIds.push(item.id);
    this.save(run);
  }

  /** Into the library; the history row links to the item. */
  private async store(run: Run, bytes: Buffer, fileName: string, tags: string[]): Promise<void> {
    const item = await storeGenerated(this.deps.media, run.workspaceId, bytes, fileName, tags);
    run.mediaIds.push(item.id);
    this.save(run);
  }

  private pick(workspaceId: string, ref: string | undefined): AiProvider {
    if (ref) return this.deps.providers.get(workspaceId, ref);
    const all = this.deps.providers.list(workspaceId);
    if (all.length === 1) return all[0]!;
    if (all.length === 0) throw new AppError('NotFound', 'This workspace has no AI provider yet. Add one with `promogpt provider add NAME --base-url URL --model MODEL` or in Settings → AI.');
    throw new AppError('ValidationError', `This workspace has ${all.length} AI providers (${all.map((p) => p.name).join(', ')}): say which one with --provider NAME.`);
  }


  private addUsage(run: Run, usage: Usage | null): void {
    if (!usage) return;
    const u = run.usage ?? { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
    run.usage = { promptTokens: u.promptTokens + usage.promptTokens, completionTokens: u.completionTokens + usage.completionTokens, totalTokens: u.totalTokens + usage.totalTokens };
    if (!run.info.local) run.cost = textCost(run.model, run.usage);
  }

  private saved(run: Pick<Run, 'variants' | 'mediaIds' | 'usage' | 'cost'>) {
    return { variants: run.variants, mediaIds: run.mediaIds, usage: run.usage, estimatedCostUsd: run.cost };
  }

  private save(run: Run): void {
    this.changed(run.workspaceId, this.deps.history.update(run.workspaceId, run.id, this.saved(run)));
  }

  private changed(workspaceId: string, generation: Generation): void {
    this.deps.events.emit('studio.changed', { workspaceId, generation });
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

function modelFor(info: AiProvider, kind: GenerationKind): string {
  const model = { text: info.textModel, image: info.imageModel, speech: info.speechModel, video: info.videoModel, transcription: info.transcriptionModel, sentiment: info.textModel }[kind];
  if (!model) {
    const flag = `--${kind}-model`;
    throw new AppError('ValidationError', `Provider "${info.name}" has no ${{ text: 'text', image: 'picture', speech: 'speech', video: 'video', transcription: 'transcription', sentiment: 'text' }[kind]} model. Set one with \`promogpt provider add ${info.name} --base-url ${info.baseUrl} --model ${info.textModel} ${flag} MODEL\` or in Settings → AI.`);
  }
  return model;
}

/** A variant with the composer's verdict on it, and the brand voice's banned words flagged. */
function judge(platform: Platform, index: number, text: string, partial: boolean, shortened: boolean, voice: BrandVoice | null = null): TextVariant {
  const trimmed = text.trim();
  const issues = [...validatePost(platform, { text: trimmed, media: [] }), ...bannedWordIssues(platform, trimmed, voice?.bannedWords ?? [])];
  return { platform, index, text: trimmed, issues, fits: !issues.some((i) => i.severity === 'error'), shortened, partial };
}
