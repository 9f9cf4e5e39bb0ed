import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { makePng, makeWav } from './media-bytes';

// A fake OpenAI-compatible server speaking the wire contract the openai SDK v6 uses: models,
// chat completions (plain, SSE streaming with the usage chunk, tool calls), images (b64_json;
// edits as multipart with image, mask, prompt, n, size, each file recorded with its hash),
// speech, transcriptions and videos, with OpenAI's error bodies. It records every request.

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or the multipart fields (files as `{ file: name, bytes }`), or null. */
  body: unknown;
}

export interface Fault {
  status: number;
  /** OpenAI's error body is built from these. */
  code?: string | null;
  type?: string;
  message?: string;
  headers?: Record<string, string>;
  /** Drop the connection instead of answering. */
  destroy?: boolean;
}

export interface ChatAnswer {
  content?: string;
  toolCalls?: { name: string; arguments: string }[];
  finishReason?: 'stop' | 'length' | 'content_filter' | 'tool_calls';
  refusal?: string;
}

interface Video {
  id: string;
  model: string;
  prompt: string;
  seconds: string;
  size: string;
  polls: number;
  createdAt: number;
}

const err = (message: string, type: string, code: string | null, param: string | null = null) => ({ error: { message, type, code, param } });

/** Canned faults in OpenAI's shape. */
export const FAULTS = {
  invalidKey: (): Fault => ({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error', message: 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.' }),
  modelNotFound: (model: string): Fault => ({ status: 404, code: 'model_not_found', type: 'invalid_request_error', message: `The model \`${model}\` does not exist or you do not have access to it.` }),
  rateLimited: (seconds: number): Fault => ({
    status: 429,
    code: 'rate_limit_exceeded',
    type: 'requests',
    message: `Rate limit reached for requests. Please try again in ${seconds}s.`,
    headers: { 'retry-after': String(seconds) },
  }),
  quota: (): Fault => ({ status: 429, code: 'insufficient_quota', type: 'insufficient_quota', message: 'You exceeded your current quota, please check your plan and billing details.' }),
  serverError: (): Fault => ({ status: 500, code: null, type: 'server_error', message: 'The server had an error while processing your request. Sorry about that!' }),
  contentPolicy: (): Fault => ({
    status: 400,
    code: 'content_policy_violation',
    type: 'invalid_request_error',
    message: 'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
  }),
} as const;

export interface FakeOpenAi {
  url: string;
  /** `${url}/v1`: what a provider's base URL is set to. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Requests to one path, e.g. '/v1/chat/completions'. */
  requestsTo(p: string): RecordedRequest[];
  /** When set, requests must carry `Authorization: Bearer <apiKey>` or get a 401. */
  apiKey: string | null;
  models: string[];
  /** What the next chat completions answer (one per call, in order); afterwards `defaultAnswer`. */
  answers: ChatAnswer[];
  defaultAnswer: (body: ChatBody) => ChatAnswer;
  /** Pause between streamed chunks, so tests can cancel mid-stream. */
  chunkDelayMs: number;
  /** Pause before answering a picture request (generations and edits), so tests can cancel or kill mid-way. */
  imageDelayMs: number;
  /** How many retrieves a video takes to complete (queued, then in progress, then completed). */
  videoPollsToFinish: number;
  /** The next requests to `path` (or any path with '*') fail like this, `times` times. */
  fail(pathOrAny: string, fault: Fault, times?: number): void;
  close(): Promise<void>;
}

export interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  tools?: unknown[];
  seed?: number;
}

