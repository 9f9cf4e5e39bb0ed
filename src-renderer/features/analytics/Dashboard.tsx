import type { AnalyticsSummary, PostPerformance } from '../../../src-shared/analytics';
import { PLATFORM_NAMES } from '../../../src-shared/platforms/platform';
import { ExternalLink } from '../../components/ExternalLink';
import { Chart } from './Chart';
import { DataTable, type Column } from './DataTable';
import { KPI, WEEKDAYS, delta, n, rate } from './words';

const postColumns: Column<PostPerformance>[] = [
  { header: 'Post', value: (p) => p.text, render: (p) => (p.url ? <ExternalLink href={p.url}>{p.text.slice(0, 80) || '(no text)'}</ExternalLink> : p.text.slice(0, 80)) },
  { header: 'Account', value: (p) => `${PLATFORM_NAMES[p.platform]} ${p.handle}` },
  { header: 'Published', value: (p) => p.publishedAt, render: (p) => p.publishedAt.slice(0, 16).replace('T', ' ') },
  { header: 'Impressions', value: (p) => p.impressions, render: (p) => n(p.impressions), numeric: true },
  { header: 'Likes', value: (p) => p.likes, numeric: true },
  { header: 'Reposts', value: (p) => p.reposts, numeric: true },
  { header: 'Replies', value: (p) => p.replies, numeric: true },
  { header: 'Engagements', value: (p) => p.engagements, numeric: true },
];

/** The period's numbers against the previous period's, as cards, charts and tables. */
export function Dashboard({ summary }: { summary: AnalyticsSummary }) {
  const c = summary.current;
  const p = summary.previous;
  const days = summary.postsByDay.map((d) => d.day.slice(5));
  return (
    <section className="analytics-dashboard" aria-label="Dashboard">
      <ul className="kpis">
        {KPI.map((k) => {
          const now = c[k.key] as number | null;
          const before = p[k.key] as number | null;
          return (
            <li key={k.key} className="kpi">
              <span className="kpi__label">{k.label}</span>
              <strong className="kpi__value">{k.isRate ? rate(now) : n(now)}</strong>
              <span className="kpi__delta">{k.key === 'impressions' && now === null ? 'not reported by these platforms' : k.isRate && now === null ? 'needs impressions' : delta(now, before)}</span>
            </li>
          );
        })}
      </ul>
      <div className="chart-grid">
        <div className="chart-card">
          <h3>Followers over time</h3>
          {summary.followersByDay.length ? (
            <Chart
              type="line"
              label="Followers over time"
              summary={`From ${n(summary.followersByDay[0]?.value)} to ${n(summary.followersByDay.at(-1)?.value)}.`}
              labels={summary.followersByDay.map((d) => d.day.slice(5))}
              series={[{ label: 'Followers', values: summary.followersByDay.map((d) => d.value), colour: '#2563eb' }]}
            />
          ) : (
            <p className="empty-note">No follower numbers yet: press “Refresh now”.</p>
          )}
        </div>
        <div className="chart-card">
          <h3>Posts and engagements per day</h3>
          <Chart
            type="bar"
            label="Posts and engagements per day"
            summary={`${c.posts} posts with ${c.engagements} engagements in the period.`}
            labels={days}
            series={[
              { label: 'Engagements', values: summary.engagementsByDay.map((d) => d.value), colour: '#7c3aed' },
              { label: 'Posts', values: summary.postsByDay.map((d) => d.value), colour: '#f59e0b', kind: 'line' },
            ]}
          />
        </div>
        <div className="chart-card">
          <h3>Impressions / views per day</h3>
          {c.impressions === null ? (
            <p className="empty-note">None of these accounts' platforms report impressions (Bluesky and Mastodon do not; X does).</p>
          ) : (
            <Chart type="line" label="Impressions per day" summary={`${n(c.impressions)} impressions in the period.`} labels={days} series={[{ label: 'Impressions', values: summary.impressionsByDay.map((d) => d.value), colour: '#0891b2' }]} />
          )}
        </div>
        <div className="chart-card">
          <h3>Engagements by kind</h3>
          <Chart
            type="bar"
            label="Engagements by kind, this period and the previous one"
            summary={`Likes ${c.likes}, reposts ${c.reposts}, replies ${c.replies}, quotes ${c.quotes}, bookmarks ${c.bookmarks}.`}
            labels={['Likes', 'Reposts', 'Replies', 'Quotes', 'Bookmarks']}
            series={[
              { label: 'This period', values: [c.likes, c.reposts, c.replies, c.quotes, c.bookmarks], colour: '#2563eb' },
              { label: 'Previous period', values: [p.likes, p.reposts, p.replies, p.quotes, p.bookmarks], colour: '#9ca3af' },
            ]}
          />
        </div>
        <div className="chart-card">
          <h3>Posting cadence by weekday (UTC)</h3>
          <Chart type="bar" label="Posts by weekday" summary={summary.cadenceByWeekday.map((v, i) => `${WEEKDAYS[i]} ${v}`).join(', ')} labels={WEEKDAYS} series={[{ label: 'Posts', values: summary.cadenceByWeekday, colour: '#f59e0b' }]} />
        </div>
      </div>
      <DataTable
        title="By platform"
        fileName="platforms.csv"
        empty="No synced posts in this period."
        rows={summary.byPlatform}
        columns={[
          { header: 'Platform', value: (r) => PLATFORM_NAMES[r.platform] },
          { header: 'Followers', value: (r) => r.followers, render: (r) => n(r.followers), numeric: true },
          { header: 'Posts', value: (r) => r.posts, numeric: true },
          { header: 'Impressions', value: (r) => r.impressions, render: (r) => n(r.impressions), numeric: true },
          { header: 'Engagements', value: (r) => r.engagements, numeric: true },
          { header: 'Engagement rate', value: (r) => r.engagementRate, render: (r) => rate(r.engagementRate), numeric: true },
        ]}
      />
      <div className="analytics-two">
        <DataTable title="Top posts" fileName="top-posts.csv" empty="No synced posts in this period." rows={summary.topPosts} columns={postColumns} />
        <DataTable title="Bottom posts" fileName="bottom-posts.csv" empty="No synced posts in this period." rows={summary.bottomPosts} columns={postColumns} />
      </div>
    </section>
  );
}
