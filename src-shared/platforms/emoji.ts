// Emoji sequences as X's counter sees them: one sequence weighs as one wide character however many
// code points it spans. twitter-text 3.x finds them with twemoji-parser's generated list; we use the
// Unicode properties instead (UTS #51 shapes), so sequences newer than that list count as one too.

// ©, ®, ™ and ♟ are emoji only when VS16 (U+FE0F) asks for it; alone they are text (twemoji-parser).
const TEXT_UNLESS_VS16 = String.raw`\u00A9\u00AE\u2122\u265F`;

const ELEMENT = [
  String.raw`[#*0-9]\uFE0F?\u20E3`, // keycap: 1⃣ 1️⃣ #️⃣
  String.raw`\p{Regional_Indicator}{2}`, // flag: 🇯🇵
  String.raw`\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}`, // subdivision flag: 🏴󠁧󠁢󠁥󠁮󠁧󠁿
  String.raw`[${TEXT_UNLESS_VS16}]\uFE0F`,
  String.raw`\p{Emoji_Modifier_Base}\p{Emoji_Modifier}`, // skin tone: 👍🏽
  // Any other pictograph, unless VS15 (U+FE0E) asks for its text form.
  String.raw`(?![${TEXT_UNLESS_VS16}])[\p{Extended_Pictographic}\p{Emoji_Presentation}](?:\uFE0F|(?!\uFE0E))`,
].join('|');

/** One emoji sequence, ZWJ sequences included. */
const EMOJI_SEQUENCE = new RegExp(String.raw`(?:${ELEMENT})(?:\u200D(?:${ELEMENT}))*`, 'gu');

/** Emoji sequences in `text`, left to right: UTF-16 start index → length in UTF-16 units. */
export function findEmoji(text: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const match of text.matchAll(EMOJI_SEQUENCE)) found.set(match.index ?? 0, match[0].length);
  return found;
}
