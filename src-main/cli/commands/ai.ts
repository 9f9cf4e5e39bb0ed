import type { Command } from 'commander';
import { generationSubject, type AiProvider, type AiSettings, type Generation, type TextVariant } from '../../../src-shared/ai';
import type { Events } from '../../../src-shared/contract';
import { AppError } from '../../../src-shared/errors';
import { PLATFORMS, type Platform } from '../../../src-shared/platforms/platform';
import { workspaceOf, type CommandContext } from '../context';
import { registerTextActionCommands } from './ai-actions';

export type Run = (action: (ctx: CommandContext, ...args: never[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;
export const WS = ['--workspace <id>', 'the workspace (default: the only one)'] as const;

const collect = (value: string, previous: string[]) => [...previous, value];

function int(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new AppError('ValidationError', `${flag} must be a whole number, not "${raw}".`);
  return Number(raw);
}

function platformsOf(raw: string[]): Platform[] {
  if (raw.length === 0) throw new AppError('ValidationError', `Give at least one --platform (${PLATFORMS.join(', ')}).`);
  for (const p of raw) if (!(PLATFORMS as readonly string[]).includes(p)) throw new AppError('ValidationError', `--platform must be one of ${PLATFORMS.join(', ')}, not "${p}".`);
  return raw as Platform[];
}

const providerLine = (p: AiProvider) =>
  `${p.name}  ${p.local ? 'local' : 'cloud'}  ${p.baseUrl}  text: ${p.textModel}` +
  `${p.imageModel ? `  pictures: ${p.imageModel}` : ''}${p.speechModel ? `  speech: ${p.speechModel}` : ''}${p.transcriptionModel ? `  transcription: ${p.transcriptionModel}` : ''}${p.videoModel ? `  video: ${p.videoModel}` : ''}` +
  `  key: ${p.hasKey ? 'in keychain' : 'none'}`;

export const variantBlock = (v: TextVariant) => {
  const verdict = v.fits ? 'fits' : `does not fit: ${v.issues.filter((i) => i.severity === 'error').map((i) => i.message).join('; ')}`;
  const notes = [v.shortened ? 'asked again, shorter' : '', v.partial ? 'partial' : ''].filter(Boolean).join(', ');
  return `--- ${v.platform} #${v.index + 1} (${verdict}${notes ? `; ${notes}` : ''})\n${v.text}`;
};

export const generationLine = (g: Generation) => {
  const what = generationSubject(g.params);
  const cost = g.estimatedCostUsd === null ? 'cost unknown' : `~$${g.estimatedCostUsd.toFixed(4)}`;
  const out = g.kind === 'text' ? `${g.variants.length} variant(s)` : `media: ${g.mediaIds.join(', ') || 'none'}`;
  return `${g.id}  ${g.startedAt}  ${g.kind.padEnd(6)}  ${g.state.padEnd(9)}  ${g.providerName}/${g.model}  ${g.usage ? `${g.usage.totalTokens} tokens` : '- tokens'}  ${cost}  ${out}  ${JSON.stringify(what.slice(0, 80))}${g.error ? `  error: ${g.error.message}` : ''}`;
};

const settingsText = (s: AiSettings) =>
  [
    `local-only: ${s.localOnly ? 'on (only providers on this machine are used)' : 'off'}`,
    `monthly cap: ${s.monthlyCapUsd === null ? 'none' : `$${s.monthlyCapUsd.toFixed(2)}`}`,
    `brand voice: ${Object.entries(s.brandVoice).filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v)).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('; ') || 'not set'}`,
  ].join('\n');

/**
 * Runs a generation, showing streamed text on stderr for a person, and turns Ctrl-C into a
 * cancel so the partial text is kept in the history.
 */
export async function generating(ctx: CommandContext, workspaceId: string, start: () => Promise<Generation>): Promise<Generation> {
  const core = ctx.core();
  let current: string | undefined;
  let lastKey = '';
  const off = core.events.onAny((event, payload) => {
    if (event === 'studio.changed') current ??= (payload as Events['studio.changed']).generation.id;
    if (event !== 'studio.delta' || ctx.out.json) return;
    const d = payload as Events['studio.delta'];
    const key = `${d.platform}#${d.index}`;
    if (key !== lastKey || d.restart) process.stderr.write(`\n[${d.platform} #${d.index + 1}${d.restart ? ', too long: asking again' : ''}] `);
    lastKey = key;
    process.stderr.write(d.delta);
  });
  const onInterrupt = () => {
    if (current) void core.call('studio.cancel', { workspaceId, generationId: current }).catch(() => undefined);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const g = await start();
    if (!ctx.out.json && lastKey) process.stderr.write('\n');
    return g;
  } finally {
    off();
    process.off('SIGINT', onInterrupt);
  }
}

export function registerAiCommands(program: Command, run: Run): void {
  const provider = program.command('provider').description('AI providers of the workspace: OpenAI or any OpenAI-compatible server');
  provider
    .command('add')
    .argument('<name>', 'a short name for it, e.g. openai or local')
    .description('Add a provider, or change the one with this name (the key goes to the OS keychain)')
    .requiredOption('--base-url <url>', 'the API address, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1')
    .requiredOption('--model <model>', 'the text model')
    .option('--image-model <model>', 'the picture model')
    .option('--speech-model <model>', 'the speech (TTS) model')
    .option('--transcription-model <model>', 'the transcription model (for captions)')
    .option('--video-model <model>', 'the video model')
    .option('--api-key-env <var>', 'read the API key from this environment variable (never pass a key on the command line)')
    .option('--timeout <seconds>', 'give up on a request after this long (default 120)')
    .option('--max-retries <n>', 'retries on rate limits and server errors (default 2)')
    .option(...WS)
    .action(
      run(async (ctx, name: string, o: { baseUrl: string; model: string; imageModel?: string; speechModel?: string; transcriptionModel?: string; videoModel?: string; apiKeyEnv?: string; timeout?: string; maxRetries?: string; workspace?: string }) => {
        let apiKey: string | undefined;
        if (o.apiKeyEnv !== undefined) {
          apiKey = process.env[o.apiKeyEnv]?.trim();
          if (!apiKey) throw new AppError('ValidationError', `The environment variable ${o.apiKeyEnv} is not set or empty: set it to the API key, then run this again.`);
        }
        const timeoutSeconds = int('--timeout', o.timeout);
        const maxRetries = int('--max-retries', o.maxRetries);
        const r = await ctx.core().call('ai.saveProvider', {
          workspaceId: workspaceOf(ctx, o),
          name,
          baseUrl: o.baseUrl,
          textModel: o.model,
          ...(o.imageModel ? { imageModel: o.imageModel } : {}),
          ...(o.speechModel ? { speechModel: o.speechModel } : {}),
          ...(o.transcriptionModel ? { transcriptionModel: o.transcriptionModel } : {}),
          ...(o.videoModel ? { videoModel: o.videoModel } : {}),
          ...(apiKey ? { apiKey } : {}),
          ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
          ...(maxRetries !== undefined ? { maxRetries } : {}),
        });
        ctx.out.result(r.provider, () => `${r.created ? 'Added' : 'Changed'} ${providerLine(r.provider)}`);
      }),
    );
  provider
    .command('list')
    .description('List the providers (keys are never shown)')
    .option(...WS)
    .action(
      run(async (ctx, o: { workspace?: string }) => {
        const list = await ctx.core().call('ai.listProviders', { workspaceId: workspaceOf(ctx, o) });
        ctx.out.result(list, () => (list.length ? list.map(providerLine).join('\n') : 'No AI provider yet. Add one with `promogpt provider add NAME --base-url URL --model MODEL`.'));
      }),
    );
  provider
    .command('test')
    .argument('<name>', 'the provider')
    .description("List the server's models, or say exactly what failed (exit 1)")
    .option(...WS)
    .action(
      run(async (ctx, name: string, o: { workspace?: string }) => {
        const t = await ctx.core().call('ai.testProvider', { workspaceId: workspaceOf(ctx, o), provider: name });
        ctx.out.result(t, () =>
          t.ok
            ? `OK: ${t.models.length} model(s): ${t.models.join(', ')}${t.missingModels.length ? `\nNot listed by the server: ${t.missingModels.join(', ')}` : ''}`
            : `Failed (${t.error?.name}): ${t.error?.message}`,
        );
        if (!t.ok) process.exitCode = 1;
      }),
    );
  provider
    .command('remove')
    .argument('<name>', 'the provider')
    .description('Remove the provider and its key; its generations stay in the history')
    .option(...WS)
    .action(
      run(async (ctx, name: string, o: { workspace?: string }) => {
        const r = await ctx.core().call('ai.removeProvider', { workspaceId: workspaceOf(ctx, o), provider: name });
        ctx.out.result(r, () => `Removed ${name}.`);
      }),
    );
  provider
    .command('local-only')
    .argument('<state>', 'on or off')
    .description('When on, the workspace only ever uses providers on this machine (127.0.0.0/8, ::1, localhost)')
    .option(...WS)
    .action(
      run(async (ctx, state: string, o: { workspace?: string }) => {
        if (state !== 'on' && state !== 'off') throw new AppError('ValidationError', `Say on or off, not "${state}".`);
        const s = await ctx.core().call('ai.updateSettings', { workspaceId: workspaceOf(ctx, o), localOnly: state === 'on' });
        ctx.out.result(s, () => settingsText(s));
      }),
    );
  provider
    .command('cap')
    .argument('<dollars>', 'estimated spend per month after which cloud generations stop, or "off"')
    .description('Set or remove the monthly cap on cloud AI spend')
    .option(...WS)
    .action(
      run(async (ctx, dollars: string, o: { workspace?: string }) => {
        const cap = dollars === 'off' ? null : Number(dollars);
        if (cap !== null && (!/^\d+(\.\d+)?$/.test(dollars) || !Number.isFinite(cap))) throw new AppError('ValidationError', `Give an amount in dollars like 20 or 7.50, or off; not "${dollars}".`);
        const s = await ctx.core().call('ai.updateSettings', { workspaceId: workspaceOf(ctx, o), monthlyCapUsd: cap });
        ctx.out.result(s, () => settingsText(s));
      }),
    );
  provider
    .command('voice')
    .description("Show or set the workspace's brand voice (sent with every text generation)")
    .option('--description <text>', 'what the brand is')
    .option('--audience <text>', 'who it talks to')
    .option('--tone <text>', 'how it sounds')
    .option('--avoid <text>', 'words or topics to stay away from')
    .option('--do <text...>', 'what every post should do (replaces the list; --do "" empties it)')
    .option('--dont <text...>', "what no post should do (replaces the list; --dont \"\" empties it)")
    .option('--example <text...>', 'example posts in the voice (replaces the list)')
    .option('--banned <word...>', 'words no post may use: a text with one is flagged (replaces the list)')
    .option('--hashtags <tag...>', 'hashtags the model is asked to end posts with, as far as the limit allows (replaces the list)')
    .option(...WS)
    .action(
      run(async (ctx, o: { description?: string; audience?: string; tone?: string; avoid?: string; do?: string[]; dont?: string[]; example?: string[]; banned?: string[]; hashtags?: string[]; workspace?: string }) => {
        const { workspace, do: doList, dont, example, banned, hashtags, ...fields } = o;
        const lists = { doList, dontList: dont, examplePosts: example, bannedWords: banned, defaultHashtags: hashtags };
        const voice = { ...fields, ...Object.fromEntries(Object.entries(lists).filter(([, v]) => v !== undefined)) };
        const workspaceId = workspaceOf(ctx, { workspace });
        const s = Object.keys(voice).length
          ? await ctx.core().call('ai.updateSettings', { workspaceId, brandVoice: voice })
          : await ctx.core().call('ai.getSettings', { workspaceId });
        ctx.out.result(s, () => settingsText(s));
      }),
    );
  provider
    .command('usage')
    .description("This month's generations, tokens and estimated cost per provider")
    .option(...WS)
    .action(
      run(async (ctx, o: { workspace?: string }) => {
        const u = await ctx.core().call('studio.usage', { workspaceId: workspaceOf(ctx, o) });
        ctx.out.result(u, () =>
          [
            `${u.month}: cloud ~$${u.cloudCostUsd.toFixed(4)}${u.monthlyCapUsd === null ? '' : ` of a $${u.monthlyCapUsd.toFixed(2)} cap${u.capReached ? ' (reached: cloud generations are paused)' : ''}`}`,
            ...u.rows.map((r) => `${r.providerName}  ${r.local ? 'local' : 'cloud'}  ${r.generations} generation(s)  ${r.totalTokens} tokens  ~$${r.estimatedCostUsd.toFixed(4)}${r.unpriced ? `  (${r.unpriced} without a known price)` : ''}`),
          ].join('\n'),
        );
      }),
    );

  const generate = program.command('generate').description('Write posts, make pictures and speech with the workspace\'s AI provider');
  generate
    .command('text')
    .description('One text per platform (× variations), checked with the platform rules; Ctrl-C stops and keeps what came')
    .requiredOption('--brief <text>', 'what the post is about')
    .option('--platform <platform>', `a platform (${PLATFORMS.join(', ')}); repeat for more`, collect, [])
    .option('--variations <n>', 'texts per platform (1-5, default 1)')
    .option('--seed <n>', 'ask for repeatable output, where the provider supports it')
    .option('--provider <name>', 'the provider (default: the only one)')
    .option(...WS)
    .action(
      run(async (ctx, o: { brief: string; platform: string[]; variations?: string; seed?: string; provider?: string; workspace?: string }) => {
        const workspaceId = workspaceOf(ctx, o);
        const variations = int('--variations', o.variations);
        const seed = int('--seed', o.seed);
        const g = await generating(ctx, workspaceId, () =>
          ctx.core().call('studio.generateText', {
            workspaceId,
            brief: o.brief,
            platforms: platformsOf(o.platform),
            ...(variations !== undefined ? { variations } : {}),
            ...(seed !== undefined ? { seed } : {}),
            ...(o.provider ? { provider: o.provider } : {}),
          }),
        );
        ctx.out.result(g, () => [`${g.id} (${g.state})`, ...g.variants.map(variantBlock)].join('\n'));
        if (g.state === 'cancelled') process.exitCode = 130;
      }),
    );
  registerTextActionCommands(generate, run);
  generate
    .command('image')
    .description('Make pictures, or edit a library picture with --edit; each result is stored in the media library')
    .requiredOption('--prompt <text>', 'what to draw, or (with --edit) what to change')
    .option('--edit <mediaId>', 'change this library picture (PNG, JPEG or WebP) instead of drawing a new one')
    .option('--mask <mediaId>', 'with --edit: a PNG of the same size whose transparent parts are redrawn')
    .option('--size <WxH>', 'e.g. 1024x1024 (default; with --edit the provider\'s default), 1024x1536, or auto')
    .option('--count <n>', 'how many (1-4, default 1)')
    .option('--provider <name>', 'the provider (default: the only one)')
    .option(...WS)
    .action(
      run(async (ctx, o: { prompt: string; edit?: string; mask?: string; size?: string; count?: string; provider?: string; workspace?: string }) => {
        const workspaceId = workspaceOf(ctx, o);
        const count = int('--count', o.count);
        if (o.mask !== undefined && o.edit === undefined) throw new AppError('ValidationError', 'A --mask goes with --edit MEDIA_ID: say which picture to change.');
        const common = { workspaceId, prompt: o.prompt, ...(o.size ? { size: o.size } : {}), ...(count !== undefined ? { count } : {}), ...(o.provider ? { provider: o.provider } : {}) };
        const g = await generating(ctx, workspaceId, () =>
          o.edit !== undefined
            ? ctx.core().call('studio.editImage', { ...common, mediaId: o.edit, ...(o.mask !== undefined ? { maskMediaId: o.mask } : {}) })
            : ctx.core().call('studio.generateImage', common),
        );
        printStored(ctx, workspaceId, g);
      }),
    );
  generate
    .command('speech')
    .description('Speak a text (TTS); the audio is stored in the media library')
    .requiredOption('--text <text>', 'what to say')
    .option('--voice <voice>', 'the voice (default alloy)')
    .option('--provider <name>', 'the provider (default: the only one)')
    .option(...WS)
    .action(
      run(async (ctx, o: { text: string; voice?: string; provider?: string; workspace?: string }) => {
        const workspaceId = workspaceOf(ctx, o);
        const g = await generating(ctx, workspaceId, () => ctx.core().call('studio.generateSpeech', { workspaceId, text: o.text, ...(o.voice ? { voice: o.voice } : {}), ...(o.provider ? { provider: o.provider } : {}) }));
        printStored(ctx, workspaceId, g);
      }),
    );

  generate
    .command('video')
    .description('Make a video (a background job: progress on stderr, Ctrl-C cancels); it is stored in the media library')
    .requiredOption('--prompt <text>', 'what the video shows')
    .option('--seconds <n>', 'length: 4 (default), 8 or 12')
    .option('--size <WxH>', 'e.g. 720x1280 (default) or 1280x720')
    .option('--provider <name>', 'the provider (default: the only one)')
    .option(...WS)
    .action(
      run(async (ctx, o: { prompt: string; seconds?: string; size?: string; provider?: string; workspace?: string }) => {
        const workspaceId = workspaceOf(ctx, o);
        const core = ctx.core();
        const queued = await core.call('studio.generateVideo', {
          workspaceId,
          prompt: o.prompt,
          ...(o.seconds ? { seconds: o.seconds as '4' } : {}),
          ...(o.size ? { size: o.size } : {}),
          ...(o.provider ? { provider: o.provider } : {}),
        });
        const off = core.events.onAny((event, payload) => {
          const g = (payload as Events['studio.changed']).generation;
          if (event === 'studio.changed' && g.id === queued.id && g.progress !== null && !ctx.out.json) process.stderr.write(`video: ${g.progress}%\n`);
        });
        const cancel = () => void core.call('studio.cancel', { workspaceId, generationId: queued.id }).catch(() => undefined);
        process.once('SIGINT', cancel);
        try {
          // Made here, in the foreground; a running app would also pick the job up.
          if (queued.jobId) await core.scheduler.runNow(workspaceId, queued.jobId);
        } finally {
          off();
          process.off('SIGINT', cancel);
        }
        const g = await core.call('studio.get', { workspaceId, generationId: queued.id });
        if (g.state === 'failed' && g.error) throw new AppError(g.error.name as 'Internal', g.error.message);
        printStored(ctx, workspaceId, g);
        if (g.state === 'cancelled') process.exitCode = 130;
      }),
    );

  const history = program.command('history').description('The generation history: what was asked, of whom, and what came back');
  history
    .command('list')
    .description('Newest first')
    .option('--kind <kind>', 'only text, image or speech')
    .option('--limit <n>', 'at most this many (default 100)')
    .option('--search <text>', 'only those whose prompt, brief or text contains this (% and _ are literal)')
    .option(...WS)
    .action(
      run(async (ctx, o: { kind?: string; limit?: string; search?: string; workspace?: string }) => {
        if (o.kind !== undefined && !['text', 'image', 'speech', 'video'].includes(o.kind)) throw new AppError('ValidationError', `--kind must be text, image, speech or video, not "${o.kind}".`);
        const limit = int('--limit', o.limit);
        const list = await ctx.core().call('studio.history', { workspaceId: workspaceOf(ctx, o), ...(o.kind ? { kind: o.kind as 'text' } : {}), ...(limit !== undefined ? { limit } : {}), ...(o.search !== undefined ? { search: o.search } : {}) });
        ctx.out.result(list, () => (list.length ? list.map(generationLine).join('\n') : o.search ? `Nothing matches "${o.search}".` : 'Nothing generated yet.'));
      }),
    );
  history
    .command('show')
    .argument('<id>', 'the generation')
    .description('One generation with its texts')
    .option(...WS)
    .action(
      run(async (ctx, id: string, o: { workspace?: string }) => {
        const g = await ctx.core().call('studio.get', { workspaceId: workspaceOf(ctx, o), generationId: id });
        ctx.out.result(g, () => [generationLine(g), ...g.variants.map(variantBlock)].join('\n'));
      }),
    );
  history
    .command('rerun')
    .argument('<id>', 'the generation')
    .description('Send the same request again (same provider, model, parameters and brand voice)')
    .option(...WS)
    .action(
      run(async (ctx, id: string, o: { workspace?: string }) => {
        const workspaceId = workspaceOf(ctx, o);
        let g = await generating(ctx, workspaceId, () => ctx.core().call('studio.rerun', { workspaceId, generationId: id }));
        if (g.kind === 'video' && g.jobId) {
          await ctx.core().scheduler.runNow(workspaceId, g.jobId);
          g = await ctx.core().call('studio.get', { workspaceId, generationId: g.id });
        }
        if (g.kind === 'text') ctx.out.result(g, () => [`${g.id} (${g.state}, re-run of ${id})`, ...g.variants.map(variantBlock)].join('\n'));
        else printStored(ctx, workspaceId, g);
      }),
    );
}

/** Media ids and where their files are. */
function printStored(ctx: CommandContext, workspaceId: string, g: Generation): void {
  const core = ctx.core();
  const files = g.mediaIds.map((id) => ({ mediaId: id, file: core.media.storedFile(workspaceId, core.media.get(workspaceId, id).storedPath) }));
  ctx.out.result({ ...g, files }, () => [`${g.id} (${g.state})`, ...files.map((f) => `${f.mediaId}  ${f.file}`)].join('\n'));
}
