import { useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { RenderRequest, RenderStatus } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { InlineMessage } from '../../components/InlineMessage';

export interface RenderDialogProps {
  title: string;
  /** What the render is made from and what it makes, in a sentence. */
  intro?: ReactNode;
  /** The request the form stands for; null while the form is not valid. */
  request: RenderRequest | null;
  /** Why the render button is off, in one sentence. */
  blocker: string | null;
  submitLabel: string;
  submit: (request: RenderRequest) => Promise<RenderStatus>;
  onQueued: (render: RenderStatus) => void;
  onClose: () => void;
  /** More buttons beside the render button (a preview). */
  extraActions?: ReactNode;
  children: ReactNode;
}

/** A render's options in a dialog: the button stays off while they are not valid and says why; the core's refusal keeps the input. */
export function RenderDialog({ title, intro, request, blocker, submitLabel, submit, onQueued, onClose, extraActions, children }: RenderDialogProps) {
  const reasonId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !request || blocker) return;
    setBusy(true);
    setError(null);
    try {
      onQueued(await submit(request));
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <Dialog title={title} onClose={onClose}>
      <form className="form media-form" onSubmit={(event) => void send(event)} noValidate>
        {intro ? <p className="dialog__text">{intro}</p> : null}
        {children}
        {blocker ? (
          <p id={reasonId} className="field__hint media-form__blocker">
            {blocker}
          </p>
        ) : null}
        {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
        <div className="form__actions">
          <Button onClick={onClose}>Cancel</Button>
          {extraActions}
          <Button type="submit" variant="primary" disabled={Boolean(blocker) || !request} inactive={busy} aria-describedby={blocker ? reasonId : undefined}>
            {busy ? 'Queueing…' : submitLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
