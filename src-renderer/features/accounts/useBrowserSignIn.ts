import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/error-message';
import { useAccounts } from '../../app/session-context';
import type { BrowserPlatform } from '../../store/accounts';

/**
 * A sign-in in the user's browser (Mastodon, X): asks the core for the sign-in page, opens it,
 * and follows the attempt in the store until the core says how it ended.
 */
export function useBrowserSignIn(workspaceId: string, platform: BrowserPlatform) {
  const signIn = useAccounts((s) => s.signIns.find((x) => x.workspaceId === workspaceId && x.platform === platform));
  const connectStart = useAccounts((s) => s.connectStart);
  const connectCancel = useAccounts((s) => s.connectCancel);
  const forgetSignIn = useAccounts((s) => s.forgetSignIn);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const waiting = signIn?.status === 'waiting';

  // When the waiting panel goes away, focus returns to the button that started it.
  const startButtonRef = useRef<HTMLButtonElement>(null);
  const wasWaiting = useRef(waiting);
  useEffect(() => {
    if (wasWaiting.current && !waiting) startButtonRef.current?.focus();
    wasWaiting.current = waiting;
  }, [waiting]);

  const start = async (instanceUrl?: string) => {
    if (busy || waiting) return;
    setBusy(true);
    setError(null);
    if (signIn) forgetSignIn(signIn.attemptId);
    try {
      const attempt = await connectStart(workspaceId, platform, instanceUrl);
      if (attempt.status === 'waiting') window.open(attempt.authorizationUrl, '_blank', 'noopener');
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (!signIn || busy) return;
    setBusy(true);
    try {
      await connectCancel(signIn.attemptId);
    } catch (failure) {
      // Whatever the core says, this window stops waiting; the message explains the rest.
      forgetSignIn(signIn.attemptId);
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const clearError = () => setError(null);
  return { signIn, waiting, busy, error, start, cancel, clearError, startButtonRef };
}
