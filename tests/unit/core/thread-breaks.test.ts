import { describe, expect, it } from 'vitest';
import { endsMidSentence, threadBreakIssues } from '../../../src-main/core/generate/thread-breaks';

describe('thread breaks', () => {
  it.each([
    ['Our spring plants are in.', false],
    ['Are they in?', false],
    ['Three things to know:', false],
    ['He said “come by.”', false],
    ['First, ferns (the big ones).', false],
    ['More below 🧵', false],
    ['Spring is here 🌱', false],
    ['Part one 1/3', false],
    ['Part one (1/3)', false],
    ['Read more at https://example.com/a', false],
    ['All about #gardening', false],
    ['The ferns, herbs and', true],
    ['We open at nine on', true],
    ['Come by this', true],
  ])('%j ends mid-sentence: %s', (text, expected) => {
    expect(endsMidSentence(text)).toBe(expected);
  });

  it('warns on each part but the last that stops mid-sentence, quoting its last words', () => {
    const issues = threadBreakIssues('bluesky', ['We have ferns, herbs and', 'climbing roses. Come by', 'this weekend']);
    expect(issues.map((list) => list.map((i) => [i.rule, i.severity]))).toEqual([[['thread-break', 'warning']], [['thread-break', 'warning']], []]);
    expect(issues[1]![0]!.message).toBe('Part 2 stops mid-sentence (“…climbing roses. Come by”). Move the break to the end of a sentence before posting.');
  });
});
