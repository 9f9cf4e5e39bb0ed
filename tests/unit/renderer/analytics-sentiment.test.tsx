// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AiProvider } from '../../../src-shared/ai';
import type { AnalyticsSettings, StoredComment } from '../../../src-shared/analytics';
import { AppError } from '../../../src-shared/errors';
import { createApi } from '../../../src-renderer/api/client';
import { SessionProvider } from '../../../src-renderer/app/session-context';
import { AnalyticsSettingsSection } from '../../../src-renderer/features/analytics/AnalyticsSettingsSection';
import { CommentsPanel } from '../../../src-renderer/features/analytics/CommentsPanel';
import type { Session } from '../../../src-renderer/store/session';
import type { Transport } from '../../../src-shared/transport';

afterEach(cleanup);

const WS = { id: 'ws-1', name: 'Acme', createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' };
const provider = (name: string, baseUrl: string): AiProvider => ({
  id: `prov-${name}`,
  name,
  baseUrl,
  textModel: 'm',
  imageModel: null,
  speechModel: null,
  transcriptionModel: null,
  videoModel: null,
  hasKey: false,
  local: baseUrl.startsWith('http://127.'),
  timeoutMs: 1000,
  maxRetries: 0,
  createdAt: '',
  updatedAt: '',
});

/** A core stand-in with the analytics settings, checked like the real contract's range. */
function fakeCore(seed: { providers?: AiProvider[]; localOnly?: boolean } = {}) {
  let settings: AnalyticsSettings = { syncEveryMinutes: 360, aiSentiment: false, aiSentimentProvider: null };
  const calls: { method: string; input: Record<string, unknown> }[] = [];
  const handlers: Record<string, (input: Record<string, unknown>) => unknown> = {
    'analytics.getSettings': () => settings,
    'ai.listProviders': () => seed.providers ?? [],
    'ai.getSettings': () => ({ localOnly: seed.localOnly ?? false, monthlyCapUsd: null }),
    'analytics.updateSettings': ({ workspaceId: _w, ...patch }) => {
      const m = patch.syncEveryMinutes as number | undefined;
      if (m !== undefined && (m < 15 || m > 10080)) throw new AppError('ValidationError', 'out of range');
      settings = { ...settings, ...patch };
      return settings;
    },
    'analytics.scoreSentiment': () => ({ message: '3 of 3 comment(s) labelled by Local (m).' }),
  };
  const transport: Transport = {
    async invoke(method, input) {
      calls.push({ method, input: input as Record<string, unknown> });
      try {
        const handler = handlers[method];
        if (!handler) throw new AppError('ValidationError', `Unknown method '${method}'.`);
        return { ok: true, value: handler(input as Record<string, unknown>) } as never;
      } catch (e) {
        const err = e as AppError;
        return { ok: false, error: { name: err.name, message: err.message } } as never;
      }
    },
    on: () => () => undefined,
  };
  return { transport, calls, get settings() { return settings; } };
}

function renderSection(core: ReturnType<typeof fakeCore>) {
  const session = { api: createApi(core.transport) } as unknown as Session;
  return render(
    <SessionProvider session={session}>
      <AnalyticsSettingsSection workspace={WS} />
    </SessionProvider>,
  );
}

describe('Settings → Analytics', () => {
  it('shows the sync interval in its unit, saves a new one, and keeps AI sentiment off unless ticked', async () => {
    const core = fakeCore({ providers: [provider('Local', 'http://127.0.0.1:11434/v1')] });
    renderSection(core);
    const every = (await screen.findByLabelText('Sync every')) as HTMLInputElement;
    expect(every.value).toBe('6');
    expect((screen.getByLabelText('Sync unit') as HTMLSelectElement).value).toBe('hours');
    expect(screen.getByText(/pulled every 6 hours/)).toBeTruthy();
    const ai = screen.getByLabelText('Also label comment sentiment with the AI provider') as HTMLInputElement;
    expect(ai.checked).toBe(false);
    expect(screen.getByText(/Off: sentiment is computed only on this machine.*after each sync, the text of each new comment \(not who wrote it, nor its link\) is sent/)).toBeTruthy();

    fireEvent.change(every, { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Sync unit'), { target: { value: 'days' } });
    expect(screen.getByText(/pulled every 2 days/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save analytics settings' }));
    await screen.findByText(/Saved\. Accounts are synced every 2 days; sentiment stays on this machine\./);
    expect(core.settings).toEqual({ syncEveryMinutes: 2880, aiSentiment: false, aiSentimentProvider: null });
    expect(screen.queryByRole('button', { name: /Label new comments/ })).toBeNull();
  });

  it('refuses an interval outside 15 minutes…7 days with an example, sending nothing', async () => {
    const core = fakeCore();
    renderSection(core);
    const every = await screen.findByLabelText('Sync every');
    for (const [value, unit] of [['10', 'minutes'], ['8', 'days'], ['', 'hours'], ['1.5', 'hours']] as const) {
      fireEvent.change(every, { target: { value } });
      fireEvent.change(screen.getByLabelText('Sync unit'), { target: { value: unit } });
      fireEvent.click(screen.getByRole('button', { name: 'Save analytics settings' }));
      expect(screen.getAllByText('Sync every must be between 15 minutes and 7 days, like 6 hours.').length).toBeGreaterThan(0);
    }
    expect(core.calls.filter((c) => c.method === 'analytics.updateSettings')).toHaveLength(0);
    expect(core.settings.syncEveryMinutes).toBe(360);
  });

  it('turning AI sentiment on says where the comment texts go, then offers to label them now', async () => {
    const core = fakeCore({ providers: [provider('Local', 'http://127.0.0.1:11434/v1'), provider('OpenAI', 'https://api.openai.com/v1')] });
    renderSection(core);
    fireEvent.click(await screen.findByLabelText('Also label comment sentiment with the AI provider'));
    fireEvent.click(screen.getByRole('button', { name: 'Save analytics settings' }));
    expect(screen.getByText('This workspace has 2 AI providers: choose the one that labels comments.')).toBeTruthy();
    expect(core.calls.filter((c) => c.method === 'analytics.updateSettings')).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('AI provider for sentiment'), { target: { value: 'OpenAI' } });
    expect(screen.getByTestId('ai-sentiment-destination').textContent).toBe('Comment texts leave this machine: they go to OpenAI at api.openai.com.');
    fireEvent.change(screen.getByLabelText('AI provider for sentiment'), { target: { value: 'Local' } });
    expect(screen.getByTestId('ai-sentiment-destination').textContent).toBe('Comment texts go to Local at 127.0.0.1:11434, on this machine.');
    fireEvent.click(screen.getByRole('button', { name: 'Save analytics settings' }));
    await screen.findByText(/comments can be labelled by the AI provider/);
    expect(core.settings).toMatchObject({ aiSentiment: true, aiSentimentProvider: 'Local' });
    fireEvent.click(screen.getByRole('button', { name: 'Label new comments with AI now' }));
    await screen.findByText('3 of 3 comment(s) labelled by Local (m).');
  });

  it('warns that a cloud provider will be refused in a local-only workspace', async () => {
    renderSection(fakeCore({ providers: [provider('OpenAI', 'https://api.openai.com/v1')], localOnly: true }));
    fireEvent.click(await screen.findByLabelText('Also label comment sentiment with the AI provider'));
    await waitFor(() => expect(screen.getByTestId('ai-sentiment-destination').textContent).toMatch(/not on this machine, and this workspace is local-only: it will be refused and nothing sent/));
  });
});

const comment = (over: Partial<StoredComment>): StoredComment => ({
  id: 'c',
  targetId: 't',
  postId: 'p',
  accountId: 'a',
  platform: 'mastodon',
  authorHandle: '@ann',
  authorName: null,
  text: 'text',
  url: 'https://example.social/@ann/1',
  createdAt: '2026-01-05T12:00:00.000Z',
  sentiment: 'neutral',
  sentimentScore: 0,
  sentimentSource: 'lexicon',
  aiSentiment: null,
  aiScore: null,
  aiProvider: null,
  aiModel: null,
  aiScoredAt: null,
  aiNote: null,
  ...over,
});

describe('the comments list', () => {
  it('leads with the AI label where there is one, keeps the lexicon beside it, and says why one has none', () => {
    render(
      <CommentsPanel
        byDay={[]}
        sentiment={null}
        onSentiment={() => undefined}
        comments={[
          comment({ id: '1', text: 'Oh great, another delay', sentiment: 'positive', sentimentScore: 0.6, sentimentSource: 'ai', aiSentiment: 'negative', aiScore: 0.8, aiProvider: 'Local', aiModel: 'm', aiScoredAt: '2026-01-06T00:00:00.000Z' }),
          comment({ id: '2', text: 'Is it in stock?', aiNote: 'the AI answer had no entry for this comment' }),
          comment({ id: '3', text: 'Nice', sentiment: 'positive', sentimentScore: 1 }),
        ]}
      />,
    );
    const rows = screen.getAllByRole('row').slice(1).map((r) => r.textContent ?? '');
    expect(rows[0]).toContain('AI: negative (0.8) · lexicon: positive');
    expect(rows[1]).toContain('neutral · lexicon · no AI label: the AI answer had no entry for this comment');
    expect(rows[2]).toMatch(/^positive · lexicon(?! ·)/);
    expect(screen.getByTitle('Labelled by Local (m) on 2026-01-06')).toBeTruthy();
    expect(screen.getByText(/Where the AI provider labelled a comment/)).toBeTruthy();
  });

  it('says nothing of AI when no comment has an AI label', () => {
    render(<CommentsPanel byDay={[]} sentiment={null} onSentiment={() => undefined} comments={[comment({ id: '1' })]} />);
    expect(screen.queryByText(/Where the AI provider labelled/)).toBeNull();
  });
});
