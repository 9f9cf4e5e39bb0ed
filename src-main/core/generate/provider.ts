import OpenAI, { toFile } from 'openai';
import type { Usage } from '../../../src-shared/ai';
import { toAiError } from './errors';

// The one seam between PromoGPT and any OpenAI-compatible server. Everything else in the core
// (studio, and later "ask your data" and captions) talks to this interface, never to the SDK.

export interface ProviderConfig {
  /** For error messages: "provider "Local" …". */
  name: string;
  baseUrl: string;
  apiKey: string | null;
  timeoutMs: number;
  maxRetries: number;
  /** HTTP for the SDK; tests may route it. */
  fetch?: typeof fetch;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatTool {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  seed?: number;
  maxTokens?: number;
  tools?: ChatTool[];
}

export interface ChatResult {
  text: string;
  /** 'stop', 'length', 'content_filter', 'tool_calls', or 'cancelled' when the signal stopped it. */
  finishReason: string;
  toolCalls: { id: string; name: string; arguments: string }[];
  usage: Usage | null;
  /** The provider's refusal text, when it refused. */
  refusal: string | null;
}

export interface RemoteVideo {
  id: string;
  status: 'queued' | 'in_progress' | 'completed' | 'failed';
  /** 0-100. */
  progress: number;
  error: string | null;
}

export interface UploadFile {
  bytes: Buffer;
  fileName: string;
  /** e.g. image/png: servers check it. */
  mimeType: string;
}

export interface ImageEditRequest {
  model: string;
  prompt: string;
  image: UploadFile;
  mask?: UploadFile;
  size: string;
  count: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface Provider {
  /** The model ids the server lists. */
  listModels(options?: CallOptions): Promise<string[]>;
  /**
   * One chat completion. With `onDelta`, it streams and calls it per piece of text; a cancel
   * through `signal` resolves with the text so far and finishReason 'cancelled'.
   */
  chat(request: ChatRequest, options?: CallOptions & { onDelta?: (delta: string) => void }): Promise<ChatResult>;
  /** Pictures as PNG (or whatever the server made) bytes, from `b64_json`. */
  generateImages(request: { model: string; prompt: string; size: string; count: number }, options?: CallOptions): Promise<{ images: Buffer[]; usage: Usage | null }>;
  /**
   * A picture changed by a prompt (images.edit): `mask` is a PNG whose transparent parts are
   * redrawn. `size` 'auto' sends none (the provider's default). Same answer shape as generateImages.
   */
  editImage(request: ImageEditRequest, options?: CallOptions): Promise<{ images: Buffer[]; usage: Usage | null }>;
  /** Speech audio bytes in the format asked for. */
  speech(request: { model: string; text: string; voice: string; format: 'wav' | 'mp3' }, options?: CallOptions): Promise<Buffer>;
  /** Starts a video; the server makes it in the background. */
  createVideo(request: { model: string; prompt: string; seconds: string; size: string }, options?: CallOptions): Promise<RemoteVideo>;
  getVideo(id: string, options?: CallOptions): Promise<RemoteVideo>;
  /** The finished video's MP4 bytes. */
  downloadVideo(id: string, options?: CallOptions): Promise<Buffer>;
  /** Text of an audio or video file (audio.transcriptions): for captions. */
  transcribe(request: { model: string; file: Buffer; fileName: string; language?: string; prompt?: string; format?: 'text' | 'vtt' }, options?: CallOptions): Promise<{ text: string }>;
}

/** A Provider over the openai SDK v6. Every failure comes out as a named AppError (errors.ts). */
export function openAiProvider(config: ProviderConfig): Provider {
  const client = new OpenAI({
    baseURL: config.baseUrl,
    // Local servers want no key; the SDK insists on a string, and sends it only as a header.
    apiKey: config.apiKey ?? 'no-key',
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    ...(config.fetch ? { fetch: config.fetch } : {}),
  });
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw toAiError(error, config);
    }
  };
  const opts = (o?: CallOptions) => (o?.signal ? { signal: o.signal } : {});

  return {
    listModels: (options) =>
      guard(async () => {
        const ids: string[] = [];
        for await (const model of client.models.list(opts(options))) ids.push(model.id);
        return ids;
      }),

    chat: (request, options = {}) =>
      guard(async () => {
        const body = {
          model: request.model,
          messages: request.messages,
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.seed !== undefined ? { seed: request.seed } : {}),
          ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
          ...(request.tools?.length ? { tools: request.tools.map((t) => ({ type: 'function' as const, function: t })) } : {}),
        };
        if (!options.onDelta) {
          const done = await client.chat.completions.create({ ...body, stream: false }, opts(options));
          const choice = done.choices[0];
          return {
            text: choice?.message.content ?? '',
            finishReason: choice?.finish_reason ?? 'stop',
            toolCalls: (choice?.message.tool_calls ?? []).flatMap((c) => (c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : [])),
            usage: usageOf(done.usage),
            refusal: choice?.message.refusal ?? null,
          };
        }
        return streamChat(client, body, options.onDelta, options.signal);
      }),

