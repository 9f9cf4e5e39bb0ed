import { useSyncExternalStore } from 'react';
import type { PageId } from './routes';
import { pageFromHash } from './routes';

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

/** The page named in the URL hash, so a reload stays where the user was. */
export function useHashRoute(): PageId {
  return useSyncExternalStore(subscribe, () => pageFromHash(window.location.hash));
}
