import type { Theme } from '../../src-shared/domain';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function systemPrefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches;
}

/** Sets data-theme on <html> to 'light' or 'dark'; 'system' follows the OS and keeps following it. */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): () => void {
  const apply = () => {
    const dark = theme === 'dark' || (theme === 'system' && systemPrefersDark());
    root.dataset.theme = dark ? 'dark' : 'light';
    root.dataset.themeSetting = theme;
  };
  apply();
  if (theme !== 'system' || typeof window.matchMedia !== 'function') return () => {};
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener('change', apply);
  return () => query.removeEventListener('change', apply);
}
