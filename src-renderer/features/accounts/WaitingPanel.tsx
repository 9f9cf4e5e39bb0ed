import { useEffect, useRef } from 'react';
import { Button } from '../../components/Button';
import { ExternalLink } from '../../components/ExternalLink';
import type { SignIn } from '../../store/accounts';

/** While the user approves PromoGPT at the platform: a way back to that page, and a way out. */
export function WaitingPanel({ signIn, busy, onCancel }: { signIn: SignIn; busy: boolean; onCancel: () => void }) {
  const textRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => textRef.current?.focus(), []);
  return (
    <div className="waiting">
      <span className="waiting__spinner" aria-hidden="true" />
      <div className="waiting__body">
        <p ref={textRef} className="waiting__text" role="status" tabIndex={-1}>
          Approve PromoGPT in the browser tab that opened. Waiting…
        </p>
        <p className="waiting__hint">
          No tab opened, or closed it? <ExternalLink href={signIn.authorizationUrl}>Open the sign-in page again</ExternalLink>
        </p>
      </div>
      <Button onClick={onCancel} inactive={busy}>
        Cancel
      </Button>
    </div>
  );
}
