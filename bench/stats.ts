/** Percentiles and a Markdown table, shared by the benchmarks. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export function summarize(samples: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

export function printTable(rows: { what: string; n: number; p50: number; p95: number; p99: number; max: number; unit: string }[]): void {
  const f = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
  process.stdout.write('| measurement | n | p50 | p95 | p99 | max | unit |\n|---|---:|---:|---:|---:|---:|---|\n');
  for (const r of rows) process.stdout.write(`| ${r.what} | ${r.n} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${f(r.max)} | ${r.unit} |\n`);
}
