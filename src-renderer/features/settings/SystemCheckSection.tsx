import { useState } from 'react';
import type { CheckStatus, DoctorReport } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { SettingsSection } from './SettingsSection';

const STATUS_LABEL: Record<CheckStatus, string> = { ok: 'OK', warn: 'Warning', fail: 'Failed' };

function summary(report: DoctorReport): string {
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  const warned = report.checks.filter((c) => c.status === 'warn').length;
  if (failed === 0 && warned === 0) return 'Everything PromoGPT needs is in place.';
  const parts = [failed ? `${failed} failed` : '', warned ? `${warned} gave a warning` : ''].filter(Boolean);
  return `Of ${report.checks.length} checks, ${parts.join(' and ')}. Each one says how to fix it.`;
}

/** Runs `app.doctor` when asked and shows each check with what was found and how to fix it. */
export function SystemCheckSection() {
  const { api } = useSession();
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<DoctorReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    if (running) return;
    setRunning(true);
    setError(null);
    try {
      setReport(await api.call('app.doctor', {}));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setRunning(false);
    }
  };

  return (
    <SettingsSection
      title="System check"
      description="Checks what PromoGPT relies on: the database, the data folder, the system keychain, ffmpeg and more."
    >
      <div>
        <Button onClick={() => void run()} inactive={running}>
          {running ? 'Checking…' : report ? 'Run system check again' : 'Run system check'}
        </Button>
      </div>
      {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
      <div aria-live="polite">
        {report ? (
          <>
            <p className="checks__summary">{summary(report)}</p>
            <ul className="checks" aria-label="System check results">
              {report.checks.map((check) => (
                <li key={check.id} className="check">
                  <div className="check__head">
                    <span className="check__label">{check.label}</span>
                    <Badge tone={check.status}>{STATUS_LABEL[check.status]}</Badge>
                  </div>
                  <p className="check__detail">{check.detail}</p>
                  {check.fix ? <p className="check__fix">How to fix: {check.fix}</p> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </SettingsSection>
  );
}
