import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { errorMessage } from '../../api/error-message';
import { useAccounts } from '../../app/session-context';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { TextField } from '../../components/TextField';
import { withScheme } from './addresses';
import type { ConnectFormProps } from './connect-request';

export const BLUESKY_SERVER = 'https://bsky.social';

/**
 * Bluesky signs in with an app password, right here. The password lives only in this form's
 * state until it is sent, and the field is emptied whatever the outcome.
 */
export function BlueskyForm({ workspaceId, prefill }: ConnectFormProps) {
  const connect = useAccounts((s) => s.connectBluesky);
  const [server, setServer] = useState(prefill?.server ?? BLUESKY_SERVER);
  const [identifier, setIdentifier] = useState(prefill?.handle ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<{ identifier?: boolean; password?: boolean }>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (prefill) passwordRef.current?.focus();
    // Only when the form opens for a reconnect.
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const empty = { identifier: !identifier.trim(), password: !password };
    setMissing(empty);
    if (empty.identifier || empty.password) return;
    const appPassword = password;
    setPassword('');
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const account = await connect(workspaceId, { service: withScheme(server) || undefined, identifier, appPassword });
      setIdentifier('');
      setDone(`Connected ${account.handle}. It is listed under Connected accounts.`);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const edited = () => {
    setError(null);
    setDone(null);
    setMissing({});
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="connect__intro">
        Sign in with an app password: a separate password Bluesky makes for apps like PromoGPT, which you can revoke at any time.
      </p>
      <TextField
        label="Server"
        hint="Leave as it is unless your account lives on its own server (a self-hosted PDS)."
        value={server}
        inputMode="url"
        onChange={(event) => {
          setServer(event.target.value);
          edited();
        }}
      />
      <TextField
        label="Handle or email"
        hint="For example alice.bsky.social."
        error={missing.identifier ? 'Enter your handle, for example alice.bsky.social, or the email of the account.' : null}
        value={identifier}
        onChange={(event) => {
          setIdentifier(event.target.value);
          edited();
        }}
      />
      <TextField
        ref={passwordRef}
        label="App password"
        type="password"
        autoComplete="off"
        hint="Create one in Bluesky under Settings → Privacy and security → App passwords. Never enter your main password here."
        error={missing.password ? 'Enter an app password. Create one in Bluesky under Settings → Privacy and security → App passwords.' : null}
        value={password}
        onChange={(event) => {
          setPassword(event.target.value);
          edited();
        }}
      />
      {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
      {done ? <InlineMessage tone="success">{done}</InlineMessage> : null}
      <div className="form__actions">
        <Button type="submit" variant="primary" inactive={busy}>
          {busy ? 'Connecting…' : 'Connect Bluesky'}
        </Button>
      </div>
    </form>
  );
}
