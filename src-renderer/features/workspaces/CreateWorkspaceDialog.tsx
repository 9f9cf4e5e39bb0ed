import type { RefObject } from 'react';
import { Dialog } from '../../components/Dialog';
import { CreateWorkspaceForm } from './CreateWorkspaceForm';

export function CreateWorkspaceDialog({ onClose, returnFocusRef }: { onClose: () => void; returnFocusRef?: RefObject<HTMLElement | null> }) {
  return (
    <Dialog title="New workspace" onClose={onClose} returnFocusRef={returnFocusRef}>
      <p className="dialog__text">
        One workspace per brand or client. Its accounts, posts, media and analytics stay in its own folder on this machine.
      </p>
      <CreateWorkspaceForm onCreated={onClose} onCancel={onClose} />
    </Dialog>
  );
}
