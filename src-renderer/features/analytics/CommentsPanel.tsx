import { SENTIMENTS, type Sentiment, type SentimentPoint, type StoredComment } from '../../../src-shared/analytics';
import { ExternalLink } from '../../components/ExternalLink';
import { SelectField } from '../../components/SelectField';
import { Chart } from './Chart';
import { DataTable } from './DataTable';
import { SentimentCell } from './SentimentCell';

/** Replies with their sentiment (computed on this machine), most negative first, and sentiment per day. */
export function CommentsPanel({ comments, byDay, sentiment, onSentiment }: { comments: StoredComment[]; byDay: SentimentPoint[]; sentiment: Sentiment | null; onSentiment: (s: Sentiment | null) => void }) {
  return (
    <section className="analytics-comments" aria-labelledby="comments-title">
      <h2 id="comments-title">Comments and sentiment</h2>
      <p className="analytics-note">
        Sentiment is computed offline on this machine with wink-sentiment (word and emoji scores, with negation such as “not good”); it can misread sarcasm.
        {comments.some((c) => c.sentimentSource === 'ai') ? ' Where the AI provider labelled a comment (Settings → Analytics), its label leads (in the filter, the order and the chart) and the lexicon’s stays beside it.' : ''}
      </p>
      {byDay.length > 0 ? (
        <Chart
          type="bar"
          stacked
          label="Replies per day by sentiment"
          summary={`${byDay.reduce((a, d) => a + d.negative, 0)} negative, ${byDay.reduce((a, d) => a + d.neutral, 0)} neutral, ${byDay.reduce((a, d) => a + d.positive, 0)} positive replies in the period.`}
          labels={byDay.map((d) => d.day)}
          series={[
            { label: 'Negative', values: byDay.map((d) => d.negative), colour: '#dc2626' },
            { label: 'Neutral', values: byDay.map((d) => d.neutral), colour: '#9ca3af' },
            { label: 'Positive', values: byDay.map((d) => d.positive), colour: '#16a34a' },
          ]}
          height={180}
        />
      ) : null}
      <div className="analytics-comments__filter no-print">
        <SelectField
          label="Show"
          value={sentiment ?? ''}
          onChange={(e) => onSentiment((e.target.value || null) as Sentiment | null)}
          options={[{ value: '', label: 'All comments' }, ...SENTIMENTS.map((s) => ({ value: s, label: `${s[0]?.toUpperCase()}${s.slice(1)} only` }))]}
        />
      </div>
      <DataTable
        title="Comments, most negative first"
        fileName="comments.csv"
        empty={sentiment ? `No ${sentiment} comments stored.` : 'No comments stored yet: replies to your published posts arrive with each sync.'}
        rows={comments}
        columns={[
          { header: 'Sentiment', value: (c) => c.sentiment, render: (c) => <SentimentCell comment={c} /> },
          { header: 'Score', value: (c) => c.sentimentScore, numeric: true },
          { header: 'Author', value: (c) => c.authorHandle },
          { header: 'Comment', value: (c) => c.text },
          { header: 'When', value: (c) => c.createdAt, render: (c) => c.createdAt.slice(0, 16).replace('T', ' ') },
          { header: 'Link', value: (c) => c.url, render: (c) => <ExternalLink href={c.url}>Open</ExternalLink> },
        ]}
      />
    </section>
  );
}
