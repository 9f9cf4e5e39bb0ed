import { useId } from 'react';
import type { Notice } from '../../src-shared/domain';
import { CloseIcon } from '../components/icons';
import { noticesFor } from '../store/notices';
import { useNotices, useWorkspaces } from './session-context';

/** Newest first, and never more than this many on screen at once. */
const SHOWN = 4;

function NoticeCard({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  const messageId = useId();
  return (
    // A problem is its own alert, announced the moment it appears; the rest sit in the polite region.
    <div className={`toast toast--${notice.level}`} role={notice.level === 'problem' ? 'alert' : undefined}>
      <p id={messageId} className="toast__message">
        {notice.message}
      </p>
      <button type="button" className="toast__dismiss" aria-label="Dismiss" aria-describedby={messageId} onClick={onDismiss}>
        <CloseIcon />
      </button>
    </div>
  );
}

/**
 * What the core wants the user to see now (an account needs reconnecting, a rate limit), in a
 * corner until dismissed. Problems are announced at once; the rest politely, through a region
 * that is always in the page so screen readers pick up what is added to it.
 */
export function NoticeStack() {
  const currentId = useWorkspaces((s) => s.currentId);
  const all = useNotices((s) => s.notices);
  const dismiss = useNotices((s) => s.dismiss);
  const shown = noticesFor(all, currentId).slice(-SHOWN).reverse();
  const card = (notice: Notice) => <NoticeCard key={notice.id} notice={notice} onDismiss={() => dismiss(notice.id)} />;
  return (
    <div className="toasts">
      {shown.filter((n) => n.level === 'problem').map(card)}
      <div className="toasts__group" role="status" aria-live="polite">
        {shown.filter((n) => n.level !== 'problem').map(card)}
      </div>
    </div>
  );
}
