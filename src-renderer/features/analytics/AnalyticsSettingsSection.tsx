import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { AiProvider } from '../../../src-shared/ai';
import type { AnalyticsSettings } from '../../../src-shared/analytics';
import type { Workspace } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/Checkbox';
import { InlineMessage } from '../../components/InlineMessage';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { SettingsSection } from '../settings/SettingsSection';
import { everyFieldOf, everyMinutes, everySentence, SYNC_EVERY_PROBLEM, type EveryUnit } from './sync-every-words';

const UNITS = [
  { value: 'minutes', label: 'minutes' },
  { value: 'hours', label: 'hours' },
  { value: 'days', label: 'days' },
];
const ONLY = '';

/** Settings → Analytics: how often metrics are synced, and whether comments are also labelled by the AI provider. */
export function AnalyticsSettingsSection({ workspace }: { workspace: Workspace }) {
  const { api } = useSession();
  const workspaceId = workspace.id;
  const [saved, setSaved] = useState<AnalyticsSettings | null>(null);
  const [providers, setProviders] = useState<AiProvider[]>([]);
  const [localOnly, setLocalOnly] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  const [unit, setUnit] = useState<EveryUnit>('hours');
  const [ai, setAi] = useState(false);
  const [provider, setProvider] = useState(ONLY);
  const [errors, setErrors] = useState<{ every?: string; provider?: string; form?: string }>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [scoring, setScoring] = useState<{ busy: boolean; message: string | null; error: string | null }>({ busy: false, message: null, error: null });
  const [scoredPercent, setScoredPercent] = useState(0);

  const show = (s: AnalyticsSettings) => {
    setSaved(s);
    const every = everyFieldOf(s.syncEveryMinutes);
    setAmount(every.amount);
    setUnit(every.unit);
    setAi(s.aiSentiment);
    setProvider(s.aiSentimentProvider ?? ONLY);
  };
  const load = () => {
    setLoadError(null);
    Promise.all([api.call('analytics.getSettings', { workspaceId }), api.call('ai.listProviders', { workspaceId }), api.call('ai.getSettings', { workspaceId })]).then(
      ([s, list, aiSettings]) => {
        setProviders(list);
        setLocalOnly(aiSettings.localOnly);
        show(s);
      },
      (failure: unknown) => setLoadError(errorMessage(failure)),
    );
  };
  // Once per workspace: the section is keyed by it.
  useEffect(load, [api, workspaceId]);

  const edited = () => {
    setErrors({});
    setDone(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const minutes = everyMinutes(amount, unit);
    if (minutes === null) return setErrors({ every: SYNC_EVERY_PROBLEM });
    if (ai && providers.length > 1 && !provider) return setErrors({ provider: `This workspace has ${providers.length} AI providers: choose the one that labels comments.` });
    setBusy(true);
    edited();
    try {
      const next = await api.call('analytics.updateSettings', { workspaceId, syncEveryMinutes: minutes, aiSentiment: ai, aiSentimentProvider: provider || null });
      show(next);
      setDone(`Saved. Accounts are synced ${everySentence(next.syncEveryMinutes)}; ${next.aiSentiment ? 'comments can be labelled by the AI provider.' : 'sentiment stays on this machine.'}`);
    } catch (failure) {
      setErrors({ form: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  };

  const scoreNow = async () => {
    setScoring({ busy: true, message: null, error: null });
    setScoredPercent(0);
    // The run reports its progress after each batch as its generation row changes.
    const off = api.on('studio.changed', (e) => {
      if (e.workspaceId === workspaceId && e.generation.kind === 'sentiment' && e.generation.state === 'running') setScoredPercent(e.generation.progress ?? 0);
    });
    try {
      const report = await api.call('analytics.scoreSentiment', { workspaceId });
      setScoring({ busy: false, message: report.message, error: null });
    } catch (failure) {
      setScoring({ busy: false, message: null, error: errorMessage(failure) });
    } finally {
      off();
    }
  };

  const description = 'Metrics sync and comment sentiment for this workspace.';
  if (loadError) {
    return (
      <SettingsSection title="Analytics" anchor="analytics" description={description}>
        <InlineMessage tone="error">{loadError}</InlineMessage>
        <div>
          <Button onClick={load}>Try again</Button>
        </div>
      </SettingsSection>
    );
  }
  if (!saved) {
    return (
      <SettingsSection title="Analytics" anchor="analytics" description={description}>
        <p className="muted">Loading…</p>
      </SettingsSection>
    );
  }

  const minutes = everyMinutes(amount, unit);
  const chosen = provider ? providers.find((p) => p.name === provider) : providers.length === 1 ? providers[0] : undefined;
  return (
    <SettingsSection title="Analytics" anchor="analytics" description={description}>
      <form className="form" onSubmit={submit} noValidate aria-label="Analytics settings">
        <div className="publishing-rule">
          <div className="publishing-rule__inputs">
            <TextField
              label="Sync every"
              type="number"
              inputMode="numeric"
              min={1}
              className="field--short"
              value={amount}
              error={errors.every}
              onChange={(e) => {
                setAmount(e.target.value);
                edited();
              }}
            />
            <SelectField
              label="Sync unit"
              options={UNITS}
              value={unit}
              onChange={(e) => {
                setUnit(e.target.value as EveryUnit);
                edited();
              }}
            />
          </div>
          <p className="field__hint">
            {minutes === null ? SYNC_EVERY_PROBLEM : `Metrics and replies of connected accounts are pulled ${everySentence(minutes)}, and after each post goes out. Refresh now on the Analytics page pulls at once.`}
          </p>
        </div>
        <Checkbox
          label="Also label comment sentiment with the AI provider"
          hint="Off: sentiment is computed only on this machine (wink-sentiment). On: after each sync, the text of each new comment (not who wrote it, nor its link) is sent to the AI provider to be labelled; the local score stays beside it. Usage counts toward the monthly cap and shows in the Studio’s history."
          checked={ai}
          onChange={(e) => {
            setAi(e.target.checked);
            edited();
          }}
        />
        {ai ? (
          <div className="form">
            {providers.length > 1 ? (
              <SelectField
                label="AI provider for sentiment"
                value={provider}
                error={errors.provider}
                onChange={(e) => {
                  setProvider(e.target.value);
                  edited();
                }}
                options={[{ value: ONLY, label: 'Choose a provider…' }, ...providers.map((p) => ({ value: p.name, label: `${p.name} (${p.local ? 'on this machine' : new URL(p.baseUrl).host})` }))]}
              />
            ) : null}
            {providers.length === 0 ? <InlineMessage tone="error">This workspace has no AI provider yet: add one in Settings → AI first.</InlineMessage> : null}
            {chosen ? (
              <p className="field__hint" data-testid="ai-sentiment-destination">
                {chosen.local
                  ? `Comment texts go to ${chosen.name} at ${new URL(chosen.baseUrl).host}, on this machine.`
                  : localOnly
                    ? `${chosen.name} (${new URL(chosen.baseUrl).host}) is not on this machine, and this workspace is local-only: it will be refused and nothing sent.`
                    : `Comment texts leave this machine: they go to ${chosen.name} at ${new URL(chosen.baseUrl).host}.`}
              </p>
            ) : null}
          </div>
        ) : null}
        {errors.form ? <InlineMessage tone="error">{errors.form}</InlineMessage> : null}
        {done ? <InlineMessage tone="success">{done}</InlineMessage> : null}
        <div className="form__actions">
          <Button type="submit" variant="primary" inactive={busy}>
            {busy ? 'Saving…' : 'Save analytics settings'}
          </Button>
          {saved.aiSentiment ? (
            <Button inactive={scoring.busy} onClick={() => void scoreNow()}>
              {scoring.busy ? 'Labelling…' : 'Label new comments with AI now'}
            </Button>
          ) : null}
        </div>
        {scoring.busy ? (
          <p className="field__hint">
            Labelling comments… <progress max={100} value={scoredPercent} aria-label="Labelling progress" /> {scoredPercent}%
          </p>
        ) : null}
        {scoring.message ? <InlineMessage tone="success">{scoring.message}</InlineMessage> : null}
        {scoring.error ? <InlineMessage tone="error">{scoring.error}</InlineMessage> : null}
      </form>
    </SettingsSection>
  );
}
