import type { Usage } from '../../../src-shared/ai';

// List prices (US dollars) of OpenAI models, for the estimate shown in the history and the
// monthly cap. An estimate only: the provider's bill is the truth. Unknown models cost null.

/** Per million tokens: input, output. */
const TEXT: Record<string, [number, number]> = {
  'gpt-4o-mini': [0.15, 0.6],
  'gpt-4o': [2.5, 10],
  'gpt-4.1': [2, 8],
  'gpt-4.1-mini': [0.4, 1.6],
  'gpt-4.1-nano': [0.1, 0.4],
  'gpt-5': [1.25, 10],
  'gpt-5-mini': [0.25, 2],
  'gpt-5-nano': [0.05, 0.4],
};
/** Per picture at the usual size and quality. */
const IMAGE: Record<string, number> = { 'gpt-image-1': 0.042, 'gpt-image-1-mini': 0.011, 'dall-e-3': 0.04, 'dall-e-2': 0.02 };
/** Per million characters of input. */
const SPEECH: Record<string, number> = { 'tts-1': 15, 'tts-1-hd': 30, 'gpt-4o-mini-tts': 12 };

/** The longest known name the model starts with, so dated snapshots ("gpt-4o-2024-08-06") are priced. */
function lookup<T>(table: Record<string, T>, model: string): T | undefined {
  const name = Object.keys(table)
    .filter((k) => model === k || model.startsWith(`${k}-`))
    .sort((a, b) => b.length - a.length)[0];
  return name === undefined ? undefined : table[name];
}

export function textCost(model: string, usage: Usage | null): number | null {
  const price = lookup(TEXT, model);
  if (!price || !usage) return null;
  return (usage.promptTokens * price[0] + usage.completionTokens * price[1]) / 1_000_000;
}

export function imageCost(model: string, count: number): number | null {
  const price = lookup(IMAGE, model);
  return price === undefined ? null : price * count;
}

export function speechCost(model: string, characters: number): number | null {
  const price = lookup(SPEECH, model);
  return price === undefined ? null : (price * characters) / 1_000_000;
}

/** Per minute of audio. */
const TRANSCRIPTION: Record<string, number> = { 'whisper-1': 0.006, 'gpt-4o-transcribe': 0.006, 'gpt-4o-mini-transcribe': 0.003 };

export function transcriptionCost(model: string, seconds: number): number | null {
  const price = lookup(TRANSCRIPTION, model);
  return price === undefined ? null : (price * seconds) / 60;
}

/** Per second of video. */
const VIDEO: Record<string, number> = { 'sora-2': 0.1, 'sora-2-pro': 0.3 };

export function videoCost(model: string, seconds: number): number | null {
  const price = lookup(VIDEO, model);
  return price === undefined ? null : price * seconds;
}
