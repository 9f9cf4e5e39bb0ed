import type { Platform } from './platforms/platform';

export const ANALYTICS_PERIODS = ['7d', '30d', '90d'] as const;
export type AnalyticsPeriod = (typeof ANALYTICS_PERIODS)[number];
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** How one account's metrics sync went. */
export interface AccountSyncResult {
  accountId: string;
  handle: string;
  platform: Platform;
  /** synced | waiting (rate limit not reset yet) | failed | skipped (disconnected) */
  outcome: 'synced' | 'waiting' | 'failed' | 'skipped';
  accountSnapshots: number;
  postSnapshots: number;
  comments: number;
  /** Why it failed or waits, in words. */
  message: string | null;
  waitUntil: string | null;
}

export interface SyncReport {
  startedAt: string;
  finishedAt: string;
  accounts: AccountSyncResult[];
}

export interface AccountSyncStatus {
  accountId: string;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  error: { name: string; message: string } | null;
  waitUntil: string | null;
}

export interface EngagementTotals {
  posts: number;
  /** null when no platform in scope reports impressions. */
  impressions: number | null;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  bookmarks: number;
  engagements: number;
  /** engagements / impressions over posts that report impressions; null without impressions. */
  engagementRate: number | null;
  /** Followers at the end of the period (sum of the accounts' last snapshots), null when never synced. */
  followers: number | null;
}

export interface DailyPoint {
  day: string; // YYYY-MM-DD (UTC)
  value: number;
}

export interface PostPerformance {
  targetId: string;
  postId: string;
  accountId: string;
  platform: Platform;
  handle: string;
  publishedAt: string;
  url: string | null;
  text: string;
  impressions: number | null;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  engagements: number;
}

export interface AnalyticsSummary {
  period: AnalyticsPeriod;
  from: string;
  to: string;
  previousFrom: string;
  accountId: string | null;
  current: EngagementTotals;
  previous: EngagementTotals;
  byPlatform: ({ platform: Platform } & EngagementTotals)[];
  followersByDay: DailyPoint[];
  postsByDay: DailyPoint[];
  engagementsByDay: DailyPoint[];
  impressionsByDay: DailyPoint[];
  /** Posts per weekday (0 = Sunday … 6, UTC) in the period. */
  cadenceByWeekday: number[];
  topPosts: PostPerformance[];
  bottomPosts: PostPerformance[];
  /** Accounts in scope and whether they were ever synced: what the empty states say. */
  accounts: { accountId: string; handle: string; platform: Platform; lastSyncedAt: string | null }[];
}

export type Confidence = 'none' | 'low' | 'medium' | 'high';

export interface BestTimeSlot {
  /** 0 = Sunday … 6, in `timeZone`. */
  weekday: number;
  hour: number;
  /** Smoothed average engagements of a post at this hour. */
  expectedEngagements: number;
  posts: number;
}

export interface BestTimes {
  accountId: string;
  timeZone: string;
  postsUsed: number;
  averageEngagements: number;
  confidence: Confidence;
  /** In words: what the evidence is, or that there is too little. */
  evidence: string;
  /** 7 × 24 smoothed expected engagements (weekday × hour in timeZone), null where nothing is known. */
  grid: (number | null)[][];
  /** 7 × 24 posts behind each cell. */
  counts: number[][];
  best: BestTimeSlot[];
}

export interface ContentInsight {
  dimension: 'platform' | 'media' | 'length' | 'hashtags' | 'link';
  group: string;
  posts: number;
  averageEngagements: number;
  /** averageEngagements / the overall average. */
  lift: number;
  confidence: Confidence;
}

export interface Anomaly {
  kind: 'post' | 'day';
  direction: 'above' | 'below';
  /** The post's target id, or the day (YYYY-MM-DD). */
  subject: string;
  accountId: string | null;
  value: number;
  median: number;
  /** Robust z-score: 0.6745 × (value − median) / MAD. */
  score: number;
  evidence: string;
}

export interface Insights {
  period: AnalyticsPeriod;
  accountId: string | null;
  content: ContentInsight[];
  anomalies: Anomaly[];
  weekOverWeek: string[];
}

export interface StoredComment {
  id: string;
  targetId: string;
  postId: string | null;
  accountId: string;
  platform: Platform;
  authorHandle: string;
  authorName: string | null;
  text: string;
  url: string;
  createdAt: string;
  /** The lexicon's label (wink-sentiment, on this machine): always there, the baseline. */
  sentiment: Sentiment;
  sentimentScore: number;
  /** Which label leads: 'ai' when the AI provider scored this text, else 'lexicon'. */
  sentimentSource: 'ai' | 'lexicon';
  /** The AI provider's label, or null (never scored, no usable answer, or the text changed since). */
  aiSentiment: Sentiment | null;
  /** 0…1: how clearly the comment carries the AI's label, as the model said. */
  aiScore: number | null;
  aiProvider: string | null;
  aiModel: string | null;
  aiScoredAt: string | null;
  /** Why the AI gave no label for this comment (it keeps the lexicon's). */
  aiNote: string | null;
}

export interface SentimentPoint {
  day: string;
  positive: number;
  neutral: number;
  negative: number;
  averageScore: number;
}

export interface AnalyticsSettings {
  /** How often connected accounts are synced by schedule (minutes). */
  syncEveryMinutes: number;
  /** Score comments through the workspace's AI provider too (their texts are sent to it). Off by default. */
  aiSentiment: boolean;
  /** The provider's name for that; null = the workspace's only provider. */
  aiSentimentProvider: string | null;
}
