import type { Insights } from '../../../src-shared/analytics';
import { DataTable } from './DataTable';

/** Week-over-week in sentences, what content works, and what was unusual, each with its evidence. */
export function InsightsPanel({ insights, postText }: { insights: Insights; postText: (targetId: string) => string | undefined }) {
  return (
    <section className="analytics-insights" aria-labelledby="insights-title">
      <h2 id="insights-title">Insights</h2>
      <div className="analytics-insights__week">
        <h3>This week against the week before</h3>
        <ul>
          {insights.weekOverWeek.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </div>
      <DataTable
        title="Content that works"
        fileName="content-insights.csv"
        empty="No synced posts in this period yet."
        rows={insights.content}
        columns={[
          { header: 'By', value: (r) => r.dimension },
          { header: 'Group', value: (r) => r.group },
          { header: 'Posts', value: (r) => r.posts, numeric: true },
          { header: 'Avg engagements', value: (r) => r.averageEngagements, numeric: true },
          { header: 'Against average', value: (r) => r.lift, render: (r) => `${r.lift.toFixed(2)}×`, numeric: true },
          { header: 'Confidence', value: (r) => r.confidence, render: (r) => <span className={`confidence confidence--${r.confidence}`}>{r.confidence}</span> },
        ]}
      />
      <DataTable
        title="Unusual posts and days"
        fileName="anomalies.csv"
        empty="Nothing far above or below normal in this period (robust z-score beyond ±3.5 over at least 8 posts or days)."
        rows={insights.anomalies}
        columns={[
          { header: 'What', value: (r) => (r.kind === 'post' ? `Post: ${postText(r.subject) ?? r.subject}` : `Day ${r.subject}`) },
          { header: 'Direction', value: (r) => (r.direction === 'above' ? 'far above normal' : 'far below normal') },
          { header: 'Engagements', value: (r) => r.value, numeric: true },
          { header: 'Median', value: (r) => r.median, numeric: true },
          { header: 'Robust z', value: (r) => r.score, numeric: true },
          { header: 'Evidence', value: (r) => r.evidence },
        ]}
      />
    </section>
  );
}
