import type { BrandVoice, RewriteStyle } from '../../../src-shared/ai';
import { languageName } from '../../../src-shared/ai';
import { PLATFORM_NAMES, type Platform } from '../../../src-shared/platforms/platform';
import { limitsFor } from '../../../src-shared/platforms/rules';
import { voiceLines } from './prompts';
import type { ChatMessage } from './provider';

const STYLE: Record<RewriteStyle, string> = {
  shorter: 'Make it noticeably shorter, keeping the meaning and any links, mentions and hashtags.',
  punchier: 'Make it punchier: a stronger opening, shorter sentences, active verbs. Keep the facts, links, mentions and hashtags.',
  formal: 'Make it more formal and polished, without slang. Keep the facts, links, mentions and hashtags.',
};

function limitRule(platform: Platform): string {
  const t = limitsFor(platform).text;
  return `${t.max} ${t.unit}${t.maxBytes ? ` (and ${t.maxBytes} bytes)` : ''}`;
}

function system(platform: Platform, voice: BrandVoice | null, task: string[]): ChatMessage {
  return { role: 'system', content: [`You edit social media posts for ${PLATFORM_NAMES[platform]}.`, `A post there has at most ${limitRule(platform)}.`, ...task, ...voiceLines(voice)].join('\n') };
}

export function rewriteMessages(platform: Platform, text: string, style: RewriteStyle, voice: BrandVoice | null): ChatMessage[] {
  return [system(platform, voice, [STYLE[style], 'Answer with the rewritten post only: no quotes, no preamble.']), { role: 'user', content: text }];
}

export function translateMessages(platform: Platform, text: string, language: string, voice: BrandVoice | null): ChatMessage[] {
  const name = languageName(language) ?? language;
  return [
    system(platform, voice, [`Translate the post into ${name} (${language}). Keep links, mentions and hashtags as they are. Stay within the limit.`, 'Answer with the translated post only: no quotes, no preamble.']),
    { role: 'user', content: text },
  ];
}

/** The split is the model's; the answer is a JSON array checked here, part by part. */
export function threadMessages(platform: Platform, text: string, voice: BrandVoice | null): ChatMessage[] {
  return [
    system(platform, voice, [
      `Split the text into a thread of posts, each within the limit. Split only between sentences or paragraphs, never inside one; keep the words as they are.`,
      'Answer with a JSON array of strings, one per post, and nothing else.',
    ]),
    { role: 'user', content: text },
  ];
}

export function threadRetryMessages(previous: ChatMessage[], answer: string, over: { part: number; used: number; limit: number; unit: string }[], platform: Platform): ChatMessage[] {
  const list = over.map((o) => `part ${o.part} is ${o.used} ${o.unit}`).join(', ');
  return [
    ...previous,
    { role: 'assistant', content: answer },
    { role: 'user', content: `${list}; ${PLATFORM_NAMES[platform]} allows at most ${over[0]!.limit} ${over[0]!.unit}. Split again so every part fits. Answer with the JSON array only.` },
  ];
}

export function hashtagMessages(platform: Platform, text: string, voice: BrandVoice | null): ChatMessage[] {
  return [
    system(platform, voice, ['Suggest up to 8 relevant hashtags for the post. Answer with a JSON array of strings like ["#gardening"], and nothing else.']),
    { role: 'user', content: text },
  ];
}
