import type { Generation } from '../../../src-shared/ai';
import { PLATFORM_NAMES } from '../../../src-shared/platforms/platform';
import { Button } from '../../components/Button';

const cost = (g: Generation) => (g.estimatedCostUsd === null ? 'cost unknown' : g.estimatedCostUsd === 0 ? 'free' : `~$${g.estimatedCostUsd.toFixed(4)}`);
const json = (v: unknown) => (v === null ? '(none)' : JSON.stringify(v, null, 2));

function outputs(g: Generation): string {
  if (g.kind === 'text') return g.variants.map((v) => `${PLATFORM_NAMES[v.platform]} #${v.index + 1}${v.fits ? '' : ' (does not fit)'}:\n${v.text}`).join('\n\n') || '(no text)';
  return g.mediaIds.join('\n') || '(nothing stored)';
}

const ROWS: { label: string; value: (g: Generation) => string }[] = [
  { label: 'When', value: (g) => `${g.startedAt}${g.rerunOf ? ` (re-run of ${g.rerunOf})` : ''}` },
  { label: 'State', value: (g) => (g.error ? `${g.state}: ${g.error.message}` : g.state) },
  { label: 'Provider and model', value: (g) => `${g.providerName} / ${g.model}` },
  { label: 'Parameters', value: (g) => json(g.params) },
  { label: 'Brand voice', value: (g) => json(g.brandVoice) },
  { label: 'What came back', value: outputs },
  { label: 'Usage', value: (g) => (g.usage ? `${g.usage.promptTokens} in + ${g.usage.completionTokens} out = ${g.usage.totalTokens} tokens` : 'no token count') },
  { label: 'Cost', value: cost },
];

/** Two runs side by side; rows that differ are marked, so a changed parameter or voice stands out. */
export function CompareRuns({ a, b, onClose }: { a: Generation; b: Generation; onClose: () => void }) {
  return (
    <section className="studio-compare" aria-label="Compare two runs">
      <div className="studio-compare__head">
        <h3>Two runs side by side</h3>
        <Button onClick={onClose}>Close</Button>
      </div>
      <table className="studio-compare__table">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{a.id}</th>
            <th scope="col">{b.id}</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((r) => {
            const [x, y] = [r.value(a), r.value(b)];
            return (
              <tr key={r.label} className={x === y ? undefined : 'studio-compare__differs'} data-testid="studio-compare-row">
                <th scope="row">
                  {r.label}
                  {x === y ? '' : ' (differs)'}
                </th>
                <td>
                  <pre>{x}</pre>
                </td>
                <td>
                  <pre>{y}</pre>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
