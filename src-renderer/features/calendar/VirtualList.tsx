import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

export interface VirtualListProps {
  count: number;
  /** Every row is this tall (px): what makes windowing exact without measuring rows. */
  rowHeight: number;
  renderRow: (index: number) => ReactNode;
  rowKey: (index: number) => string;
  label: string;
  /** The viewport's height (px) until it can be measured, and its CSS max height. */
  height?: number;
  /** Rows drawn beyond each edge, so a fast scroll does not show blanks. */
  overscan?: number;
  className?: string;
}

// Day headings take focus too (tabindex -1), so arrows walk through every row.
const FOCUSABLE = 'button, a[href], [tabindex]';

/**
 * A list that draws only the rows in view (plus a few either side), so ten thousand rows scroll as
 * smoothly as ten. Arrow keys, Home and End move between rows and bring the next one into view.
 */
export function VirtualList({ count, rowHeight, renderRow, rowKey, label, height = 560, overscan = 6, className }: VirtualListProps) {
  const viewportRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(height);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);

  useLayoutEffect(() => {
    const element = viewportRef.current;
    if (!element) return;
    const measure = () => setViewport(element.clientHeight > 0 ? element.clientHeight : height);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [height]);

  // Fewer rows than before (a filter): stay inside the list.
  const maxScroll = Math.max(0, count * rowHeight - viewport);
  const top = Math.min(scrollTop, maxScroll);
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((top + viewport) / rowHeight) + overscan);

  useEffect(() => {
    if (focusIndex === null) return;
    const row = viewportRef.current?.querySelector<HTMLElement>(`[data-index="${focusIndex}"]`);
    const target = row?.querySelector<HTMLElement>(FOCUSABLE);
    if (target) {
      target.focus();
      setFocusIndex(null);
    }
  }, [focusIndex, first, last]);

  const goTo = (index: number) => {
    const element = viewportRef.current;
    if (!element) return;
    const rowTop = index * rowHeight;
    if (rowTop < element.scrollTop) element.scrollTop = rowTop;
    else if (rowTop + rowHeight > element.scrollTop + viewport) element.scrollTop = rowTop + rowHeight - viewport;
    setScrollTop(element.scrollTop);
    setFocusIndex(index);
  };

  const keyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!row || count === 0) return;
    const index = Number(row.dataset.index);
    const next =
      event.key === 'ArrowDown' ? index + 1 : event.key === 'ArrowUp' ? index - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? count - 1 : null;
    if (next === null) return;
    event.preventDefault();
    goTo(Math.max(0, Math.min(count - 1, next)));
  };

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={rowKey(i)} className="virtual-list__row" role="listitem" aria-setsize={count} aria-posinset={i + 1} data-index={i} style={{ top: i * rowHeight, height: rowHeight }}>
        {renderRow(i)}
      </div>,
    );
  }

  return (
    <div
      ref={viewportRef}
      className={['virtual-list', className].filter(Boolean).join(' ')}
      style={{ maxHeight: height }}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      onKeyDown={keyDown}
    >
      <div className="virtual-list__inner" role="list" aria-label={label} style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
