import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AiProvider } from '../../src-shared/ai';
import type { QueryResult, StoredQuery } from '../../src-shared/analytics-ask';
import type { Api } from '../api/client';
import { errorMessage } from '../api/error-message';

export interface AskState {
  providers: AiProvider[];
  provider: string | null;
  question: string;
  /** The SQL in the editor: the model's, or the user's edit of it. */
  sql: string;
  result: QueryResult | null;
  running: boolean;
  error: string | null;
  history: StoredQuery[];
  search: string;
  pinned: QueryResult[];
  load(): Promise<void>;
  setQuestion(q: string): void;
  setSql(sql: string): void;
  setProvider(name: string): void;
  ask(): Promise<void>;
  runSql(): Promise<void>;
  rerun(id: string): Promise<void>;
  setPinned(id: string, pinned: boolean): Promise<void>;
  setSearch(search: string): Promise<void>;
}

export type AskStore = StoreApi<AskState>;

/** "Ask your data" on the Analytics page: the question, its SQL, the answer, the history and the pinned queries. */
export function createAskStore(api: Api, workspaceId: string): AskStore {
  return createStore<AskState>((set, get) => {
    const loadHistory = async () => {
      const search = get().search.trim();
      set({ history: await api.call('analytics.history', { workspaceId, ...(search ? { search } : {}), limit: 50 }) });
    };
    const loadPinned = async () => set({ pinned: await api.call('analytics.pinned', { workspaceId }) });
    const show = async (call: () => Promise<QueryResult>) => {
      if (get().running) return;
      set({ running: true, error: null });
      try {
        const result = await call();
        set({ result, sql: result.query.sql ?? get().sql, question: result.query.question ?? get().question });
        await loadHistory();
      } catch (error) {
        set({ error: errorMessage(error) });
      } finally {
        set({ running: false });
      }
    };
    return {
      providers: [],
      provider: null,
      question: '',
      sql: '',
      result: null,
      running: false,
      error: null,
      history: [],
      search: '',
      pinned: [],
      async load() {
        try {
          const providers = await api.call('ai.listProviders', { workspaceId });
          set({ providers, provider: get().provider ?? providers[0]?.name ?? null });
          await Promise.all([loadHistory(), loadPinned()]);
        } catch (error) {
          set({ error: errorMessage(error) });
        }
      },
      setQuestion: (question) => set({ question }),
      setSql: (sql) => set({ sql }),
      setProvider: (provider) => set({ provider }),
      ask: () => {
        const { question, provider } = get();
        return show(() => api.call('analytics.ask', { workspaceId, question, ...(provider ? { provider } : {}) }));
      },
      runSql: () => {
        const { sql, question } = get();
        return show(() => api.call('analytics.runSql', { workspaceId, sql, question: question.trim() || null }));
      },
      rerun: (id) => show(() => api.call('analytics.rerun', { workspaceId, id })),
      async setPinned(id, pinned) {
        try {
          await api.call('analytics.pin', { workspaceId, id, pinned });
          await Promise.all([loadHistory(), loadPinned()]);
        } catch (error) {
          set({ error: errorMessage(error) });
        }
      },
      async setSearch(search) {
        set({ search });
        try {
          await loadHistory();
        } catch (error) {
          set({ error: errorMessage(error) });
        }
      },
    };
  });
}
