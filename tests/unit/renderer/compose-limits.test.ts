import { describe, expect, it } from 'vitest';
import type { Account, ComposerDraft } from '../../../src-shared/domain';
import { counterFor, issuesFor, limitsOfChosen } from '../../../src-renderer/features/compose/composer-logic';

const account = (id: string, max?: number): Account =>
  ({ id, platform: 'mastodon', handle: `@${id}@example.social`, ...(max ? { limits: { instance: 'https://example.social', text: { max } } } : {}) }) as Account;

const draft = (text: string, accountIds: string[]): ComposerDraft => ({ accountIds, text, media: [], thread: [], variants: {} });

describe('a Mastodon instance’s own limits in the composer', () => {
  const long = 'x'.repeat(600);

  it('counts against the instance’s limit, not the default 500', () => {
    const accounts = [account('big', 5000)];
    const limits = limitsOfChosen('mastodon', accounts, ['big']);
    expect(counterFor('mastodon', long, limits)).toMatchObject({ used: 600, limit: 5000, over: false });
    expect(issuesFor(draft(long, ['big']), 'mastodon', limits)).toEqual([]);
  });

  it('with two instances chosen, the stricter one decides', () => {
    const accounts = [account('big', 5000), account('small', 500), account('other', 1000)];
    const limits = limitsOfChosen('mastodon', accounts, ['big', 'small']);
    expect(issuesFor(draft(long, ['big', 'small']), 'mastodon', limits).map((i) => i.message)).toEqual(['Mastodon (https://example.social): 600 of 500 characters']);
    expect(limitsOfChosen('mastodon', accounts, ['big', 'other'])?.text?.max).toBe(1000);
  });

  it('an account without known limits uses the platform’s defaults', () => {
    expect(counterFor('mastodon', long, limitsOfChosen('mastodon', [account('plain')], ['plain']))).toMatchObject({ limit: 500, over: true });
  });
});
