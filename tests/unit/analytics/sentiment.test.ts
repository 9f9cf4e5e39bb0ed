// Comment sentiment (wink-sentiment, offline) on a small hand-labelled set: clear praise and
// complaints, plain questions, negation ("not good", "not bad") and emoji.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sentimentOf } from '../../../src-main/core/analytics/sentiment';
import type { Sentiment } from '../../../src-shared/analytics';

const labelled = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/sentiment/labelled.json'), 'utf8')) as { text: string; label: Sentiment }[];
/** The lowest accuracy accepted; the measured one is printed. */
const THRESHOLD = 0.8;

describe('comment sentiment', () => {
  it(`labels the fixture set with an accuracy of at least ${THRESHOLD * 100}%`, () => {
    expect(labelled.length).toBeGreaterThanOrEqual(40);
    const wrong = labelled.map((l) => ({ ...l, got: sentimentOf(l.text) })).filter((l) => l.got.sentiment !== l.label);
    const accuracy = (labelled.length - wrong.length) / labelled.length;
    console.log(`sentiment accuracy ${(accuracy * 100).toFixed(1)}% (${labelled.length - wrong.length}/${labelled.length})`);
    for (const w of wrong) console.log(`  wrong: ${JSON.stringify(w.text)} labelled ${w.label}, got ${w.got.sentiment} (${w.got.score})`);
    expect(accuracy).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('reads negation and emoji', () => {
    expect(sentimentOf('good').sentiment).toBe('positive');
    expect(sentimentOf('not good').sentiment).toBe('negative');
    expect(sentimentOf('😍').sentiment).toBe('positive');
    expect(sentimentOf('😡😡').sentiment).toBe('negative');
    expect(sentimentOf('').sentiment).toBe('neutral');
  });
});
