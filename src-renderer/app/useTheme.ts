import { useEffect } from 'react';
import { applyTheme } from './theme';
import { useSettings } from './session-context';

/** Keeps <html data-theme> in step with the saved theme. */
export function useTheme(): void {
  const theme = useSettings((s) => s.settings?.theme ?? 'system');
  useEffect(() => applyTheme(theme), [theme]);
}
