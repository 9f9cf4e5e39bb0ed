import { useState } from 'react';
import type { FormEvent } from 'react';
import { errorMessage } from '../../api/error-message';
import { useSettings } from '../../app/session-context';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { TextField } from '../../components/TextField';

/** The address where the user hosts PromoGPT's OAuth relay page (resources/oauth-relay/index.html). */
export function RelayUrlForm() {
  const saved = useSettings((s) => s.settings?.oauthRelayUrl ?? null);
  const update = useSettings((s) => s.update);
  const [url, setUrl] = useState(saved ?? '');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const save = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    update({ oauthRelayUrl: url.trim() ? url.trim() : null }).then(
      (s) => setDone(s.oauthRelayUrl ? 'Saved. Platforms that need an https redirect will use this relay.' : 'Removed.'),
      (failure: unknown) => setError(errorMessage(failure)),
    );
  };

  return (
    <form className="form" onSubmit={save} noValidate>
      <p>
        Host the file <code>resources/oauth-relay/index.html</code> from the PromoGPT folder on any https site you control, register
        its address as the redirect URI of your developer app, and enter it here. It only forwards the sign-in answer to PromoGPT
        on this computer.
      </p>
      <TextField label="OAuth relay address" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/promogpt-relay.html" />
      {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
      {done ? <InlineMessage tone="success">{done}</InlineMessage> : null}
      <div className="form__actions">
        <Button type="submit">Save relay</Button>
      </div>
    </form>
  );
}
