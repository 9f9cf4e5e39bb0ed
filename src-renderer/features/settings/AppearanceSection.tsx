import { useState } from 'react';
import type { Theme } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { useSettings } from '../../app/session-context';
import { InlineMessage } from '../../components/InlineMessage';
import { SettingsSection } from './SettingsSection';

const THEMES: { value: Theme; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function AppearanceSection() {
  const saved = useSettings((s) => s.settings?.theme ?? 'system');
  const update = useSettings((s) => s.update);
  const [choosing, setChoosing] = useState<Theme | null>(null);
  const [error, setError] = useState<string | null>(null);

  const choose = async (theme: Theme) => {
    setChoosing(theme);
    setError(null);
    try {
      await update({ theme });
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setChoosing(null);
    }
  };

  const shown = choosing ?? saved;
  return (
    <SettingsSection title="Appearance" description="System follows your operating system’s light or dark setting.">
      <fieldset className="choice">
        <legend className="choice__legend">Theme</legend>
        <div className="segmented">
          {THEMES.map((t) => (
            <label key={t.value} className="segmented__option">
              <input type="radio" name="theme" value={t.value} checked={shown === t.value} onChange={() => void choose(t.value)} />
              <span>{t.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
    </SettingsSection>
  );
}
