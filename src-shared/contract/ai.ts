import { z } from 'zod';
import { GENERATION_KINDS, REWRITE_STYLES, TEXT_ACTIONS, VIDEO_SECONDS, languageName, type AiProvider, type AiSettings, type ConnectionTest, type Generation, type PromptPreview, type UsageSummary } from '../ai';
import { PLATFORMS } from '../platforms/platform';
import { displayName, entityId, method } from './define';

const ws = { workspaceId: entityId };
// eslint-disable-next-line no-control-regex
const noControl = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);
const providerName = displayName('a provider name', 40).refine((s) => /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u.test(s), 'a provider name has letters, digits, spaces, . _ and - only');
const providerRef = z.string().trim().min(1).max(64);
const modelName = z
  .string()
  .trim()
  .min(1, 'a model name cannot be empty')
  .max(200, 'a model name has at most 200 characters')
  .refine((s) => !/\s/.test(s), 'a model name has no spaces');
const text = (what: string, max: number) =>
  z
    .string()
    .refine((s) => s.trim().length > 0, `${what} cannot be empty`)
    .refine((s) => s.length <= max, `${what} can be at most ${max} characters`)
    .refine((s) => !s.includes('\0'), `${what} cannot contain NUL characters`);
const voiceField = (what: string) =>
  z
    .string()
    .max(2000, `${what} can be at most 2000 characters`)
    .refine((s) => noControl(s.replace(/[\n\t]/g, ' ')), `${what} has no control characters other than new lines`);

/** A brand-voice list: short lines, no empty ones kept. */
const voiceList = (what: string, max: number, items = 30) =>
  z
    .array(voiceField(what).refine((s) => s.length <= max, `${what} can be at most ${max} characters`))
    .max(items, `at most ${items} of ${what.replace(/^an? /, '')}s`)
    .transform((l) => l.map((s) => s.trim()).filter(Boolean));

