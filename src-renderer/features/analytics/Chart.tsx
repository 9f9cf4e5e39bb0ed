import { useEffect, useRef } from 'react';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJs,
  Filler,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
} from 'chart.js';

ChartJs.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);

export interface Series {
  label: string;
  values: (number | null)[];
  colour: string;
  kind?: 'line' | 'bar';
}

const exact = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/**
 * A small React wrapper for chart.js 4: one canvas, created once, updated in place when the
 * data changes (no flicker), destroyed on unmount. Tooltips show the exact numbers; the
 * figure's label says what it is for screen readers, and `summary` is its text alternative.
 */
export function Chart({ type, labels, series, label, summary, stacked = false, height = 220 }: { type: 'line' | 'bar'; labels: string[]; series: Series[]; label: string; summary: string; stacked?: boolean; height?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartJs | null>(null);

  useEffect(() => {
    const datasets = series.map(
      (s) =>
        ({
          type: s.kind ?? type,
          label: s.label,
          data: s.values,
          borderColor: s.colour,
          backgroundColor: (s.kind ?? type) === 'bar' ? s.colour : `${s.colour}33`,
          fill: (s.kind ?? type) === 'line' && series.length === 1,
          tension: 0.25,
          pointRadius: labels.length > 40 ? 0 : 2,
          spanGaps: true,
          // A line over bars (posts over engagements) gets its own scale on the right, or it lies flat.
          yAxisID: s.kind && s.kind !== type ? 'y1' : 'y',
        }) as ChartDataset<'line' | 'bar', (number | null)[]>,
    );
    if (chart.current) {
      chart.current.data.labels = labels;
      chart.current.data.datasets = datasets as never;
      chart.current.update('none');
      return;
    }
    if (!canvas.current) return;
    const config: ChartConfiguration<'line' | 'bar', (number | null)[], string> = {
      type,
      data: { labels, datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: { display: series.length > 1, position: 'bottom' },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${item.raw === null ? '—' : exact.format(item.raw as number)}` } },
        },
        scales: {
          x: { stacked, ticks: { maxTicksLimit: 10, autoSkip: true } },
          y: { stacked, beginAtZero: type === 'bar', ticks: { precision: 0 } },
          y1: { display: series.some((s) => s.kind && s.kind !== type), position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0 } },
        },
      },
    };
    chart.current = new ChartJs(canvas.current, config as ChartConfiguration);
  }, [type, labels, series, stacked]);

  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  return (
    <figure className="chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={`${label}. ${summary}`} />
      <figcaption className="visually-hidden">{summary}</figcaption>
    </figure>
  );
}
