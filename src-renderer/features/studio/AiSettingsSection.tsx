import '../../styles/studio.css';
import { useEffect, useState } from 'react';
import type { Workspace } from '../../../src-shared/domain';
import type { AiProvider, AiSettings, ConnectionTest } from '../../../src-shared/ai';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/Checkbox';
import { InlineMessage } from '../../components/InlineMessage';
import { SettingsSection } from '../settings/SettingsSection';
import { BrandVoiceForm } from './BrandVoiceForm';
import { ProviderForm } from './ProviderForm';

export const AI_ANCHOR = 'ai';

/** Providers, local-only, the monthly cap and the brand voice of one workspace. */
export function AiSettingsSection({ workspace }: { workspace: Workspace }) {
  const { api } = useSession();
  const workspaceId = workspace.id;
  const [providers, setProviders] = useState<AiProvider[]>([]);
  const [settings, setSettings] = useState<AiSettings | null>(null);
  const [tests, setTests] = useState<Record<string, ConnectionTest | 'testing'>>({});
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);

  const load = () => {
    Promise.all([api.call('ai.listProviders', { workspaceId }), api.call('ai.getSettings', { workspaceId })]).then(
      ([p, s]) => {
        setProviders(p);
        setSettings(s);
      },
      (failure: unknown) => setMessage({ tone: 'error', text: errorMessage(failure) }),
    );
  };
  useEffect(load, [api, workspaceId]);

  const test = async (name: string) => {
    setTests((t) => ({ ...t, [name]: 'testing' }));
    try {
      const result = await api.call('ai.testProvider', { workspaceId, provider: name });
      setTests((t) => ({ ...t, [name]: result }));
    } catch (failure) {
      setTests((t) => ({ ...t, [name]: { ok: false, models: [], missingModels: [], error: { name: 'Error', message: errorMessage(failure) } } }));
    }
  };
  const remove = async (name: string) => {
    try {
      await api.call('ai.removeProvider', { workspaceId, provider: name });
      load();
    } catch (failure) {
      setMessage({ tone: 'error', text: errorMessage(failure) });
    }
  };
  const setLocalOnly = async (localOnly: boolean) => {
    const before = settings;
    // The box follows the click at once; the core's answer (or its refusal) then decides.
    setSettings((s) => (s ? { ...s, localOnly } : s));
    try {
      setSettings(await api.call('ai.updateSettings', { workspaceId, localOnly }));
    } catch (failure) {
      setSettings(before);
      setMessage({ tone: 'error', text: errorMessage(failure) });
    }
  };

  return (
    <SettingsSection anchor={AI_ANCHOR} title="AI" description={`The AI providers Studio uses for “${workspace.name}”, and how the brand sounds.`}>
      <Checkbox
        label="Local only"
        checked={settings?.localOnly ?? false}
        disabled={!settings}
        onChange={(e) => void setLocalOnly(e.target.checked)}
        hint="When on, PromoGPT sends briefs and prompts only to providers on this computer (127.0.0.1, ::1, localhost). Cloud providers stay listed but are refused, and none can be added."
      />
      {message ? <InlineMessage tone={message.tone}>{message.text}</InlineMessage> : null}
      <ul className="ai-providers" aria-label="AI providers">
        {providers.map((p) => {
          const t = tests[p.name];
          return (
            <li key={p.id} className="ai-provider" data-testid="ai-provider">
              <div>
                <strong>{p.name}</strong> · {p.local ? 'on this computer' : 'cloud'} · {p.baseUrl}
              </div>
              <div className="ai-provider__models">
                Text: {p.textModel}
                {p.imageModel ? ` · Pictures: ${p.imageModel}` : ''}
                {p.speechModel ? ` · Speech: ${p.speechModel}` : ''}
                {p.videoModel ? ` · Video: ${p.videoModel}` : ''} · Key: {p.hasKey ? 'in the OS keychain' : 'none'}
              </div>
              <p className="ai-provider__data">
                {p.local
                  ? 'Receives your briefs, brand voice and picture prompts; they stay on this computer.'
                  : `Receives your briefs, brand voice, picture prompts and speech text over the internet (${new URL(p.baseUrl).host}). Never your accounts, posts or files.`}
              </p>
              <div className="studio-actions">
                <Button onClick={() => void test(p.name)} inactive={t === 'testing'}>
                  {t === 'testing' ? 'Testing…' : 'Test connection'}
                </Button>
                <Button variant="danger" onClick={() => void remove(p.name)}>
                  Remove
                </Button>
              </div>
              {t && t !== 'testing' ? (
                <InlineMessage tone={t.ok ? 'success' : 'error'}>
                  {t.ok
                    ? `Connected: ${t.models.length} model(s) listed.${t.missingModels.length ? ` Not listed: ${t.missingModels.join(', ')}.` : ''}`
                    : (t.error?.message ?? 'Failed.')}
                </InlineMessage>
              ) : null}
            </li>
          );
        })}
      </ul>
      <ProviderForm workspaceId={workspaceId} localOnly={settings?.localOnly ?? false} onSaved={load} />
      {settings ? <BrandVoiceForm key={workspaceId} workspaceId={workspaceId} initial={settings.brandVoice} onSaved={setSettings} /> : null}
    </SettingsSection>
  );
}
