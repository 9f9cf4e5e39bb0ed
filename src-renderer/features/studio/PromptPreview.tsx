import { useEffect, useState } from 'react';
import type { PromptPreview as Preview } from '../../../src-shared/ai';
import { PLATFORM_NAMES, type Platform } from '../../../src-shared/platforms/platform';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';

/**
 * "What the model is sent": the exact messages, built by the core with the same code as the real
 * run and today's brand voice. Fetched only while open, a moment after the last keystroke.
 */
export function PromptPreview({ workspaceId, brief, platforms, variations }: { workspaceId: string; brief: string; platforms: Platform[]; variations: number }) {
  const { api } = useSession();
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<Preview[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    const timer = window.setTimeout(() => {
      api
        .call('studio.previewText', { workspaceId, brief, platforms, variations })
        .then((p) => live && (setPreview(p), setError(null)))
        .catch((failure: unknown) => live && setError(errorMessage(failure)));
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [open, brief, platforms, variations, api, workspaceId]);
  return (
    <details className="studio-preview" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>What the model is sent</summary>
      {error ? <p className="field__error">{error}</p> : null}
      {open && preview?.length === 0 ? <p className="studio-note">Choose a platform to see the messages.</p> : null}
      {preview?.map((p) => (
        <section key={`${p.platform}#${p.index}`} className="studio-preview__variant" data-testid="studio-prompt-preview">
          <h4>
            {PLATFORM_NAMES[p.platform]} · version {p.index + 1}
          </h4>
          {p.messages.map((m, n) => (
            <div key={n} className="studio-preview__message">
              <strong>{m.role}</strong>
              <pre>{m.content}</pre>
            </div>
          ))}
        </section>
      ))}
    </details>
  );
}