function tokensOf(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** A file part as recorded: its name, size, content hash and declared type. */
export interface RecordedFile {
  file: string;
  bytes: number;
  sha256: string;
  type: string | null;
}

/** Multipart fields by name; file parts as RecordedFile (their bytes go to `files`, by field name). Enough for the SDK's uploads. */
function parseMultipart(body: Buffer, contentType: string, files = new Map<string, Buffer>()): Record<string, unknown> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return {};
  const marker = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const fields: Record<string, unknown> = {};
  let start = body.indexOf(marker);
  while (start >= 0) {
    const next = body.indexOf(marker, start + marker.length);
    if (next < 0) break;
    const part = body.subarray(start + marker.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
    const file = /filename="([^"]*)"/.exec(head)?.[1];
    if (file !== undefined) files.set(name, Buffer.from(content));
    const type = /content-type:\s*([^\r\n;]+)/i.exec(head)?.[1]?.trim() ?? null;
    const value = file !== undefined ? ({ file, bytes: content.length, sha256: createHash('sha256').update(content).digest('hex'), type } satisfies RecordedFile) : content.toString('utf8');
    if (name.endsWith('[]') || Object.hasOwn(fields, name)) {
      const prev = fields[name];
      fields[name] = Array.isArray(prev) ? [...prev, value] : prev === undefined ? [value] : [prev, value];
    } else fields[name] = value;
    start = next;
  }
  return fields;
}

