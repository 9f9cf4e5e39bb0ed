import { useState } from 'react';
import type { FormEvent } from 'react';
import type { AppCredential } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { useAccounts } from '../../app/session-context';
import { Button } from '../../components/Button';
import { ExternalLink } from '../../components/ExternalLink';
import { InlineMessage } from '../../components/InlineMessage';
import { TextField } from '../../components/TextField';

const X_PORTAL = 'https://developer.x.com/en/portal/dashboard';

export const callbackUri = (port: string) => `http://127.0.0.1:${port || 'PORT'}/callback`;

/** A whole number in the range X and the operating system allow for a loopback callback, else null. */
function parsePort(typed: string): number | null {
  if (!/^\d{4,5}$/.test(typed.trim())) return null;
  const port = Number(typed.trim());
  return port >= 1024 && port <= 65535 ? port : null;
}

/** The user's own X developer app: its Client ID and the callback port registered with it. */
export function XAppForm({ workspaceId, saved }: { workspaceId: string; saved: AppCredential | undefined }) {
  const saveCredential = useAccounts((s) => s.saveCredential);
  const removeCredential = useAccounts((s) => s.removeCredential);
  const [clientId, setClientId] = useState(saved?.clientId ?? '');
  const [port, setPort] = useState(saved?.redirectPort ? String(saved.redirectPort) : '');
  const [problems, setProblems] = useState<{ clientId?: string; port?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<string>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await action());
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    const redirectPort = parsePort(port);
    const found = {
      ...(clientId.trim() ? {} : { clientId: 'Enter the Client ID shown for your app in the X developer portal.' }),
      ...(redirectPort ? {} : { port: 'Enter the port of the callback URI you registered: a number from 1024 to 65535.' }),
    };
    setProblems(found);
    if (found.clientId || found.port || !redirectPort) return;
    void run(async () => {
      await saveCredential(workspaceId, { platform: 'x', clientId: clientId.trim(), redirectPort });
      return 'Saved. X sign-ins in this workspace now use this app.';
    });
  };

  const remove = () =>
    void run(async () => {
      await removeCredential(workspaceId, 'x');
      setClientId('');
      setPort('');
      return 'Removed. To connect X accounts again, save an app here.';
    });

  return (
    <form className="form" onSubmit={save} noValidate>
      <ol className="steps">
        <li>
          In the <ExternalLink href={X_PORTAL}>X developer portal</ExternalLink>, create a project and an app.
        </li>
        <li>In the app’s user authentication settings, choose the permissions “Read and write” and the type “Native App”.</li>
        <li>Choose a port below and add the callback URI it shows to the app, exactly as shown.</li>
        <li>Copy the app’s OAuth 2.0 Client ID here and save.</li>
      </ol>
      <TextField
        label="Client ID"
        value={clientId}
        error={problems.clientId}
        onChange={(event) => {
          setClientId(event.target.value);
          setProblems((p) => ({ ...p, clientId: undefined }));
          setDone(null);
        }}
      />
      <TextField
        label="Redirect port"
        className="field--short"
        inputMode="numeric"
        maxLength={5}
        hint="A number from 1024 to 65535 that no other program on this computer uses."
        error={problems.port}
        value={port}
        onChange={(event) => {
          setPort(event.target.value.trim());
          setProblems((p) => ({ ...p, port: undefined }));
          setDone(null);
        }}
      />
      <p className="callback-uri">
        Callback URI to register at X: <code className="path">{callbackUri(port)}</code>
      </p>
      {saved ? <p className="muted">Saved for this workspace{saved.hasSecret ? '; secret stored in the keychain' : ''}.</p> : null}
      {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
      {done ? <InlineMessage tone="success">{done}</InlineMessage> : null}
      <div className="form__actions">
        {saved ? (
          <Button variant="ghost" inactive={busy} onClick={remove}>
            Remove
          </Button>
        ) : null}
        <Button type="submit" variant="primary" inactive={busy}>
          Save
        </Button>
      </div>
    </form>
  );
}
