import { useMemo } from 'react';
import type { Cell, QueryResult } from '../../../src-shared/analytics-ask';
import { Chart } from './Chart';
import { DataTable } from './DataTable';

const COLOURS = ['#2563eb', '#7c3aed', '#f59e0b', '#0891b2', '#16a34a', '#dc2626'];

/** A chart fits when the first column labels the rows and every other column is numbers (at most 6 series, 2–100 rows). */
export function chartShape(columns: string[], rows: Cell[][]): { labels: string[]; series: { label: string; values: (number | null)[]; colour: string }[] } | null {
  if (columns.length < 2 || columns.length > 7 || rows.length < 2 || rows.length > 100) return null;
  const numeric = (i: number) => rows.every((r) => r[i] === null || typeof r[i] === 'number') && rows.some((r) => typeof r[i] === 'number');
  if (numeric(0)) return null;
  for (let i = 1; i < columns.length; i++) if (!numeric(i)) return null;
  return {
    labels: rows.map((r) => String(r[0] ?? '—').slice(0, 40)),
    series: columns.slice(1).map((label, i) => ({ label, values: rows.map((r) => r[i + 1] as number | null), colour: COLOURS[i % COLOURS.length]! })),
  };
}

/** The rows of a query as a table, and as a bar chart where one fits. */
export function QueryResultView({ result, title }: { result: QueryResult; title: string }) {
  const { columns, rows } = result;
  const shape = useMemo(() => chartShape(columns, rows), [columns, rows]);
  const tableColumns = useMemo(
    () => columns.map((header, i) => ({ header, value: (r: Cell[]) => r[i] ?? null, numeric: rows.some((r) => typeof r[i] === 'number') })),
    [columns, rows],
  );
  return (
    <div className="ask-result">
      {shape ? <Chart type="bar" label={title} summary={`${shape.series.map((s) => s.label).join(', ')} for ${shape.labels.length} ${columns[0]} values.`} labels={shape.labels} series={shape.series} /> : null}
      <DataTable title={`${result.query.rowCount ?? 0} row(s)`} rows={rows} columns={tableColumns} fileName="query.csv" empty="The query ran and returned no rows." />
      {result.truncated ? <p className="analytics-note">Only the first {rows.length} rows are shown: narrow the query (a date range, GROUP BY, LIMIT) to see the rest.</p> : null}
    </div>
  );
}
