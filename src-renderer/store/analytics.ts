import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { AccountSyncStatus, AnalyticsPeriod, AnalyticsSummary, BestTimes, Insights, Sentiment, SentimentPoint, StoredComment, SyncReport } from '../../src-shared/analytics';
import type { Api } from '../api/client';
import { errorMessage } from '../api/error-message';

export interface AnalyticsState {
  workspaceId: string;
  period: AnalyticsPeriod;
  /** null: every account. */
  accountId: string | null;
  sentiment: Sentiment | null;
  summary: AnalyticsSummary | null;
  insights: Insights | null;
  bestTimes: BestTimes | null;
  comments: StoredComment[];
  sentimentByDay: SentimentPoint[];
  syncStatus: AccountSyncStatus[];
  loading: boolean;
  error: string | null;
  syncing: boolean;
  lastSync: SyncReport | null;
  syncError: string | null;
  /** What "set queue slots" said, good or bad. */
  slotsMessage: { tone: 'success' | 'error'; text: string } | null;
  load(): Promise<void>;
  setPeriod(period: AnalyticsPeriod): Promise<void>;
  setAccount(accountId: string | null): Promise<void>;
  setSentiment(sentiment: Sentiment | null): Promise<void>;
  refresh(): Promise<void>;
  applyBestTimes(): Promise<void>;
}

export type AnalyticsStore = StoreApi<AnalyticsState>;

/** One workspace's dashboards: everything is fetched together, so the numbers on screen belong to one moment. */
export function createAnalyticsStore(api: Api, workspaceId: string): AnalyticsStore {
  let generation = 0;
  const store = createStore<AnalyticsState>((set, get) => {
    const scope = () => ({ workspaceId, ...(get().accountId ? { accountId: get().accountId as string } : {}) });
    const loadComments = async () => {
      const s = get().sentiment;
      const [comments, sentimentByDay] = await Promise.all([
        api.call('analytics.comments', { ...scope(), ...(s ? { sentiment: s } : {}) }),
        api.call('analytics.sentiment', { ...scope(), period: get().period }),
      ]);
      return { comments, sentimentByDay };
    };
    return {
      workspaceId,
      period: '30d',
      accountId: null,
      sentiment: null,
      summary: null,
      insights: null,
      bestTimes: null,
      comments: [],
      sentimentByDay: [],
      syncStatus: [],
      loading: true,
      error: null,
      syncing: false,
      lastSync: null,
      syncError: null,
      slotsMessage: null,
      async load() {
        const mine = ++generation;
        set({ loading: true, error: null });
        try {
          const { period, accountId } = get();
          const [summary, insights, bestTimes, syncStatus, c] = await Promise.all([
            api.call('analytics.summary', { ...scope(), period }),
            api.call('analytics.insights', { ...scope(), period }),
            accountId ? api.call('analytics.bestTimes', { workspaceId, accountId }) : Promise.resolve(null),
            api.call('analytics.syncStatus', { workspaceId }),
            loadComments(),
          ]);
          if (mine === generation) set({ summary, insights, bestTimes, syncStatus, ...c, loading: false });
        } catch (error) {
          if (mine === generation) set({ loading: false, error: errorMessage(error) });
        }
      },
      async setPeriod(period) {
        set({ period });
        await get().load();
      },
      async setAccount(accountId) {
        set({ accountId, slotsMessage: null });
        await get().load();
      },
      async setSentiment(sentiment) {
        set({ sentiment });
        try {
          set(await loadComments());
        } catch (error) {
          set({ error: errorMessage(error) });
        }
      },
      async refresh() {
        if (get().syncing) return;
        set({ syncing: true, syncError: null });
        try {
          const lastSync = await api.call('analytics.sync', scope());
          set({ lastSync });
          await get().load();
        } catch (error) {
          set({ syncError: errorMessage(error) });
        } finally {
          set({ syncing: false });
        }
      },
      async applyBestTimes() {
        const accountId = get().accountId;
        if (!accountId) return;
        try {
          const schedule = await api.call('analytics.applyBestTimes', { workspaceId, accountId });
          const words = schedule.slots.map((s) => `${['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][s.weekday]} ${s.time}`).join(', ');
          set({ slotsMessage: { tone: 'success', text: `Queue slots set to ${words} (${schedule.timeZone}).` } });
        } catch (error) {
          set({ slotsMessage: { tone: 'error', text: errorMessage(error) } });
        }
      },
    };
  });
  return store;
}
