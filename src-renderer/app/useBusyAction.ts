import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../api/error-message';

/**
 * One action at a time for a small editor: `run` refuses while another is under way, shows
 * which one is busy, and keeps the failure's message for the form. Resolves true on success.
 */
export function useBusyAction<Name extends string>() {
  const [busy, setBusy] = useState<Name | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The state lags a render behind; the ref refuses a second click in the same tick.
  const running = useRef(false);

  const run = useCallback(async (name: Name, action: () => Promise<unknown>): Promise<boolean> => {
    if (running.current) return false;
    running.current = true;
    setBusy(name);
    setError(null);
    try {
      await action();
      return true;
    } catch (failure) {
      setError(errorMessage(failure));
      return false;
    } finally {
      running.current = false;
      setBusy(null);
    }
  }, []);

  return { busy, error, setError, run };
}