let videoBytes: Buffer | undefined;
/** A real one-second MP4, made once with the machine's ffmpeg. */
function mp4(): Buffer {
  if (videoBytes) return videoBytes;
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fake-openai-video-')), 'v.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', out]);
  videoBytes = fs.readFileSync(out);
  return videoBytes;
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const faults: { path: string; fault: Fault; times: number }[] = [];
  const videos = new Map<string, Video>();
  let counter = 0;
  const created = () => Math.floor(Date.now() / 1000);

  const json = (res: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${++counter}`, ...headers });
    res.end(JSON.stringify(value));
  };

  const fake: FakeOpenAi = {
    url: '',
    baseUrl: '',
    requests: [],
    requestsTo: (p) => fake.requests.filter((r) => r.path === p),
    apiKey: null,
    models: ['fake-text-1', 'fake-image-1', 'fake-tts-1', 'fake-whisper-1', 'fake-video-1'],
    answers: [],
    defaultAnswer: (body) => ({ content: `Fresh take on: ${body.messages.at(-1)?.content.slice(0, 60) ?? ''}` }),
    chunkDelayMs: 0,
    imageDelayMs: 0,
    videoPollsToFinish: 2,
    fail(p, fault, times = 1) {
      faults.push({ path: p, fault, times });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const model = (name: unknown, res: http.ServerResponse): boolean => {
    if (typeof name === 'string' && fake.models.includes(name)) return true;
    const f = FAULTS.modelNotFound(String(name));
    json(res, 404, err(f.message!, f.type!, f.code!, 'model'));
    return false;
  };

  async function chat(body: ChatBody, req: http.IncomingMessage, res: http.ServerResponse) {
    if (!model(body.model, res)) return;
    const answer = fake.answers.shift() ?? fake.defaultAnswer(body);
    const id = `chatcmpl-${++counter}`;
    const prompt = tokensOf(body.messages.map((m) => m.content).join('\n'));
    const completion = tokensOf(answer.content ?? '');
    const usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
    const finish = answer.finishReason ?? (answer.toolCalls ? 'tool_calls' : 'stop');
    const toolCalls = answer.toolCalls?.map((t, i) => ({ index: i, id: `call_${counter}_${i}`, type: 'function', function: { name: t.name, arguments: t.arguments } }));
    if (!body.stream) {
      json(res, 200, {
        id,
        object: 'chat.completion',
        created: created(),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: answer.content ?? null, refusal: answer.refusal ?? null, ...(toolCalls ? { tool_calls: toolCalls.map(({ index: _i, ...t }) => t) } : {}) }, finish_reason: finish, logprobs: null }],
        usage,
        ...(body.seed !== undefined ? { system_fingerprint: 'fp_fake' } : {}),
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': `req_${counter}` });
    const send = (chunk: unknown) => res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    const base = { id, object: 'chat.completion.chunk', created: created(), model: body.model };
    let closed = false;
    req.on('close', () => (closed = true));
    res.on('close', () => (closed = true));
    send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    const pieces = (answer.content ?? '').match(/\S+\s*/g) ?? [];
    for (const piece of pieces) {
      if (closed) return;
      if (fake.chunkDelayMs > 0) await new Promise((r) => setTimeout(r, fake.chunkDelayMs));
      if (closed) return;
      send({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
    }
    if (answer.refusal) send({ ...base, choices: [{ index: 0, delta: { refusal: answer.refusal }, finish_reason: null }] });
    if (toolCalls) send({ ...base, choices: [{ index: 0, delta: { tool_calls: toolCalls }, finish_reason: null }] });
    send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] });
    if (body.stream_options?.include_usage) send({ ...base, choices: [], usage });
    res.write('data: [DONE]\n\n');
    res.end();
  }

  /** images.edit as OpenAI checks it: an image and a prompt; a PNG mask exactly the image's size. Answers at the image's size unless `size` says otherwise. */
  async function edits(body: Record<string, unknown>, files: Map<string, Buffer>, res: http.ServerResponse) {
    const image = files.get('image') ?? files.get('image[]');
    if (!image) return json(res, 400, err("'image' is a required property", 'invalid_request_error', null, 'image'));
    if (typeof body.prompt !== 'string' || !body.prompt) return json(res, 400, err("'prompt' is a required property", 'invalid_request_error', null, 'prompt'));
    const mask = files.get('mask');
    const imageSize = pngSize(image);
    if (mask) {
      const maskSize = pngSize(mask);
      if (!maskSize) return json(res, 400, err('Invalid mask image format - mask must be a PNG.', 'invalid_request_error', 'invalid_image_format', 'mask'));
      if (imageSize && (maskSize.w !== imageSize.w || maskSize.h !== imageSize.h)) return json(res, 400, err('Invalid mask image: the mask and image must have the same dimensions.', 'invalid_request_error', 'invalid_image', 'mask'));
    }
    await images({ ...body, size: body.size ?? (imageSize ? `${imageSize.w}x${imageSize.h}` : undefined) }, res);
  }

  async function images(body: Record<string, unknown>, res: http.ServerResponse) {
    if (!model(body.model, res)) return;
    if (fake.imageDelayMs > 0) {
      await new Promise((r) => setTimeout(r, fake.imageDelayMs));
      if (res.destroyed || res.socket?.destroyed) return; // the client gave up (a cancel)
    }
    const [w, h] = String(body.size ?? '256x256')
      .split('x')
      .map((n) => Math.min(512, Number(n) || 256));
    const n = Math.max(1, Number(body.n ?? 1));
    const seed = String(body.prompt ?? '').length + counter++;
    const data = Array.from({ length: n }, (_, i) => ({ b64_json: makePng(w ?? 256, h ?? 256, seed + i).toString('base64'), revised_prompt: String(body.prompt ?? '') }));
    json(res, 200, { created: created(), data, usage: { input_tokens: tokensOf(String(body.prompt ?? '')), output_tokens: 100 * n, total_tokens: tokensOf(String(body.prompt ?? '')) + 100 * n } });
  }

  function videoObject(v: Video) {
    const status = v.polls === 0 ? 'queued' : v.polls < fake.videoPollsToFinish ? 'in_progress' : 'completed';
    const progress = status === 'queued' ? 0 : status === 'in_progress' ? Math.min(99, Math.max(1, Math.round((100 * v.polls) / fake.videoPollsToFinish))) : 100;
    return { id: v.id, object: 'video', model: v.model, status, progress, created_at: v.createdAt, completed_at: status === 'completed' ? created() : null, expires_at: null, prompt: v.prompt, seconds: v.seconds, size: v.size, remixed_from_video_id: null, error: null };
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const p = url.pathname;
    const contentType = req.headers['content-type'] ?? '';
    const files = new Map<string, Buffer>();
    const body: unknown = raw.length === 0 ? null : contentType.startsWith('multipart/') ? parseMultipart(raw, contentType, files) : safeJson(raw);
    fake.requests.push({ method: req.method ?? 'GET', path: p, headers: req.headers, body });

    const faultIndex = faults.findIndex((f) => f.path === p || f.path === '*');
    if (faultIndex >= 0) {
      const entry = faults[faultIndex]!;
      if (--entry.times <= 0) faults.splice(faultIndex, 1);
      if (entry.fault.destroy) return void req.socket.destroy();
      const f = entry.fault;
      return json(res, f.status, err(f.message ?? 'error', f.type ?? 'invalid_request_error', f.code ?? null), f.headers);
    }
    if (fake.apiKey !== null && req.headers.authorization !== `Bearer ${fake.apiKey}`) {
      const f = FAULTS.invalidKey();
      return json(res, 401, err(f.message!, f.type!, f.code!));
    }

    const b = (body ?? {}) as Record<string, unknown>;
    if (req.method === 'GET' && p === '/v1/models') {
      return json(res, 200, { object: 'list', data: fake.models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake' })) });
    }
    if (req.method === 'POST' && p === '/v1/chat/completions') return chat(b as unknown as ChatBody, req, res);
    if (req.method === 'POST' && p === '/v1/images/generations') return images(b, res);
    if (req.method === 'POST' && p === '/v1/images/edits') return edits(b, files, res);
    if (req.method === 'POST' && p === '/v1/audio/speech') {
      if (!model(b.model, res)) return;
      const wav = makeWav(Math.min(5, Math.max(0.5, String(b.input ?? '').length / 15)));
      res.writeHead(200, { 'content-type': 'audio/wav' });
      return void res.end(wav);
    }
    if (req.method === 'POST' && p === '/v1/audio/transcriptions') {
      if (!model(b.model, res)) return;
      const file = b.file as { file: string; bytes: number } | undefined;
      const said = `Transcript of ${file?.file ?? 'nothing'} (${file?.bytes ?? 0} bytes).`;
      // As OpenAI: response_format vtt (or srt, text) answers in that format, not JSON.
      if (b.response_format === 'vtt') {
        res.writeHead(200, { 'content-type': 'text/vtt; charset=utf-8' });
        return res.end(`WEBVTT\n\n00:00:00.000 --> 00:00:01.500\n${said}\n\n00:00:01.500 --> 00:00:03.000\nLanguage: ${String(b.language ?? 'auto')}\n`);
      }
      return json(res, 200, { text: said });
    }
    if (req.method === 'POST' && p === '/v1/videos') {
      if (!model(b.model, res)) return;
      const v: Video = { id: `video_${++counter}`, model: String(b.model), prompt: String(b.prompt ?? ''), seconds: String(b.seconds ?? '4'), size: String(b.size ?? '720x1280'), polls: 0, createdAt: created() };
      videos.set(v.id, v);
      return json(res, 200, videoObject(v));
    }
    const videoMatch = /^\/v1\/videos\/([^/]+)(\/content)?$/.exec(p);
    if (req.method === 'GET' && videoMatch) {
      const v = videos.get(videoMatch[1]!);
      if (!v) return json(res, 404, err(`Video ${videoMatch[1]} not found.`, 'invalid_request_error', 'not_found'));
      if (videoMatch[2]) {
        if (v.polls < fake.videoPollsToFinish) return json(res, 409, err('The video is not ready yet.', 'invalid_request_error', 'video_not_ready'));
        res.writeHead(200, { 'content-type': 'video/mp4' });
        return void res.end(mp4());
      }
      const answer = videoObject(v);
      v.polls++;
      return json(res, 200, answer);
    }
    json(res, 404, err(`Unknown path ${p}`, 'invalid_request_error', 'unknown_url'));
  }

  const server = http.createServer((req, res) => {
    readBody(req)
      .then((raw) => route(req, res, raw))
      .catch((error: unknown) => {
        if (!res.headersSent) json(res, 500, err(String(error), 'server_error', null));
        else res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.baseUrl = `${fake.url}/v1`;
  return fake;
}

/** Width and height from a PNG's header, or null for anything else. */
function pngSize(bytes: Buffer): { w: number; h: number } | null {
  if (bytes.length < 24 || bytes.readUInt32BE(0) !== 0x89504e47) return null;
  return { w: bytes.readUInt32BE(16), h: bytes.readUInt32BE(20) };
}

function safeJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return { unparsed: raw.toString('utf8').slice(0, 200) };
  }
}