    generateImages: (request, options) =>
      guard(async () => {
        // gpt-image models always answer in base64 and refuse the parameter; the others need it.
        const format = request.model.startsWith('gpt-image') ? {} : { response_format: 'b64_json' as const };
        const result = await client.images.generate({ model: request.model, prompt: request.prompt, n: request.count, size: request.size as '1024x1024', ...format }, opts(options));
        return picturesOf(result);
      }),

    editImage: (request, options) =>
      guard(async () => {
        const format = request.model.startsWith('gpt-image') ? {} : { response_format: 'b64_json' as const };
        const upload = (f: UploadFile) => toFile(f.bytes, f.fileName, { type: f.mimeType });
        const result = await client.images.edit(
          {
            model: request.model,
            prompt: request.prompt,
            image: await upload(request.image),
            ...(request.mask ? { mask: await upload(request.mask) } : {}),
            n: request.count,
            ...(request.size !== 'auto' ? { size: request.size as '1024x1024' } : {}),
            ...format,
          },
          opts(options),
        );
        return picturesOf(result);
      }),

    speech: (request, options) =>
      guard(async () => {
        const response = await client.audio.speech.create({ model: request.model, input: request.text, voice: request.voice, response_format: request.format }, opts(options));
        return Buffer.from(await response.arrayBuffer());
      }),

    createVideo: (request, options) =>
      guard(async () =>
        remoteVideo(await client.videos.create({ model: request.model, prompt: request.prompt, seconds: request.seconds as '4', size: request.size as '720x1280' }, opts(options))),
      ),
    getVideo: (id, options) => guard(async () => remoteVideo(await client.videos.retrieve(id, opts(options)))),
    downloadVideo: (id, options) => guard(async () => Buffer.from(await (await client.videos.downloadContent(id, {}, opts(options))).arrayBuffer())),

    transcribe: (request, options) =>
      guard(async () => {
        const file = await toFile(request.file, request.fileName);
        const base = { model: request.model, file, ...(request.language ? { language: request.language } : {}), ...(request.prompt ? { prompt: request.prompt } : {}) };
        if (request.format === 'vtt') {
          // The SDK hands WebVTT back as a string; a server that ignores the format sends JSON.
          const result: unknown = await client.audio.transcriptions.create({ ...base, response_format: 'vtt' }, opts(options));
          return { text: typeof result === 'string' ? result : String((result as { text?: unknown }).text ?? '') };
        }
        const result = await client.audio.transcriptions.create(base, opts(options));
        return { text: result.text };
      }),
  };
}

type ChatBody = Omit<OpenAI.Chat.ChatCompletionCreateParamsStreaming, 'stream'>;

async function streamChat(client: OpenAI, body: ChatBody, onDelta: (delta: string) => void, signal?: AbortSignal): Promise<ChatResult> {
  let text = '';
  let refusal = '';
  let finishReason = 'stop';
  let usage: Usage | null = null;
  const calls = new Map<number, { id: string; name: string; arguments: string }>();
  try {
    const stream = await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, signal ? { signal } : {});
    for await (const chunk of stream) {
      if (chunk.usage) usage = usageOf(chunk.usage);
      const choice = chunk.choices[0];
      if (!choice) continue;
      const delta = choice.delta;
      if (delta.content) {
        text += delta.content;
        onDelta(delta.content);
      }
      if (delta.refusal) refusal += delta.refusal;
      for (const call of delta.tool_calls ?? []) {
        const known = calls.get(call.index) ?? { id: '', name: '', arguments: '' };
        if (call.id) known.id = call.id;
        if (call.function?.name) known.name += call.function.name;
        if (call.function?.arguments) known.arguments += call.function.arguments;
        calls.set(call.index, known);
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
  } catch (error) {
    // A cancel keeps what came: the caller records it as partial text.
    if (signal?.aborted) return { text, finishReason: 'cancelled', toolCalls: [...calls.values()], usage, refusal: refusal || null };
    throw error;
  }
  if (signal?.aborted) finishReason = 'cancelled';
  return { text, finishReason, toolCalls: [...calls.values()], usage, refusal: refusal || null };
}

function picturesOf(result: OpenAI.Images.ImagesResponse): { images: Buffer[]; usage: Usage | null } {
  const images = (result.data ?? []).flatMap((d) => (d.b64_json ? [Buffer.from(d.b64_json, 'base64')] : []));
  const u = result.usage;
  return { images, usage: u ? { promptTokens: u.input_tokens, completionTokens: u.output_tokens, totalTokens: u.total_tokens } : null };
}

function remoteVideo(v: OpenAI.Videos.Video): RemoteVideo {
  return { id: v.id, status: v.status, progress: v.progress ?? 0, error: v.error?.message ?? null };
}

function usageOf(u: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null | undefined): Usage | null {
  return u ? { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens, totalTokens: u.total_tokens } : null;
}
