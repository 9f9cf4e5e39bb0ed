import { useState, type DragEvent } from 'react';

/**
 * Drop targets for a dragged calendar entry (month days, week hours): which one the entry is
 * over, for the highlight, and the handlers that accept the drop there.
 */
export function useDropTargets(dragging: boolean, onDrop: (key: string) => void) {
  const [over, setOver] = useState<string | null>(null);
  const handlersFor = (key: string) => ({
    onDragOver: (event: DragEvent) => {
      if (!dragging) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
      if (over !== key) setOver(key);
    },
    onDragLeave: (event: DragEvent) => {
      // Moving onto a chip inside the target is not leaving it.
      if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget))) setOver((current) => (current === key ? null : current));
    },
    onDrop: (event: DragEvent) => {
      event.preventDefault();
      setOver(null);
      onDrop(key);
    },
  });
  return { over, handlersFor };
}
