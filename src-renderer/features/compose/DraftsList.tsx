import { useCallback, useEffect, useState } from 'react';
import type { Post } from '../../../src-shared/domain';
import type { Api } from '../../api/client';
import { errorMessage } from '../../api/error-message';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { formatInstant } from './format-time';
import { systemTimeZone } from '../../../src-shared/schedule/zoned-time';

const excerpt = (post: Post) => {
  const text = (post.draft?.text ?? post.text).trim().replace(/\s+/g, ' ');
  return text.length > 80 ? `${text.slice(0, 79)}…` : text || '(no text yet)';
};

/** The workspace's saved drafts, newest first, to open again or delete. */
export function DraftsList({
  api,
  workspaceId,
  openDraftId,
  onOpen,
  onDeleted,
}: {
  api: Api;
  workspaceId: string;
  openDraftId: string | null;
  onOpen: (draftId: string) => void;
  onDeleted: (draftId: string) => void;
}) {
  const [drafts, setDrafts] = useState<Post[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const list = await api.call('post.list', { workspaceId, status: 'draft', limit: 100 });
      setDrafts([...list].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)));
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [api, workspaceId]);

  useEffect(() => {
    void load();
    return api.on('posts.changed', (payload) => {
      if (payload.workspaceId === workspaceId) void load();
    });
  }, [api, workspaceId, load]);

  const remove = async (postId: string) => {
    setConfirming(null);
    try {
      await api.call('post.deleteDraft', { workspaceId, postId });
      onDeleted(postId);
      await load();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  const zone = systemTimeZone();
  return (
    <section className="compose-drafts" aria-labelledby="compose-drafts-title">
      <h2 id="compose-drafts-title" className="compose-section__title">
        Drafts
      </h2>
      {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
      {drafts === null ? <p className="muted">Loading drafts…</p> : null}
      {drafts?.length === 0 ? <p className="muted">No saved drafts. What you write here is saved as a draft as you type.</p> : null}
      {drafts && drafts.length > 0 ? (
        <ul className="boxed-list compose-drafts__list" aria-label="Saved drafts">
          {drafts.map((draft) => (
            <li key={draft.id} className="compose-drafts__item" aria-current={draft.id === openDraftId ? 'true' : undefined}>
              <p className="compose-drafts__text">{excerpt(draft)}</p>
              <p className="compose-drafts__meta">
                {draft.id === openDraftId ? 'Open in the composer · ' : ''}saved {formatInstant(draft.updatedAt, zone)}
              </p>
              {confirming === draft.id ? (
                <div className="compose-drafts__actions">
                  <span>Delete this draft for good?</span>
                  <Button variant="danger" onClick={() => void remove(draft.id)}>
                    Delete draft
                  </Button>
                  <Button onClick={() => setConfirming(null)}>Keep it</Button>
                </div>
              ) : (
                <div className="compose-drafts__actions">
                  {draft.id === openDraftId ? null : (
                    <Button onClick={() => onOpen(draft.id)} aria-label={`Open draft: ${excerpt(draft)}`}>
                      Open
                    </Button>
                  )}
                  <Button variant="ghost" onClick={() => setConfirming(draft.id)} aria-label={`Delete draft: ${excerpt(draft)}`}>
                    Delete…
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