export const brandVoiceInput = z.strictObject({
  description: voiceField('the description').optional(),
  audience: voiceField('the audience').optional(),
  tone: voiceField('the tone').optional(),
  avoid: voiceField('what to avoid').optional(),
  doList: voiceList('a "do" line', 300).optional(),
  dontList: voiceList('a "don\'t" line', 300).optional(),
  examplePosts: voiceList('an example post', 2000, 10).optional(),
  bannedWords: voiceList('a banned word', 100).optional(),
  // Empty entries are dropped first (an empty field, or `--hashtags ""` to clear the list).
  defaultHashtags: z
    .preprocess((v) => (Array.isArray(v) ? v.filter((t) => typeof t !== 'string' || t.trim() !== '') : v), z.array(
      z
        .string()
        .trim()
        .regex(/^#?[\p{L}\p{N}_]{1,100}$/u, 'a hashtag is letters, digits and _ only, with or without the leading #, e.g. #gardening')
        .transform((t) => (t.startsWith('#') ? t : `#${t}`)),
    ).max(30, 'at most 30 default hashtags'))
    .optional(),
});

export const aiContract = {
  'ai.getSettings': method(z.strictObject(ws)).returns<AiSettings>(),
  /** Local-only, the monthly cap (null removes it) and the brand voice; changes to the first two go to the security log. */
  'ai.updateSettings': method(
    z.strictObject({
      ...ws,
      localOnly: z.boolean().optional(),
      monthlyCapUsd: z.number().finite().min(0, 'a cap is 0 or more dollars').max(100_000).nullable().optional(),
      brandVoice: brandVoiceInput.optional(),
    }),
  ).returns<AiSettings>(),
  'ai.listProviders': method(z.strictObject(ws)).returns<AiProvider[]>(),
  /** Adds a provider or changes the one with that name. `apiKey` goes to the OS keychain; null removes the stored one. */
  'ai.saveProvider': method(
    z.strictObject({
      ...ws,
      name: providerName,
      baseUrl: z.string().trim().min(1, 'give the server address').max(2000),
      textModel: modelName,
      imageModel: modelName.nullable().optional(),
      speechModel: modelName.nullable().optional(),
      transcriptionModel: modelName.nullable().optional(),
      videoModel: modelName.nullable().optional(),
      apiKey: z.string().trim().min(1, 'an API key cannot be empty').max(1000).refine((s) => !/\s/.test(s), 'an API key has no spaces').nullable().optional(),
      timeoutSeconds: z.number().int().min(1).max(3600).optional(),
      maxRetries: z.number().int().min(0).max(10).optional(),
    }),
  ).returns<{ provider: AiProvider; created: boolean }>(),
  'ai.removeProvider': method(z.strictObject({ ...ws, provider: providerRef })).returns<{ id: string }>(),
  /** Lists the server's models, or says exactly what failed (never throws for the server's own failure). */
  'ai.testProvider': method(z.strictObject({ ...ws, provider: providerRef })).returns<ConnectionTest>(),
  /** One text per platform (× variations), streamed through `studio.delta`, each checked with the composer's rules. */
  'studio.generateText': method(
    z.strictObject({
      ...ws,
      provider: providerRef.optional(),
      brief: text('the brief', 4000),
      platforms: z
        .array(z.enum(PLATFORMS))
        .min(1, 'choose at least one platform')
        .max(PLATFORMS.length)
        .refine((p) => new Set(p).size === p.length, 'a platform is listed twice'),
      variations: z.number().int().min(1, 'at least 1 variation').max(5, 'at most 5 variations').default(1),
      temperature: z.number().finite().min(0).max(2).optional(),
      seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    }),
  ).returns<Generation>(),
  /**
   * Work on a given text for one platform, as a text generation (history, re-run, cost,
   * streaming): rewrite (`style`), translate (`language`), thread (parts checked with the
   * platform's rules), hashtags (a suggested list, never inserted).
   */
  'studio.textAction': method(
    z
      .strictObject({
        ...ws,
        provider: providerRef.optional(),
        action: z.enum(TEXT_ACTIONS),
        text: text('the text', 10_000),
        platform: z.enum(PLATFORMS),
        style: z.enum(REWRITE_STYLES, { error: 'a style is shorter, punchier or formal' }).optional(),
        language: z
          .string()
          .trim()
          .refine((t) => languageName(t) !== null, 'give a known language tag like de, fr or pt-BR')
          .optional(),
      })
      .refine((i) => i.action !== 'rewrite' || i.style !== undefined, { message: 'say how to rewrite it: shorter, punchier or formal', path: ['style'] })
      .refine((i) => i.action !== 'translate' || i.language !== undefined, { message: 'say which language to translate into, e.g. de', path: ['language'] }),
  ).returns<Generation>(),
  /** Exactly the messages `studio.generateText` would send for this brief with today's brand voice; nothing is sent. */
  'studio.previewText': method(
    z.strictObject({
      ...ws,
      brief: z.string().max(4000, 'the brief can be at most 4000 characters'),
      platforms: z.array(z.enum(PLATFORMS)).max(PLATFORMS.length),
      variations: z.number().int().min(1).max(5).default(1),
    }),
  ).returns<PromptPreview[]>(),
  /** Pictures (b64_json) stored in the media library. */
  'studio.generateImage': method(
    z.strictObject({
      ...ws,
      provider: providerRef.optional(),
      prompt: text('the prompt', 4000),
      size: z.string().regex(/^(auto|\d{2,4}x\d{2,4})$/, 'a size is WIDTHxHEIGHT, e.g. 1024x1024, or auto').default('1024x1024'),
      count: z.number().int().min(1, 'at least 1 picture').max(4, 'at most 4 pictures at once').default(1),
    }),
  ).returns<Generation>(),
  /**
   * A library picture changed by the prompt (images.edit), with an optional mask: a PNG of the
   * same size whose transparent parts are redrawn. Results are stored with lineage to both.
   * `size` auto (default) sends none, so the provider keeps its own default.
   */
  'studio.editImage': method(
    z.strictObject({
      ...ws,
      provider: providerRef.optional(),
      prompt: text('the prompt', 4000),
      mediaId: entityId,
      maskMediaId: entityId.optional(),
      size: z.string().regex(/^(auto|\d{2,4}x\d{2,4})$/, 'a size is WIDTHxHEIGHT, e.g. 1024x1024, or auto').default('auto'),
      count: z.number().int().min(1, 'at least 1 picture').max(4, 'at most 4 pictures at once').default(1),
    }),
  ).returns<Generation>(),
  /** Speech (TTS) stored in the media library as audio. */
  'studio.generateSpeech': method(
    z.strictObject({
      ...ws,
      provider: providerRef.optional(),
      text: text('the text', 4096),
      voice: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'a voice name has letters, digits, _ and - only').default('alloy'),
      format: z.enum(['wav', 'mp3']).default('wav'),
    }),
  ).returns<Generation>(),
  /** Captions of a library video by the provider's transcription model, kept with the item as its captions file in `lang`. */
  'studio.transcribe': method(
    z.strictObject({
      ...ws,
      provider: providerRef.optional(),
      mediaId: entityId,
      lang: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/, 'give a language tag like en, de or pt-BR'),
    }),
  ).returns<Generation>(),
  /** Queues a video (a background job that polls the provider); `studio.changed` reports its progress. */
  'studio.generateVideo': method(
    z.strictObject({
      ...ws,
      provider: providerRef.optional(),
      prompt: text('the prompt', 4000),
      seconds: z.enum(VIDEO_SECONDS).default('4'),
      size: z.string().regex(/^\d{3,4}x\d{3,4}$/, 'a size is WIDTHxHEIGHT, e.g. 720x1280').default('720x1280'),
    }),
  ).returns<Generation>(),
  /** Stops a running generation; the text that came stays in its history row. */
  'studio.cancel': method(z.strictObject({ ...ws, generationId: entityId })).returns<Generation>(),
  /** Newest first; `search` matches what was asked or written (wildcards are literal). */
  'studio.history': method(
    z.strictObject({
      ...ws,
      kind: z.enum(GENERATION_KINDS).optional(),
      limit: z.number().int().min(1).max(500).optional(),
      search: z.string().trim().min(1, 'give some words to search for').max(200, 'a search has at most 200 characters').optional(),
    }),
  ).returns<Generation[]>(),
  'studio.get': method(z.strictObject({ ...ws, generationId: entityId })).returns<Generation>(),
  /** Sends the same request again (provider, model, parameters, brand-voice snapshot). */
  'studio.rerun': method(z.strictObject({ ...ws, generationId: entityId })).returns<Generation>(),
  /** This month's generations, tokens and estimated cost per provider, and the cap. */
  'studio.usage': method(z.strictObject(ws)).returns<UsageSummary>(),
};
