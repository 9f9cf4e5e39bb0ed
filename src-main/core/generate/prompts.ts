import type { BrandVoice } from '../../../src-shared/ai';
import { PLATFORM_NAMES, type Platform } from '../../../src-shared/platforms/platform';
import { limitsFor } from '../../../src-shared/platforms/rules';
import type { ChatMessage } from './provider';

/** The brand voice as lines for the system message; empty fields are left out. */
export function voiceLines(voice: BrandVoice | null): string[] {
  if (!voice) return [];
  const lines: string[] = [];
  if (voice.description.trim()) lines.push(`The brand: ${voice.description.trim()}`);
  if (voice.audience.trim()) lines.push(`Audience: ${voice.audience.trim()}`);
  if (voice.tone.trim()) lines.push(`Tone: ${voice.tone.trim()}`);
  if (voice.avoid.trim()) lines.push(`Never mention or use: ${voice.avoid.trim()}`);
  if (voice.doList.length) lines.push('Do:', ...voice.doList.map((d) => `- ${d}`));
  if (voice.dontList.length) lines.push("Don't:", ...voice.dontList.map((d) => `- ${d}`));
  if (voice.bannedWords.length) lines.push(`Never use these words: ${voice.bannedWords.join(', ')}`);
  if (voice.examplePosts.length) lines.push('Posts in this voice (for the voice only; do not copy them):', ...voice.examplePosts.map((p, n) => `Example ${n + 1}:\n${p}`));
  return lines;
}

/**
 * Default hashtags are the model's to add, inside the limit: the core never appends them, so
 * they can never push a post past what the platform allows.
 */
function hashtagLine(voice: BrandVoice | null): string[] {
  if (!voice?.defaultHashtags.length) return [];
  return [`End the post with these hashtags, as many as fit within the limit (leave out the rest rather than go over): ${voice.defaultHashtags.join(' ')}`];
}

/** What one platform variant is asked with: the brief, the voice, and the platform's text limit. */
export function variantMessages(platform: Platform, brief: string, voice: BrandVoice | null, variation: number, of: number): ChatMessage[] {
  const limits = limitsFor(platform);
  const rule = `${limits.text.max} ${limits.text.unit}${limits.text.maxBytes ? ` (and ${limits.text.maxBytes} bytes)` : ''}`;
  const system = [
    `You write social media posts for ${PLATFORM_NAMES[platform]}.`,
    `A post there has at most ${rule}. Stay well under it.`,
    'Answer with the post text only: no quotes, no preamble, no explanation.',
    ...voiceLines(voice),
    ...hashtagLine(voice),
  ].join('\n');
  const ask = of > 1 ? `${brief}\n\n(Version ${variation + 1} of ${of}: make it different from the others.)` : brief;
  return [
    { role: 'system', content: system },
    { role: 'user', content: ask },
  ];
}

/** Asking again when the answer was too long: the model sees its answer and the exact overrun. */
export function shortenMessages(previous: ChatMessage[], answer: string, platform: Platform, used: number, limit: number, unit: string): ChatMessage[] {
  return [
    ...previous,
    { role: 'assistant', content: answer },
    { role: 'user', content: `That is ${used} ${unit}; ${PLATFORM_NAMES[platform]} allows at most ${limit}. Rewrite it shorter, under ${Math.floor(limit * 0.9)} ${unit}, keeping the meaning. Answer with the post text only.` },
  ];
}
