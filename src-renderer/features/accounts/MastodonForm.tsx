import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { withScheme } from './addresses';
import type { ConnectFormProps } from './connect-request';
import { SignInOutcome } from './SignInOutcome';
import { useBrowserSignIn } from './useBrowserSignIn';
import { WaitingPanel } from './WaitingPanel';

/** Mastodon signs in on the user's own server, in the browser; PromoGPT registers itself there as needed. */
export function MastodonForm({ workspaceId, prefill }: ConnectFormProps) {
  const { signIn, waiting, busy, error, start, cancel, clearError, startButtonRef } = useBrowserSignIn(workspaceId, 'mastodon');
  const [instance, setInstance] = useState(prefill?.server ?? '');
  const [missing, setMissing] = useState(false);
  const fieldRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (prefill) startButtonRef.current?.focus();
    // Only when the form opens for a reconnect.
  }, []);

  if (waiting && signIn) return <WaitingPanel signIn={signIn} busy={busy} onCancel={() => void cancel()} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const instanceUrl = withScheme(instance);
    if (!instanceUrl) {
      setMissing(true);
      fieldRef.current?.focus();
      return;
    }
    void start(instanceUrl);
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="connect__intro">
        You sign in on your Mastodon server’s own page, in your browser. PromoGPT registers itself there the first time; there is
        nothing to set up.
      </p>
      <TextField
        ref={fieldRef}
        label="Instance address"
        placeholder="https://mastodon.social"
        hint="The server your account is on, for example https://mastodon.social."
        error={missing ? 'Enter the address of your Mastodon server, for example https://mastodon.social.' : null}
        inputMode="url"
        value={instance}
        onChange={(event) => {
          setInstance(event.target.value);
          setMissing(false);
          clearError();
        }}
      />
      <SignInOutcome signIn={signIn} error={error} />
      <div className="form__actions">
        <Button ref={startButtonRef} type="submit" variant="primary" inactive={busy}>
          {busy ? 'Opening…' : 'Continue in browser'}
        </Button>
      </div>
    </form>
  );
}
