import type { ChatMessage } from '../../generate/provider';
import type { ViewColumns } from './sql-guard';

// What the model sees: the views' documentation (docs/analytics-views.md, compacted from the same
// columns the shadow is built from, with the meanings that matter), today's date and the
// workspace's platforms. It never sees a row of data.

const NOTES: Record<string, string> = {
  analytics_posts: 'one row per published post per account with its newest numbers; media_kind is none|image|video; has_link, has_hashtags are 0/1; impressions NULL where the platform does not report them; engagements = likes+reposts+replies+quotes+bookmarks',
  analytics_post_metrics: 'every pull of every post copy\'s cumulative counts (join target_id to analytics_posts.target_id); growth is the difference between pulls',
  analytics_account_metrics: 'every pull of every account\'s followers, following, posts',
  analytics_comments: 'stored replies to published posts; sentiment is positive|neutral|negative, sentiment_score about -5..5',
};

export function schemaText(views: ViewColumns[]): string {
  return views.map((v) => `${v.view}(${v.columns.map((c) => `${c.name} ${c.type || 'any'}`.trim()).join(', ')})\n  -- ${NOTES[v.view] ?? ''}`).join('\n');
}

export function askMessages(question: string, views: ViewColumns[], today: string, platforms: string[]): ChatMessage[] {
  const system = [
    'You turn a question about social media analytics into ONE SQLite query.',
    'Answer with only the query in a ```sql fence, no explanation. Use only these read-only views:',
    schemaText(views),
    'Times are ISO 8601 UTC text (2026-03-01T09:00:00.000Z): compare as strings, substr(x,1,10) is the day, strftime works on them.',
    `Today is ${today}. The workspace's platforms: ${platforms.length ? platforms.join(', ') : 'none connected yet'}.`,
    'Write a single SELECT (WITH is fine). Name columns plainly; put a label column first and numbers after when a chart fits. Add LIMIT 1000 or less.',
    'If the question cannot be answered from these views, answer in one sentence why, with no SQL.',
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: question },
  ];
}

/** The SQL in the model's answer (a ```sql fence, any fence, or the bare text), or null when it is not a query. */
export function extractSql(answer: string): string | null {
  const fenced = /```[ \t]*(?:sql|sqlite)?[ \t]*\n([\s\S]*?)```/i.exec(answer);
  const sql = (fenced ? fenced[1]! : answer).trim();
  if (!fenced && !/^(--|\/\*|[A-Za-z]+\b)/.test(sql)) return null;
  // A bare answer counts as SQL only when it starts like a statement; prose does not.
  if (!fenced && !/^(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*(SELECT|WITH|INSERT|UPDATE|DELETE|DROP|ATTACH|DETACH|PRAGMA|CREATE|ALTER|REPLACE|VACUUM|REINDEX|ANALYZE|EXPLAIN|VALUES|BEGIN|COMMIT|ROLLBACK)\b/i.test(sql)) return null;
  return sql.replace(/;\s*$/, '').trim() || null;
}
