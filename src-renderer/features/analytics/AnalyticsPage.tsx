import '../../styles/analytics.css';
import '../../styles/analytics-ask.css';
import '../../styles/analytics-sentiment.css';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { ANALYTICS_PERIODS, type AnalyticsPeriod } from '../../../src-shared/analytics';
import { PLATFORM_NAMES } from '../../../src-shared/platforms/platform';
import { useSession, useWorkspaces } from '../../app/session-context';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { AnalyticsIcon } from '../../components/icons';
import { InlineMessage } from '../../components/InlineMessage';
import { SelectField } from '../../components/SelectField';
import { createAnalyticsStore, type AnalyticsStore } from '../../store/analytics';
import { createAskStore, type AskStore } from '../../store/analytics-ask';
import { AskPanel } from './AskPanel';
import { BestTimesHeatmap } from './BestTimesHeatmap';
import { CommentsPanel } from './CommentsPanel';
import { Dashboard } from './Dashboard';
import { InsightsPanel } from './InsightsPanel';
import { PinnedQueries } from './PinnedQueries';

/** Metrics of the workspace's accounts: dashboards, insights, best times and comments. */
export function AnalyticsPage() {
  const workspaceId = useWorkspaces((s) => s.currentId);
  if (!workspaceId) return null;
  return <AnalyticsView key={workspaceId} workspaceId={workspaceId} />;
}

const PERIOD_WORDS: Record<AnalyticsPeriod, string> = { '7d': 'Last 7 days', '30d': 'Last 30 days', '90d': 'Last 90 days' };

function AnalyticsView({ workspaceId }: { workspaceId: string }) {
  const { api } = useSession();
  const [store] = useState<AnalyticsStore>(() => createAnalyticsStore(api, workspaceId));
  const s = useStore(store);
  const [ask] = useState<AskStore>(() => createAskStore(api, workspaceId));
  const workspaceName = useWorkspaces((w) => w.workspaces.find((x) => x.id === workspaceId)?.name ?? 'Workspace');
  useEffect(() => {
    void store.getState().load();
    void ask.getState().load();
  }, [store, ask]);

  const summary = s.summary;
  if (summary && summary.accounts.length === 0 && !s.accountId) {
    return (
      <EmptyState title="Analytics" icon={<AnalyticsIcon />} summary="Reach, engagement and comments for your published posts, pulled back from each network and compared over time.">
        <h2>Connect an account first</h2>
        <p>
          Analytics reads the numbers of connected accounts and the posts PromoGPT published for them. Connect Bluesky, Mastodon or X in{' '}
          <a href="#/accounts">Accounts</a>, publish a post, then come back and press “Refresh now”.
        </p>
      </EmptyState>
    );
  }
  const neverSynced = summary?.accounts.filter((a) => !a.lastSyncedAt) ?? [];
  const failing = s.syncStatus.filter((x) => x.error);
  const handleOf = (id: string) => summary?.accounts.find((a) => a.accountId === id)?.handle ?? id;
  const postText = (targetId: string) => [...(summary?.topPosts ?? []), ...(summary?.bottomPosts ?? [])].find((p) => p.targetId === targetId)?.text.slice(0, 60);

  return (
    <div className="analytics-page">
      <header className="analytics-page__head">
        <div>
          <h1 id="page-title">Analytics</h1>
          <p className="print-only">
            {workspaceName} — {PERIOD_WORDS[s.period]}
            {summary ? ` (${summary.from.slice(0, 10)} to ${summary.to.slice(0, 10)})` : ''}
            {s.accountId ? ` — ${handleOf(s.accountId)}` : ' — all accounts'}
          </p>
        </div>
        <div className="analytics-page__controls no-print">
          <SelectField label="Period" value={s.period} onChange={(e) => void s.setPeriod(e.target.value as AnalyticsPeriod)} options={ANALYTICS_PERIODS.map((p) => ({ value: p, label: PERIOD_WORDS[p] }))} />
          <SelectField
            label="Account"
            value={s.accountId ?? ''}
            onChange={(e) => void s.setAccount(e.target.value || null)}
            options={[{ value: '', label: 'All accounts' }, ...(summary?.accounts ?? []).map((a) => ({ value: a.accountId, label: `${PLATFORM_NAMES[a.platform]} ${a.handle}` }))]}
          />
          <Button variant="primary" inactive={s.syncing} onClick={() => void s.refresh()}>
            {s.syncing ? 'Refreshing…' : 'Refresh now'}
          </Button>
          <Button onClick={() => window.print()} title="Opens the print dialog: choose “Save as PDF” as the printer to get a PDF report.">
            Print / Save as PDF
          </Button>
        </div>
      </header>
      {s.error ? <InlineMessage tone="error">{s.error}</InlineMessage> : null}
      {s.syncError ? <InlineMessage tone="error">{s.syncError}</InlineMessage> : null}
      {s.lastSync ? (
        <InlineMessage tone="success">
          Synced: {s.lastSync.accounts.map((a) => `${a.handle} ${a.outcome}${a.outcome === 'synced' ? ` (${a.postSnapshots} posts, ${a.comments} comments)` : a.message ? ` — ${a.message}` : ''}`).join('; ')}
        </InlineMessage>
      ) : null}
      {failing.length > 0 ? (
        <div className="analytics-sync-problems" role="status">
          {failing.map((f) => (
            <p key={f.accountId}>
              <strong>{handleOf(f.accountId)}</strong>: last sync failed — {f.error?.message}
              {f.waitUntil ? ` Waiting until ${f.waitUntil.slice(0, 16).replace('T', ' ')} UTC.` : ''}
            </p>
          ))}
        </div>
      ) : null}
      {neverSynced.length > 0 ? (
        <p className="analytics-note">
          Never synced yet: {neverSynced.map((a) => a.handle).join(', ')}. Press “Refresh now” to pull their numbers; after that they sync on a schedule and after each post.
        </p>
      ) : null}
      {s.loading && !summary ? <p className="analytics-note">Loading…</p> : null}
      {summary ? <Dashboard summary={summary} /> : null}
      <PinnedQueries store={ask} />
      {s.accountId && s.bestTimes ? (
        <BestTimesHeatmap best={s.bestTimes} onApply={() => void s.applyBestTimes()} message={s.slotsMessage} />
      ) : summary ? (
        <p className="analytics-note no-print">Choose one account above to see its best times to post.</p>
      ) : null}
      {s.insights ? <InsightsPanel insights={s.insights} postText={postText} /> : null}
      <AskPanel store={ask} />
      <CommentsPanel comments={s.comments} byDay={s.sentimentByDay} sentiment={s.sentiment} onSentiment={(x) => void s.setSentiment(x)} />
    </div>
  );
}
