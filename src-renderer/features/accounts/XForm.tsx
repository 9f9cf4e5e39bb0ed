import { useEffect } from 'react';
import type { AppCredential } from '../../../src-shared/domain';
import { useAccounts } from '../../app/session-context';
import { Button } from '../../components/Button';
import type { ConnectFormProps } from './connect-request';
import { SignInOutcome } from './SignInOutcome';
import { useBrowserSignIn } from './useBrowserSignIn';
import { WaitingPanel } from './WaitingPanel';

export const DEVELOPER_APPS_HREF = '#/settings/developer-apps';

/** X lets only registered apps sign in: without the user's own developer app, say how to get one. */
export function XForm(props: ConnectFormProps) {
  const app = useAccounts((s) => s.credentials.find((c) => c.platform === 'x'));
  if (!app) {
    return (
      <div className="connect__setup">
        <p>
          X only lets apps registered in its developer portal sign in, so connecting an X account needs a developer app of your own.
          Create one in the X developer portal, then enter its Client ID in Settings. You do this once per workspace.
        </p>
        <p>
          <a href={DEVELOPER_APPS_HREF}>Set up your X developer app in Settings</a>
        </p>
      </div>
    );
  }
  return <XSignIn {...props} app={app} />;
}

function XSignIn({ workspaceId, prefill, app }: ConnectFormProps & { app: AppCredential }) {
  const { signIn, waiting, busy, error, start, cancel, startButtonRef } = useBrowserSignIn(workspaceId, 'x');

  useEffect(() => {
    if (prefill) startButtonRef.current?.focus();
    // Only when the form opens for a reconnect.
  }, []);

  if (waiting && signIn) return <WaitingPanel signIn={signIn} busy={busy} onCancel={() => void cancel()} />;
  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void start();
      }}
    >
      <p className="connect__intro">
        You sign in at X, in your browser, through your developer app (Client ID <code className="path">{app.clientId}</code>).{' '}
        <a href={DEVELOPER_APPS_HREF}>Change it in Settings</a>.
      </p>
      <SignInOutcome signIn={signIn} error={error} />
      <div className="form__actions">
        <Button ref={startButtonRef} type="submit" variant="primary" inactive={busy}>
          {busy ? 'Opening…' : 'Continue in browser'}
        </Button>
      </div>
    </form>
  );
}
